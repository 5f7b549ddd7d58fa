// One stored document: its text with every event's actors and trigger marked, and its events.
"use strict";

(function () {
  const d = window.dyad;
  const { el } = d;

  async function start() {
    const app = document.getElementById("app");
    const id = decodeURIComponent(window.location.pathname.split("/").pop());
    try {
      const doc = await d.api(`/api/documents/${encodeURIComponent(id)}`);
      document.getElementById("title").textContent = doc.title || doc.doc_id;
      app.append(el("p", { class: "muted" }, [doc.date || "undated", doc.source, doc.doc_id].filter(Boolean).join(" · "),
        doc.url ? [" · ", el("a", { href: doc.url, rel: "noopener noreferrer" }, "source page")] : null));
      app.append(d.highlightLegend());
      const box = d.renderHighlighted(app, doc.text, doc.highlights, doc.events, { onSelect: select });
      const table = d.eventTable(doc.events);
      table.id = "events";
      table.querySelectorAll("tbody tr").forEach((tr) => tr.addEventListener("mouseenter", () => d.selectEvent(box, Number(tr.dataset.event))));
      app.append(el("h2", {}, `${doc.events.length} event${doc.events.length === 1 ? "" : "s"}`), table);
      function select(i) {
        table.querySelectorAll("tbody tr").forEach((tr) => tr.classList.toggle("selected", tr.dataset.event === String(i)));
      }
    } catch (error) {
      d.showError(app, error);
    }
  }

  document.addEventListener("DOMContentLoaded", start);
})();
