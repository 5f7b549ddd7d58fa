// Analyse page: paste text or upload a file; show the highlighted text, the events, framing and claims.
"use strict";

(function () {
  const d = window.dyad;
  const { el } = d;

  const EXAMPLE = "BAGHDAD — Iraqi forces attacked Islamic State fighters near Mosul on Tuesday. Iran's foreign " +
    "minister met the Iraqi prime minister in Baghdad and promised $500 million in aid, up from $200 million " +
    "last year.";

  function start() {
    const app = document.getElementById("app");
    const text = el("textarea", { id: "text", name: "text", placeholder: "Paste news text here…",
                                  "aria-label": "news text" });
    text.value = EXAMPLE;
    const date = el("input", { type: "date", id: "date", name: "date", "aria-label": "date of the text" });
    const file = el("input", { type: "file", id: "file", accept: ".txt,.text,.md,.html,.htm" });
    const go = el("button", { type: "submit", id: "analyse" }, "Analyse");
    const upload = el("button", { type: "button", class: "secondary", id: "upload" }, "Analyse file");
    const form = el("form", { class: "analyse-input", id: "analyse-form" }, text,
      el("div", { class: "row" }, el("label", { class: "small" }, "date ", date), go,
        el("span", { class: "muted" }, "or"), file, upload));
    const out = el("div", { id: "result" });
    app.append(form, out);

    async function run(request) {
      d.clear(out);
      go.disabled = upload.disabled = true;
      d.busy(out, "Coding… (the first request loads the language model, which takes a while)");
      try {
        const result = await request();
        d.clear(out);
        show(out, result);
      } catch (error) {
        d.clear(out);
        d.showError(out, error);
      } finally {
        go.disabled = upload.disabled = false;
      }
    }

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      run(() => d.api("/api/analyse", {
        method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ text: text.value, date: date.value || null }),
      }));
    });
    upload.addEventListener("click", () => {
      if (!file.files.length) { d.clear(out); d.showError(out, new Error("choose a file first")); return; }
      const body = new FormData();
      body.append("file", file.files[0]);
      if (date.value) body.append("date", date.value);
      run(() => d.api("/api/analyse/file", { method: "POST", body }));
    });
  }

  function show(out, result) {
    out.append(el("h2", {}, `${result.events.length} event${result.events.length === 1 ? "" : "s"}`),
      d.highlightLegend());
    const box = d.renderHighlighted(out, result.text, result.highlights, result.events, { onSelect: selectRow });
    const table = d.eventTable(result.events, { highlightable: true, onSelect: (i) => { d.selectEvent(box, i); selectRow(i); } });
    table.id = "events";
    out.append(el("h2", {}, "Events"), result.events.length ? table :
      el("p", { class: "muted" }, "No events coded in this text."));
    function selectRow(i) {
      table.querySelectorAll("tbody tr").forEach((tr) => tr.classList.toggle("selected", tr.dataset.event === String(i)));
    }
    const columns = el("div", { class: "grid2" });
    columns.append(framing(result.framing, result.tone), claims(result.claims));
    out.append(columns, places(result.places));
  }

  function framing(report, tone) {
    const box = el("section", { class: "report", id: "framing" }, el("h2", {}, "Framing"));
    if (!report) { box.append(el("p", { class: "muted" }, "No framing report.")); return box; }
    const signals = Object.entries(report.signals || {}).filter(([, s]) => s.count > 0);
    box.append(el("dl", {},
      el("dt", {}, "reads as"), el("dd", {}, el("b", {}, report.label), ` (opinion score ${d.num(report.opinion_score, 2)})`),
      el("dt", {}, "words, sentences"), el("dd", {}, `${report.word_count}, ${report.sentence_count}`),
      tone ? [el("dt", {}, "tone"), el("dd", {}, `${d.num(tone.compound, 2)} (VADER compound), ` +
                                                   `${d.num(tone.gdelt_tone, 1)} (GDELT-style)`)] : null,
      el("dt", {}, "signals"), el("dd", {}, signals.length ? signals.map(([name, s]) =>
        el("span", { class: "pill", title: (s.examples || []).join(", ") }, `${name.replace(/_/g, " ")} ×${s.count}`))
        : "none")));
    if ((report.loaded_language || []).length) {
      box.append(el("h3", { class: "small" }, "Loaded language"),
        el("div", {}, report.loaded_language.map((s) => el("span", { class: "pill", title: s.category }, s.text))));
    }
    if ((report.stance || []).length) {
      box.append(el("h3", { class: "small" }, "Stance toward actors"));
      const table = el("table", { class: "data" }, el("thead", {}, el("tr", {},
        ["actor", "code", "stance", "score", "mentions"].map((h) => el("th", {}, h)))));
      const body = el("tbody");
      for (const s of report.stance) {
        body.append(el("tr", {}, el("td", {}, s.actor), el("td", {}, s.code),
          el("td", {}, el("span", { class: "pill " + (s.score < 0 ? "neg" : s.score > 0 ? "pos" : "") }, s.label)),
          el("td", { class: "num" }, d.num(s.score, 2)), el("td", { class: "num" }, s.mentions)));
      }
      table.append(body);
      box.append(table);
    }
    return box;
  }

  function claims(list) {
    const box = el("section", { class: "report", id: "claims" }, el("h2", {}, "Claims"));
    if (!list || !list.length) { box.append(el("p", { class: "muted" }, "No checkable quantity claims.")); return box; }
    const ul = el("ul", { class: "claims" });
    for (const c of list) {
      const quantities = (c.quantities || []).map((q) => el("span", { class: "pill", title: `${q.kind} ${q.role || ""}` },
        q.text));
      const implications = (c.implied || []).map((i) => el("div", { class: "small muted" }, "implies: ", i.statement));
      const who = c.attributed_to ? el("div", { class: "small muted" }, `according to ${c.attributed_to}`) : null;
      ul.append(el("li", {}, el("div", {}, c.sentence), el("div", {}, quantities), who, implications));
    }
    box.append(ul);
    return box;
  }

  function places(list) {
    const box = el("section", { id: "places" }, el("h2", {}, "Places"));
    if (!list || !list.length) { box.append(el("p", { class: "muted" }, "No places found.")); return box; }
    box.append(el("div", {}, list.map((p) => el("span", { class: "pill", title: `${p.lat}, ${p.lon} (${p.found_by})` },
      `${p.text} → ${p.name}, ${p.country}`))));
    return box;
  }

  document.addEventListener("DOMContentLoaded", start);
})();
