// Dyad timeline: events from one actor to another per period, stacked by quad class (GET /api/dyads).
"use strict";

(function () {
  const d = window.dyad;
  const { el } = d;
  const QUAD_SERIES = [["verbal_cooperation", "verbal cooperation", "#56B4E9"],
                       ["material_cooperation", "material cooperation", "#0072B2"],
                       ["verbal_conflict", "verbal conflict", "#E69F00"],
                       ["material_conflict", "material conflict", "#D55E00"]];

  function start() {
    const app = document.getElementById("app");
    const actors = (d.params().get("actors") || "").split(",").filter(Boolean);
    const out = el("div", { id: "result" });
    d.filterForm(app, {
      common: false,
      fields: [
        { name: "source", label: "source actor", value: actors[0] || "USA", class: "codes", required: true },
        { name: "target", label: "target actor", value: actors[1] || "IRQ", class: "codes", required: true },
        { name: "by", label: "period", options: [["month", "month"], ["quarter", "quarter"], ["year", "year"]], value: "year" },
        { name: "start", label: "from", type: "date" },
        { name: "end", label: "to", type: "date" },
      ],
      onSubmit: (values) => load(out, values),
    });
    app.append(out);
  }

  async function load(out, values) {
    d.clear(out);
    if (!values.source || !values.target) { d.showError(out, new Error("give a source and a target actor")); return; }
    d.busy(out);
    try {
      const q = d.query({ source: values.source, target: values.target, by: values.by, start: values.start, end: values.end });
      const data = await d.api(`/api/dyads?${q}`);
      d.clear(out);
      out.append(el("h2", {}, `${data.source} → ${data.target}, per ${data.by}`));
      if (!data.rows.length) { out.append(el("p", { class: "muted" }, "No events between these actors.")); return; }
      const labels = data.rows.map((r) => r.period);
      d.charts.stackedBars(out, {
        kind: "timeline", labels, yLabel: "events (one a day per dyad and code)",
        series: QUAD_SERIES.map(([key, name, color]) => ({ name, color, values: data.rows.map((r) => r[key]) })),
        notes: data.rows.map((r) => `Goldstein sum ${d.num(r.goldstein_sum, 1)}, mean ${d.num(r.goldstein_mean, 2)}`),
      });
      const table = el("table", { class: "data" }, el("thead", {}, el("tr", {},
        ["period", "events", ...QUAD_SERIES.map((s) => s[1]), "Goldstein mean"].map((h) => el("th", {}, h)))));
      const body = el("tbody");
      for (const r of data.rows) {
        body.append(el("tr", {}, el("td", {}, r.period), el("td", { class: "num" }, r.events),
          QUAD_SERIES.map(([key]) => el("td", { class: "num" }, r[key])),
          el("td", { class: "num" }, d.num(r.goldstein_mean, 2))));
      }
      table.append(body);
      out.append(el("details", {}, el("summary", {}, "Numbers"), table));
    } catch (error) {
      d.clear(out);
      d.showError(out, error);
    }
  }

  document.addEventListener("DOMContentLoaded", start);
})();
