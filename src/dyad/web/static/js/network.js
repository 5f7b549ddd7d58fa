// Actor network: who acts on whom; edges coloured by cooperation or conflict, drawn thicker with volume.
"use strict";

(function () {
  const d = window.dyad;
  const { el } = d;

  function start() {
    const app = document.getElementById("app");
    const out = el("div", { id: "result" });
    d.filterForm(app, {
      fields: [
        { name: "level", label: "actors as", options: [["country", "countries"], ["actor", "full codes"]], value: "country" },
        { name: "limit", label: "edges", type: "number", value: "60", min: 1, max: 500 },
      ],
      onSubmit: (values) => load(out, values),
    });
    app.append(out);
  }

  async function load(out, values) {
    d.clear(out);
    d.busy(out);
    try {
      const data = await d.api(`/api/network?${d.filterQuery(values, { level: values.level, limit: values.limit })}`);
      d.clear(out);
      out.append(el("div", { class: "legend" },
        el("span", {}, el("span", { class: "sw sw-coop" }), "mostly cooperation (quad 1-2)"),
        el("span", {}, el("span", { class: "sw sw-conf" }), "mostly conflict (quad 3-4)"),
        el("span", { class: "muted" }, `${data.nodes.length} actors, ${data.edges.length} edges; width: events; ` +
                                       "arrow: source → target")));
      if (!data.edges.length) { out.append(el("p", { class: "muted" }, "No events between different actors.")); return; }
      d.charts.network(out, data.nodes, data.edges);
    } catch (error) {
      d.clear(out);
      d.showError(out, error);
    }
  }

  document.addEventListener("DOMContentLoaded", start);
})();
