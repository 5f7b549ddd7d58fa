// Shared helpers: DOM building (text always through text nodes, never parsed as HTML), the JSON API client,
// the filter form kept in the page's query string, the tooltip and the event table.
"use strict";

(function () {
  const dyad = (window.dyad = window.dyad || {});

  // el("a", {href: "/x", class: "c", data: {id: 1}}, "text", child) -> element. Strings become text nodes.
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    setAttrs(node, attrs);
    append(node, children);
    return node;
  }

  function setAttrs(node, attrs) {
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "data") {
        for (const [k, v] of Object.entries(value)) node.dataset[k] = String(v);
      } else if (key === "on") {
        for (const [k, v] of Object.entries(value)) node.addEventListener(k, v);
      } else if (key === "href") {
        node.setAttribute("href", safeHref(String(value)));
      } else {
        node.setAttribute(key, value === true ? "" : String(value));
      }
    }
  }

  function append(node, children) {
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  // Links built from stored data: only http(s) URLs and paths on this server are kept. A path is checked after
  // the browser resolves it, since "/\evil.example" or "/<tab>/evil.example" resolve to another host.
  function safeHref(url) {
    const local = url.startsWith("/");
    try {
      const parsed = local ? new URL(url, window.location.origin) : new URL(url);
      if (local) return parsed.origin === window.location.origin ? parsed.pathname + parsed.search + parsed.hash : "#";
      if (parsed.protocol === "http:" || parsed.protocol === "https:") return parsed.href;
    } catch (e) { /* not a URL: fall through */ }
    return "#";
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  class ApiError extends Error {
    constructor(status, message) { super(message); this.status = status; }
  }

  async function api(path, options) {
    const response = await fetch(path, Object.assign({ headers: { Accept: "application/json" } }, options || {}));
    let body = null;
    try { body = await response.json(); } catch (e) { body = null; }
    if (!response.ok) {
      const message = body && body.error ? body.error.message : `request failed (${response.status})`;
      throw new ApiError(response.status, message);
    }
    return body;
  }

  function showError(container, error) {
    container.append(el("div", { class: "error", role: "alert" }, error.message || String(error)));
  }

  function busy(container, text) {
    const node = el("p", { class: "busy" }, text || "Loading…");
    container.append(node);
    return node;
  }

  // -- formatting --
  const QUADS = { 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict" };
  function num(value, digits) {
    if (value === null || value === undefined || Number.isNaN(value)) return "–";
    return Number(value).toLocaleString("en", { maximumFractionDigits: digits === undefined ? 2 : digits });
  }
  function quadBadge(quad) {
    return el("span", { class: `quad quad-${quad}`, title: QUADS[quad] || "" }, QUADS[quad] || String(quad));
  }
  function flags(event) {
    const names = ["negated", "hypothetical", "attributed"].filter((f) => event[f]);
    return names.map((f) => el("span", { class: "flag" }, f));
  }

  // -- tooltip --
  const tip = {
    node() { return document.getElementById("tip"); },
    show(x, y, content) {
      const node = this.node();
      clear(node);
      append(node, [content]);
      node.hidden = false;
      const width = node.offsetWidth, height = node.offsetHeight;
      node.style.left = Math.min(x + 14, window.innerWidth - width - 8) + "px";
      node.style.top = (y + 16 + height > window.innerHeight ? y - height - 10 : y + 16) + "px";
    },
    hide() { const node = this.node(); if (node) node.hidden = true; },
  };

  // -- filters kept in the query string --
  const FILTER_KEYS = ["start", "end", "actors", "code", "quad", "flagged"];

  function params() { return new URLSearchParams(window.location.search); }

  function query(values) {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(values)) {
      if (value !== null && value !== undefined && value !== "" && value !== false) search.set(key, String(value));
    }
    return search.toString();
  }

  let codebook = null;
  async function codes() {
    if (!codebook) codebook = api("/api/codes");
    return codebook;
  }

  // A filter form: the common fields (dates, actors, code, quad classes, flagged) unless `common` is false,
  // plus page fields [{name, label, type, value, options, placeholder}]. `onSubmit(values)` runs on submit
  // and once at start; the values are written to the query string so a reload or a shared link keeps them.
  function filterForm(container, { fields = [], common = true, submitLabel = "Show", onSubmit }) {
    const current = params();
    const form = el("form", { class: "controls", id: "filters" });
    const inputs = {};
    const add = (name, label, input) => {
      inputs[name] = input;
      form.append(el("label", {}, label, input));
    };
    for (const f of fields) {
      let input;
      if (f.options) {
        input = el("select", { name: f.name });
        for (const [value, text] of f.options) input.append(el("option", { value }, text));
      } else {
        input = el("input", { name: f.name, type: f.type || "text", placeholder: f.placeholder || "",
                              class: f.class || null, required: f.required || null, min: f.min, max: f.max,
                              step: f.step });
      }
      input.value = current.get(f.name) ?? (f.value ?? "");
      add(f.name, f.label, input);
    }
    if (common) {
      add("start", "from", el("input", { name: "start", type: "date" }));
      add("end", "to", el("input", { name: "end", type: "date" }));
      add("actors", "actors (source or target)", el("input", { name: "actors", class: "codes",
                                                               placeholder: "e.g. IRQ,IRN" }));
      const code = el("select", { name: "code" }, el("option", { value: "" }, "any event code"));
      add("code", "event code", code);
      codes().then((list) => {
        for (const c of list) {
          code.append(el("option", { value: c.code }, `${c.code} ${c.name}`));
        }
        code.value = current.get("code") || "";
      }).catch(() => { /* the codebook only feeds the menu; the filter still works without it */ });
      const quads = el("fieldset", { class: "quads" }, el("legend", {}, "quad class"));
      const chosen = (current.get("quad") || "").split(",");
      for (const q of [1, 2, 3, 4]) {
        const box = el("input", { type: "checkbox", name: "quad", value: String(q) });
        box.checked = chosen.includes(String(q));
        quads.append(el("label", { title: QUADS[q] }, box, ` ${q}`));
      }
      form.append(quads);
      const flagged = el("input", { type: "checkbox", name: "flagged" });
      flagged.checked = current.get("flagged") === "true";
      form.append(el("label", { class: "check" }, el("span", {}, "negated/hyp."), flagged));
      inputs.flagged = flagged;
      for (const key of ["start", "end", "actors"]) inputs[key].value = current.get(key) || "";
    }
    form.append(el("button", { type: "submit" }, submitLabel));
    container.append(form);

    function values() {
      const result = {};
      for (const [name, input] of Object.entries(inputs)) {
        if (name === "flagged") result.flagged = input.checked ? "true" : "";
        else result[name] = input.value.trim();
      }
      if (common) {
        result.quad = Array.from(form.querySelectorAll('input[name="quad"]:checked')).map((b) => b.value).join(",");
      }
      return result;
    }
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const v = values();
      history.replaceState(null, "", window.location.pathname + (query(v) ? "?" + query(v) : ""));
      keepFilterLinks();
      onSubmit(v);
    });
    onSubmit(values());
    return { form, values };
  }

  // Navigation links carry the common filter to the next page.
  function keepFilterLinks() {
    const current = params();
    const kept = {};
    for (const key of FILTER_KEYS) if (current.get(key)) kept[key] = current.get(key);
    const search = query(kept);
    document.querySelectorAll("a[data-keep-filter]").forEach((a) => {
      const path = a.getAttribute("href").split("?")[0];
      a.setAttribute("href", search ? `${path}?${search}` : path);
    });
  }

  function filterQuery(values, extra) {
    const picked = {};
    for (const key of FILTER_KEYS) if (values[key]) picked[key] = values[key];
    return query(Object.assign(picked, extra || {}));
  }

  // -- the event table --
  function eventTable(events, { highlightable = false, onSelect = null } = {}) {
    const head = ["date", "source", "event", "target", "Goldstein", "conf.", "trigger", "flags", ""];
    const table = el("table", { class: "data events" },
      el("thead", {}, el("tr", {}, head.map((h) => el("th", {}, h)))));
    const body = el("tbody");
    events.forEach((e, index) => {
      const links = [];
      if (e.event_id && !highlightable) links.push(el("a", { href: `/events/${encodeURIComponent(e.event_id)}` }, "event"));
      if (e.doc_id && !highlightable) {
        links.push(" · ", el("a", { href: `/documents/${encodeURIComponent(e.doc_id)}` }, "document"));
      }
      const row = el("tr", { data: { event: index, code: e.code } },
        el("td", {}, e.date || ""),
        el("td", { title: e.source_text || "" }, e.source),
        el("td", {}, el("b", {}, e.code), " ", e.name, " ", quadBadge(e.quad_class)),
        el("td", { title: e.target_text || "" }, e.target),
        el("td", { class: "num" }, num(e.goldstein, 1)),
        el("td", { class: "num" }, num(e.confidence, 2)),
        el("td", {}, e.trigger_text || ""),
        el("td", {}, flags(e)),
        el("td", {}, links));
      if (onSelect) row.addEventListener("click", () => onSelect(index));
      body.append(row);
    });
    table.append(body);
    return table;
  }

  function eventCard(e) {
    const place = e.location ? `${e.location.name} (${e.location.country}, ${e.location.precision})` : null;
    return el("div", {},
      el("div", { class: "t-title" }, `${e.code} ${e.name}`),
      el("div", {}, `${e.source} (${e.source_text}) → ${e.target} (${e.target_text})`),
      el("div", { class: "t-row" }, `Goldstein ${num(e.goldstein, 1)} · ${QUADS[e.quad_class] || ""}`),
      el("div", { class: "t-row" }, `confidence ${num(e.confidence, 2)} · trigger “${e.trigger_text}”`),
      el("div", { class: "t-row" }, "flags: ", flags(e).length ? flags(e) : "none"),
      place ? el("div", { class: "t-row" }, `place: ${place}`) : null);
  }

  document.addEventListener("DOMContentLoaded", keepFilterLinks);
  window.addEventListener("scroll", () => tip.hide(), { passive: true });

  Object.assign(dyad, { el, append, clear, api, ApiError, showError, busy, num, quadBadge, flags, tip, QUADS,
                        params, query, filterForm, filterQuery, eventTable, eventCard, codes, safeHref });
})();
