// Charts drawn as SVG with no library: line chart with bands, stacked bars, actor network, world map.
// Every label is set with textContent; numbers come from the JSON API.
"use strict";

(function () {
  const { el, tip, num } = window.dyad;
  const NS = "http://www.w3.org/2000/svg";
  const COOP = "#0072B2", CONF = "#D55E00";

  function svg(tag, attrs, ...children) {
    const node = document.createElementNS(NS, tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined) continue;
      if (key === "text") node.textContent = String(value);
      else node.setAttribute(key, String(value));
    }
    for (const child of children.flat()) if (child) node.append(child);
    return node;
  }

  function hover(node, content) {
    node.addEventListener("mouseenter", (e) => tip.show(e.clientX, e.clientY, content()));
    node.addEventListener("mousemove", (e) => tip.show(e.clientX, e.clientY, content()));
    node.addEventListener("mouseleave", () => tip.hide());
  }

  function lines(...texts) { return el("div", {}, texts.map((t, i) => el("div", { class: i ? "t-row" : "t-title" }, t))); }

  function niceTicks(lo, hi, count) {
    const span = hi - lo || 1;
    const step0 = span / count;
    const mag = Math.pow(10, Math.floor(Math.log10(step0)));
    const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => span / s <= count) || step0;
    const ticks = [];
    for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) ticks.push(Number(v.toFixed(10)));
    return ticks;
  }

  function frame(kind, width, height) {
    return svg("svg", { class: "chart", "data-chart": kind, viewBox: `0 0 ${width} ${height}`,
                        role: "img", preserveAspectRatio: "xMidYMid meet" });
  }

  function xLabels(root, labels, x, y) {
    const every = Math.max(1, Math.ceil(labels.length / 14));
    labels.forEach((label, i) => {
      if (i % every) return;
      root.append(svg("text", { x: x(i), y, "text-anchor": "middle", text: label }));
    });
  }

  // Lines with optional bands: series [{name, color, values, low, high, notes}].
  function lineChart(container, { kind = "lines", labels, series, yLabel = "", zero = false, title = "" }) {
    const W = 960, H = 400, L = 64, R = 16, T = 16, B = 44;
    const values = series.flatMap((s) => [...s.values, ...(s.low || []), ...(s.high || [])]).filter(Number.isFinite);
    let lo = values.length ? Math.min(...values) : 0, hi = values.length ? Math.max(...values) : 1;
    if (zero) { lo = Math.min(lo, 0); hi = Math.max(hi, 0); }
    if (hi - lo < 1e-9) hi = lo + 1;
    const pad = (hi - lo) * 0.06; lo -= pad; hi += pad;
    const x = (i) => L + (W - L - R) * (labels.length === 1 ? 0.5 : i / (labels.length - 1));
    const y = (v) => T + (H - T - B) * (1 - (v - lo) / (hi - lo));
    const root = frame(kind, W, H);
    root.setAttribute("aria-label", title || yLabel);
    for (const t of niceTicks(lo, hi, 6)) {
      root.append(svg("line", { class: "grid", x1: L, x2: W - R, y1: y(t), y2: y(t) }));
      root.append(svg("text", { x: L - 6, y: y(t) + 4, "text-anchor": "end", text: num(t, 2) }));
    }
    if (zero) root.append(svg("line", { class: "zero", x1: L, x2: W - R, y1: y(0), y2: y(0) }));
    root.append(svg("line", { class: "axis", x1: L, x2: L, y1: T, y2: H - B }));
    root.append(svg("line", { class: "axis", x1: L, x2: W - R, y1: H - B, y2: H - B }));
    xLabels(root, labels, x, H - B + 16);
    root.append(svg("text", { transform: `translate(14 ${(H - B + T) / 2}) rotate(-90)`, "text-anchor": "middle",
                              text: yLabel }));
    series.forEach((s, k) => {
      const group = svg("g", { class: "series", "data-series": k, "data-name": s.name });
      const runs = [];
      let run = [];
      s.values.forEach((v, i) => {
        if (Number.isFinite(v)) run.push(i); else if (run.length) { runs.push(run); run = []; }
      });
      if (run.length) runs.push(run);
      for (const r of runs) {
        if (s.low && s.high) {
          const ok = r.filter((i) => Number.isFinite(s.low[i]) && Number.isFinite(s.high[i]));
          if (ok.length) {
            const top = ok.map((i) => `${x(i)},${y(s.high[i])}`);
            const bottom = ok.slice().reverse().map((i) => `${x(i)},${y(s.low[i])}`);
            group.append(svg("polygon", { class: "band", fill: s.color, points: [...top, ...bottom].join(" ") }));
          }
        }
        group.append(svg("path", { class: "series-line", stroke: s.color,
                                   d: r.map((i, j) => `${j ? "L" : "M"}${x(i)},${y(s.values[i])}`).join(" ") }));
      }
      s.values.forEach((v, i) => {
        if (!Number.isFinite(v)) return;
        const dot = svg("circle", { cx: x(i), cy: y(v), r: 3.5, fill: s.color, "data-value": v });
        hover(dot, () => lines(`${s.name} · ${labels[i]}`, `value ${num(v, 3)}` +
          (s.low && Number.isFinite(s.low[i]) ? ` [${num(s.low[i], 3)}, ${num(s.high[i], 3)}]` : ""),
          (s.notes && s.notes[i]) || ""));
        group.append(dot);
      });
      root.append(group);
    });
    container.append(keys(series, root), root);
    return root;
  }

  function keys(series, root) {
    const box = el("div", { class: "legend" });
    series.forEach((s, k) => {
      const key = el("span", { class: "key", role: "button", tabindex: "0", data: { series: k } },
        el("span", { class: "sw", style: null }), s.name);
      key.firstChild.setAttribute("data-color", s.color);
      key.firstChild.style.background = s.color;
      const toggle = () => {
        key.classList.toggle("off");
        const group = root.querySelector(`g.series[data-series="${k}"]`);
        if (group) group.style.display = key.classList.contains("off") ? "none" : "";
      };
      key.addEventListener("click", toggle);
      key.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); toggle(); } });
      box.append(key);
    });
    return box;
  }

  // Stacked bars: series [{name, color, values}] stacked per label.
  function stackedBars(container, { kind = "bars", labels, series, yLabel = "", notes = [] }) {
    const W = 960, H = 380, L = 56, R = 16, T = 16, B = 44;
    const totals = labels.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] || 0), 0));
    const hi = Math.max(1, ...totals);
    const slot = (W - L - R) / Math.max(1, labels.length);
    const x = (i) => L + slot * (i + 0.5);
    const y = (v) => T + (H - T - B) * (1 - v / hi);
    const root = frame(kind, W, H);
    for (const t of niceTicks(0, hi, 6)) {
      root.append(svg("line", { class: "grid", x1: L, x2: W - R, y1: y(t), y2: y(t) }));
      root.append(svg("text", { x: L - 6, y: y(t) + 4, "text-anchor": "end", text: num(t, 0) }));
    }
    root.append(svg("line", { class: "axis", x1: L, x2: W - R, y1: H - B, y2: H - B }));
    xLabels(root, labels, x, H - B + 16);
    root.append(svg("text", { transform: `translate(14 ${(H - B + T) / 2}) rotate(-90)`, "text-anchor": "middle",
                              text: yLabel }));
    const width = Math.max(1, Math.min(40, slot * 0.8));
    series.forEach((s, k) => {
      const group = svg("g", { class: "series", "data-series": k, "data-name": s.name });
      labels.forEach((label, i) => {
        const v = s.values[i] || 0;
        if (!v) return;
        const below = series.slice(0, k).reduce((sum, t) => sum + (t.values[i] || 0), 0);
        const bar = svg("rect", { class: "bar", x: x(i) - width / 2, y: y(below + v), width,
                                  height: Math.max(0.5, y(below) - y(below + v)), fill: s.color, "data-value": v });
        hover(bar, () => lines(`${label}: ${s.name}`, `${num(v, 0)} of ${num(totals[i], 0)} events`, notes[i] || ""));
        group.append(bar);
      });
      root.append(group);
    });
    container.append(keys(series, root), root);
    return root;
  }

  // Actor network: nodes [{code, events, ...}], edges [{source, target, events, cooperation, conflict,
  // goldstein_mean}]. Force-directed layout from fixed starting positions, so the same data draws the same way.
  function network(container, nodes, edges) {
    const W = 960, H = 640;
    const root = frame("network", W, H);
    const defs = svg("defs");
    for (const [id, color] of [["arrow-coop", COOP], ["arrow-conf", CONF]]) {
      defs.append(svg("marker", { id, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 9, markerHeight: 9,
                                  markerUnits: "userSpaceOnUse", orient: "auto-start-reverse" }, svg("path", { d: "M0,0 L10,5 L0,10 z", fill: color })));
    }
    root.append(defs);
    const index = new Map(nodes.map((n, i) => [n.code, i]));
    const maxEvents = Math.max(1, ...nodes.map((n) => n.events));
    const radius = nodes.map((n) => 6 + 22 * Math.sqrt(n.events / maxEvents));
    const pos = layout(nodes.length, edges.map((e) => [index.get(e.source), index.get(e.target), e.events]), W, H, radius);
    const maxEdge = Math.max(1, ...edges.map((e) => e.events));
    const edgeGroup = svg("g", { class: "edges" });
    for (const e of edges) {
      const a = pos[index.get(e.source)], b = pos[index.get(e.target)];
      const ra = radius[index.get(e.source)], rb = radius[index.get(e.target)];
      const dx = b[0] - a[0], dy = b[1] - a[1], d = Math.hypot(dx, dy) || 1;
      // Bend each edge to its right so A->B and B->A stay apart; end it at the node's rim for the arrow.
      const mx = (a[0] + b[0]) / 2 - dy / d * 18, my = (a[1] + b[1]) / 2 + dx / d * 18;
      const sx = a[0] + (mx - a[0]) * ra / Math.hypot(mx - a[0], my - a[1]);
      const sy = a[1] + (my - a[1]) * ra / Math.hypot(mx - a[0], my - a[1]);
      const ex = b[0] + (mx - b[0]) * (rb + 2) / Math.hypot(mx - b[0], my - b[1]);
      const ey = b[1] + (my - b[1]) * (rb + 2) / Math.hypot(mx - b[0], my - b[1]);
      const conflict = e.conflict > e.cooperation;
      const path = svg("path", {
        class: "edge " + (conflict ? "conflict" : "cooperation"), d: `M${sx},${sy} Q${mx},${my} ${ex},${ey}`,
        stroke: conflict ? CONF : COOP, "stroke-width": (1 + 7 * Math.sqrt(e.events / maxEdge)).toFixed(2),
        "marker-end": `url(#${conflict ? "arrow-conf" : "arrow-coop"})`,
        "data-source": e.source, "data-target": e.target, "data-events": e.events,
      });
      hover(path, () => lines(`${e.source} → ${e.target}`, `${e.events} events: ${e.cooperation} cooperation, ` +
        `${e.conflict} conflict`, `mean Goldstein ${num(e.goldstein_mean, 2)}`));
      edgeGroup.append(path);
    }
    root.append(edgeGroup);
    const nodeGroup = svg("g", { class: "nodes" });
    nodes.forEach((n, i) => {
      const share = n.cooperation + n.conflict ? n.cooperation / (n.cooperation + n.conflict) : 0.5;
      const g = svg("g", { class: "node", "data-code": n.code, transform: `translate(${pos[i][0]} ${pos[i][1]})` },
        svg("circle", { r: radius[i], fill: mix(CONF, COOP, share) }),
        svg("text", { y: -radius[i] - 4, "text-anchor": "middle", text: n.code }));
      hover(g, () => lines(n.code, `${n.events} events (${n.out_events} as source, ${n.in_events} as target)`,
        `${n.cooperation} cooperation, ${n.conflict} conflict`));
      nodeGroup.append(g);
    });
    root.append(nodeGroup);
    container.append(root);
    return root;
  }

  function layout(n, links, W, H, radius) {
    const pos = [];
    for (let i = 0; i < n; i++) {
      const angle = (2 * Math.PI * i) / Math.max(1, n);
      pos.push([W / 2 + (W / 3) * Math.cos(angle), H / 2 + (H / 3) * Math.sin(angle)]);
    }
    if (n < 2) return n ? [[W / 2, H / 2]] : pos;
    const k = Math.sqrt((W * H) / n) * 0.8;
    let temperature = W / 8;
    for (let step = 0; step < 320; step++) {
      const disp = pos.map(() => [0, 0]);
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          let dx = pos[i][0] - pos[j][0], dy = pos[i][1] - pos[j][1];
          const d = Math.max(1, Math.hypot(dx, dy));
          const f = (k * k) / d;
          dx /= d; dy /= d;
          disp[i][0] += dx * f; disp[i][1] += dy * f; disp[j][0] -= dx * f; disp[j][1] -= dy * f;
        }
      }
      for (const [a, b, w] of links) {
        if (a === undefined || b === undefined || a === b) continue;
        let dx = pos[a][0] - pos[b][0], dy = pos[a][1] - pos[b][1];
        const d = Math.max(1, Math.hypot(dx, dy));
        const f = ((d * d) / k) * (0.6 + 0.4 * Math.min(1, Math.log1p(w) / 4));
        dx /= d; dy /= d;
        disp[a][0] -= dx * f; disp[a][1] -= dy * f; disp[b][0] += dx * f; disp[b][1] += dy * f;
      }
      for (let i = 0; i < n; i++) {
        // A weak pull to the centre keeps unconnected groups on the canvas.
        disp[i][0] += (W / 2 - pos[i][0]) * 0.02 * k / 10;
        disp[i][1] += (H / 2 - pos[i][1]) * 0.02 * k / 10;
        const d = Math.max(1e-6, Math.hypot(disp[i][0], disp[i][1]));
        const m = Math.min(d, temperature);
        pos[i][0] = Math.min(W - radius[i] - 30, Math.max(radius[i] + 30, pos[i][0] + (disp[i][0] / d) * m));
        pos[i][1] = Math.min(H - radius[i] - 10, Math.max(radius[i] + 22, pos[i][1] + (disp[i][1] / d) * m));
      }
      temperature *= 0.985;
    }
    return pos;
  }

  function mix(a, b, t) {
    const pa = [1, 3, 5].map((i) => parseInt(a.slice(i, i + 2), 16));
    const pb = [1, 3, 5].map((i) => parseInt(b.slice(i, i + 2), 16));
    return "#" + pa.map((v, i) => Math.round(v + (pb[i] - v) * t).toString(16).padStart(2, "0")).join("");
  }

  // World map, equirectangular: countries from the bundled Natural Earth outline, one marker per place.
  function worldMap(container, world, points, { onSelect = null } = {}) {
    const W = 960, H = 480;
    const x = (lon) => ((lon + 180) / 360) * W;
    const y = (lat) => ((90 - lat) / 180) * H;
    const root = frame("map", W, H);
    root.append(svg("rect", { class: "ocean", x: 0, y: 0, width: W, height: H }));
    const lines30 = [];
    for (let lon = -150; lon <= 150; lon += 30) lines30.push(`M${x(lon)},0 V${H}`);
    for (let lat = -60; lat <= 60; lat += 30) lines30.push(`M0,${y(lat)} H${W}`);
    root.append(svg("path", { class: "graticule", d: lines30.join(" ") }));
    const countries = svg("g", { class: "countries" });
    for (const feature of world.features) {
      const polygons = feature.geometry.type === "Polygon" ? [feature.geometry.coordinates] : feature.geometry.coordinates;
      const d = polygons.map((rings) => rings.map((ring) =>
        ring.map(([lon, lat], i) => `${i ? "L" : "M"}${x(lon).toFixed(1)},${y(lat).toFixed(1)}`).join("") + "Z").join(""))
        .join("");
      const path = svg("path", { class: "country", d, "data-iso": feature.properties.iso_a3,
                                 "vector-effect": "non-scaling-stroke" });
      path.append(svg("title", { text: feature.properties.name }));
      countries.append(path);
    }
    root.append(countries);
    const markers = svg("g", { class: "markers" });
    const maxEvents = Math.max(1, ...points.map((p) => p.events));
    const circles = [];
    points.forEach((p, i) => {
      const share = p.events ? p.cooperation / p.events : 0.5;
      const r = 3 + 14 * Math.sqrt(p.events / maxEvents);
      const c = svg("circle", { class: "marker", cx: x(p.lon).toFixed(2), cy: y(p.lat).toFixed(2), r,
                                fill: mix(CONF, COOP, share), "data-place": p.name, "data-events": p.events,
                                "data-r": r, "vector-effect": "non-scaling-stroke" });
      hover(c, () => lines(`${p.name} (${p.country}, ${p.precision})`,
        `${p.events} events: ${p.cooperation} cooperation, ${p.conflict} conflict`,
        `mean Goldstein ${num(p.goldstein_mean, 2)} · click to list them`));
      if (onSelect) c.addEventListener("click", () => onSelect(p, i));
      circles.push(c);
      markers.append(c);
    });
    root.append(markers);
    // Zoom by viewBox: to the markers' extent (with a margin) or the whole world; marker radii are kept in
    // screen units by dividing by the zoom.
    function zoom(fit) {
      let box = [0, 0, W, H];
      if (fit && points.length) {
        const xs = points.map((p) => x(p.lon)), ys = points.map((p) => y(p.lat));
        let x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
        const w = Math.max(60, (x1 - x0) * 1.4), h = Math.max(30, (y1 - y0) * 1.4);
        const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
        const scale = Math.max(w / W, h / H);
        const w2 = Math.min(W, W * scale), h2 = Math.min(H, H * scale);
        // Keep the view inside the world, so no blank band shows beyond the poles or the date line.
        box = [Math.min(W - w2, Math.max(0, cx - w2 / 2)), Math.min(H - h2, Math.max(0, cy - h2 / 2)), w2, h2];
      }
      root.setAttribute("viewBox", box.map((v) => v.toFixed(1)).join(" "));
      const factor = box[2] / W;
      circles.forEach((c) => c.setAttribute("r", (Number(c.dataset.r) * factor).toFixed(2)));
    }
    const toggle = el("button", { type: "button", class: "secondary", id: "zoom" }, "Whole world");
    let fitted = true;
    toggle.addEventListener("click", () => {
      fitted = !fitted;
      zoom(fitted);
      toggle.textContent = fitted ? "Whole world" : "Zoom to events";
    });
    zoom(true);
    container.append(el("div", { class: "row" }, toggle,
      el("span", { class: "legend" }, el("span", {}, el("span", { class: "sw sw-coop" }), "mostly cooperation"),
        el("span", {}, el("span", { class: "sw sw-conf" }), "mostly conflict"),
        el("span", { class: "muted" }, "circle area: events"))), root);
    return root;
  }

  Object.assign(window.dyad, { charts: { lineChart, stackedBars, network, worldMap, svg, COOP, CONF } });
})();
