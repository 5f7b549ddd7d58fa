// Influence chart: each actor's influence/alignment index on a target per period, with bootstrap bands
// (GET /api/influence, the numbers of `dyad influence`).
"use strict";

(function () {
  const d = window.dyad;
  const { el } = d;
  const PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"];

  function start() {
    const app = document.getElementById("app");
    const out = el("div", { id: "result" });
    d.filterForm(app, {
      common: false,
      fields: [
        { name: "target", label: "target", value: "IRQ", class: "codes", required: true },
        { name: "actors", label: "actors", value: "USA,IRN", class: "codes", required: true },
        { name: "by", label: "period", options: [["year", "year"], ["quarter", "quarter"], ["month", "month"]], value: "year" },
        { name: "boot", label: "bootstrap replicates", type: "number", value: "1000", min: 0, max: 5000 },
        { name: "start", label: "from", type: "date" },
        { name: "end", label: "to", type: "date" },
      ],
      onSubmit: (values) => load(out, values),
    });
    app.append(out);
  }

  async function load(out, values) {
    d.clear(out);
    if (!values.target || !values.actors) { d.showError(out, new Error("give a target and at least one actor")); return; }
    d.busy(out);
    try {
      const data = await d.api(`/api/influence?${d.query(values)}`);
      d.clear(out);
      out.append(el("h2", {}, `Influence on ${data.target}: ${data.actors.join(", ")}`),
        el("p", { class: "muted small" }, `Goldstein-weighted balance with ${data.target}, both directions, over ` +
          `${data.target}'s total external interaction weight; bands: ${Math.round(data.confidence * 100)}% ` +
          "bootstrap intervals over documents."));
      if (!data.rows.length) { out.append(el("p", { class: "muted" }, "No events between the target and these actors.")); return; }
      const periods = Array.from(new Set(data.rows.map((r) => r.period))).sort();
      const series = data.actors.map((actor, k) => {
        const byPeriod = new Map(data.rows.filter((r) => r.actor === actor).map((r) => [r.period, r]));
        const pick = (f) => periods.map((p) => (byPeriod.has(p) && byPeriod.get(p)[f] !== null ? byPeriod.get(p)[f] : NaN));
        return { name: actor, color: PALETTE[k % PALETTE.length], values: pick("index"), low: pick("ci_low"),
                 high: pick("ci_high"), notes: periods.map((p) => {
                   const r = byPeriod.get(p);
                   return r ? `${r.events} events (${r.to_target} to, ${r.from_target} from ${r.target}); ` +
                              `cooperation ${d.num(r.cooperation, 1)}, conflict ${d.num(r.conflict, 1)}` : "";
                 }) };
      });
      d.charts.lineChart(out, { kind: "influence", labels: periods, series, zero: true,
                                yLabel: "influence index (−1 conflict … +1 cooperation)" });
    } catch (error) {
      d.clear(out);
      d.showError(out, error);
    }
  }

  document.addEventListener("DOMContentLoaded", start);
})();
