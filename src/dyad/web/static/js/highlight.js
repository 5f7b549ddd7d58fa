// Highlighted text: actors (source, target) and event triggers marked at their character offsets.
// Spans may overlap (an actor phrase can contain a trigger), so the text is cut at every span boundary and each
// piece is marked with all the roles and events that cover it. Text goes in through text nodes only.
"use strict";

(function () {
  const { el, tip, eventCard } = window.dyad;
  const ROLE_ORDER = ["trigger", "source", "target"];

  function renderHighlighted(container, text, highlights, events, { onSelect = null } = {}) {
    const cuts = new Set([0, text.length]);
    for (const h of highlights) { cuts.add(h.start); cuts.add(h.end); }
    const points = Array.from(cuts).filter((p) => p >= 0 && p <= text.length).sort((a, b) => a - b);
    const box = el("div", { class: "annotated", id: "annotated" });
    for (let i = 0; i + 1 < points.length; i++) {
      const start = points[i], end = points[i + 1];
      const piece = text.slice(start, end);
      const covering = highlights.filter((h) => h.start <= start && end <= h.end);
      if (!covering.length) { box.append(document.createTextNode(piece)); continue; }
      const roles = ROLE_ORDER.filter((r) => covering.some((h) => h.role === r));
      const eventIds = Array.from(new Set(covering.map((h) => h.event)));
      const main = covering.find((h) => h.role === roles[0]);
      const mark = el("mark", {
        class: "hl " + roles.map((r) => `role-${r}`).join(" "),
        tabindex: "0",
        data: { role: roles[0], roles: roles.join(" "), events: eventIds.join(" "), code: main.code },
      }, piece);
      const describe = () => {
        const cards = [];
        eventIds.forEach((id, k) => {
          if (k) cards.push(el("hr"));
          const role = covering.filter((h) => h.event === id).map((h) => h.role).join(", ");
          cards.push(el("div", { class: "t-row" }, `${role} of event ${id + 1}`), eventCard(events[id]));
        });
        return el("div", {}, cards);
      };
      const show = (x, y) => tip.show(x, y, describe());
      mark.addEventListener("mouseenter", (e) => show(e.clientX, e.clientY));
      mark.addEventListener("mousemove", (e) => show(e.clientX, e.clientY));
      mark.addEventListener("mouseleave", () => tip.hide());
      mark.addEventListener("focus", () => {
        const r = mark.getBoundingClientRect();
        show(r.left, r.bottom - 10);
      });
      mark.addEventListener("blur", () => tip.hide());
      mark.addEventListener("click", () => {
        select(box, eventIds[0]);
        if (onSelect) onSelect(eventIds[0]);
      });
      box.append(mark);
    }
    container.append(box);
    return box;
  }

  // Mark every piece of one event as active (the table row's counterpart).
  function select(box, eventId) {
    box.querySelectorAll("mark.hl").forEach((m) => {
      m.classList.toggle("active", m.dataset.events.split(" ").includes(String(eventId)));
    });
  }

  function legend() {
    return el("div", { class: "legend" },
      el("span", {}, el("span", { class: "sw sw-source" }), "source actor"),
      el("span", {}, el("span", { class: "sw sw-trigger" }), "event trigger"),
      el("span", {}, el("span", { class: "sw sw-target" }), "target actor"),
      el("span", { class: "muted" }, "hover, focus or click a mark for the event"));
  }

  Object.assign(window.dyad, { renderHighlighted, selectEvent: select, highlightLegend: legend });
})();
