// One stored event: its sentence with source, trigger and target marked, its fields, and its document.
"use strict";

(function () {
  const d = window.dyad;
  const { el } = d;

  async function start() {
    const app = document.getElementById("app");
    const id = decodeURIComponent(window.location.pathname.split("/").pop());
    try {
      const e = await d.api(`/api/events/${encodeURIComponent(id)}`);
      document.getElementById("title").textContent = `${e.code} ${e.name}: ${e.source} → ${e.target}`;
      app.append(d.highlightLegend());
      d.renderHighlighted(app, e.sentence || "", e.highlights, [e]);
      const fields = [["event id", e.event_id], ["date", e.date || "–"], ["source", `${e.source} (${e.source_text})`],
        ["target", `${e.target} (${e.target_text})`], ["event", `${e.code} ${e.name}`],
        ["quad class", d.QUADS[e.quad_class]], ["Goldstein", d.num(e.goldstein, 1)],
        ["confidence", d.num(e.confidence, 2)], ["trigger", e.trigger_text], ["rule", e.pattern_id],
        ["PLOVER", e.plover || "–"], ["sentence", `${e.sentence_index + 1} of ${e.n_sentences}`]];
      const dl = el("dl", {}, fields.map(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]),
        el("dt", {}, "flags"), el("dd", {}, d.flags(e).length ? d.flags(e) : "none"),
        el("dt", {}, "document"), el("dd", {}, el("a", { href: `/documents/${encodeURIComponent(e.doc_id)}`, id: "doc-link" },
          e.title || e.doc_id), e.url ? [" · ", el("a", { href: e.url, rel: "noopener noreferrer" }, "source page")] : null));
      app.append(el("section", { class: "report" }, el("h2", {}, "Event"), dl));
    } catch (error) {
      d.showError(app, error);
    }
  }

  document.addEventListener("DOMContentLoaded", start);
})();
