// Events page: the store's summary, the filter, and the matching events a page at a time.
"use strict";

(function () {
  const d = window.dyad;
  const { el } = d;
  const PAGE = 50;

  function start() {
    const app = document.getElementById("app");
    const stats = el("div", { class: "stats", id: "stats" });
    const out = el("div", { id: "result" });
    app.append(stats);
    d.api("/api/summary").then((s) => summary(stats, s)).catch((e) => d.showError(stats, e));
    d.filterForm(app, { onSubmit: (values) => load(out, values, 0) });
    app.append(out);
  }

  function summary(box, s) {
    if (!s.database) {
      d.showError(box, new Error("This server has no event store; start it with `dyad serve --db FILE`."));
      return;
    }
    const stat = (label, value) => el("div", { class: "stat" }, el("b", {}, value), el("span", { class: "muted small" }, label));
    box.append(stat("documents", d.num(s.counts.documents, 0)), stat("events", d.num(s.counts.events, 0)),
      stat("first day", s.first_date || "–"), stat("last day", s.last_date || "–"),
      stat("busiest actors", s.top_actors.slice(0, 5).map((a) => a.code).join(" ")));
  }

  async function load(out, values, offset) {
    d.clear(out);
    d.busy(out);
    try {
      const page = await d.api(`/api/events?${d.filterQuery(values, { limit: PAGE, offset })}`);
      d.clear(out);
      const pager = el("div", { class: "pager" },
        el("span", {}, `${d.num(page.total, 0)} events` + (page.total ? `; ${offset + 1}–${offset + page.events.length} shown` : "")));
      if (offset > 0) {
        pager.append(el("button", { type: "button", class: "secondary", on: { click: () => load(out, values, Math.max(0, offset - PAGE)) } }, "← newer"));
      }
      if (offset + page.events.length < page.total) {
        pager.append(el("button", { type: "button", class: "secondary", on: { click: () => load(out, values, offset + PAGE) } }, "older →"));
      }
      const table = d.eventTable(page.events);
      table.id = "events";
      out.append(pager, table);
    } catch (error) {
      d.clear(out);
      d.showError(out, error);
    }
  }

  document.addEventListener("DOMContentLoaded", start);
})();
