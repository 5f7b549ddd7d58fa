// Map of event locations over the bundled Natural Earth world outline (no tiles, works offline).
"use strict";

(function () {
  const d = window.dyad;
  const { el } = d;
  let world = null;

  function start() {
    const app = document.getElementById("app");
    const out = el("div", { id: "result" });
    d.filterForm(app, {
      fields: [{ name: "limit", label: "newest events to locate", type: "number", value: "200", min: 1, max: 2000 }],
      onSubmit: (values) => load(out, values),
    });
    app.append(out);
  }

  async function load(out, values) {
    d.clear(out);
    d.busy(out, "Locating events… (each new document is parsed once, then remembered)");
    try {
      world = world || await d.api("/static/world/countries-110m.geojson");
      const data = await d.api(`/api/map?${d.filterQuery(values, { limit: values.limit })}`);
      d.clear(out);
      out.append(el("p", { class: "muted", id: "map-summary" },
        `${d.num(data.located, 0)} of the newest ${d.num(data.considered, 0)} matching events located ` +
        `(${d.num(data.matching, 0)} match in all), at ${data.points.length} places.`));
      const list = el("div", { id: "place-events" });
      d.charts.worldMap(out, world, data.points, { onSelect: (p) => showPlace(list, p) });
      out.append(list);
    } catch (error) {
      d.clear(out);
      d.showError(out, error);
    }
  }

  async function showPlace(list, point) {
    d.clear(list);
    list.append(el("h2", {}, `${point.name}: ${point.events} events`));
    const busy = d.busy(list);
    try {
      const events = await Promise.all(point.event_ids.map((id) => d.api(`/api/events/${encodeURIComponent(id)}`)));
      busy.remove();
      list.append(d.eventTable(events));
      if (point.events > events.length) list.append(el("p", { class: "muted small" }, `the newest ${events.length} shown`));
    } catch (error) {
      busy.remove();
      d.showError(list, error);
    }
  }

  document.addEventListener("DOMContentLoaded", start);
})();
