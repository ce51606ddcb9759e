// briefgraph's actor-network explorer. The graph is drawn by sigma.js on a
// graphology graph, laid out by ForceAtlas2 then noverlap (vendored in
// vendor/graph-libs.min.js, exposed as window.GraphLibs). This file only
// wires the analyst's questions to them. It builds the page with
// textContent and setAttribute only, so names from the data always show
// as text.
"use strict";
(function () {
  const D = JSON.parse(document.getElementById("graph-data").textContent);
  const L = window.GraphLibs;
  const SVGNS = "http://www.w3.org/2000/svg";
  const nodes = D.nodes;
  const rels = D.relations;
  const $ = (id) => document.getElementById(id);

  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    for (const k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // ---- What is drawn: one graphology edge per ordered pair of actors,
  // bundling its parallel relations.
  // Disc radius in pixels by neighbours; smaller discs for big graphs so
  // that they all fit apart at the first fit.
  const shrink = Math.max(0.45, Math.min(1, Math.sqrt(300 / Math.max(1, nodes.length))));
  const size = nodes.map((n) => shrink * Math.min(26, 5 + 2.6 * Math.sqrt(n.neighbours)));
  const order = nodes.map((_, i) => i).sort((a, b) => size[b] - size[a] || (nodes[a].id < nodes[b].id ? -1 : 1));
  const relsOf = nodes.map(() => []);
  const links = new Map();
  rels.forEach((r, i) => {
    relsOf[r.s].push(i);
    if (r.t !== r.s) relsOf[r.t].push(i);
    if (r.s === r.t) return;
    const key = r.s + ">" + r.t;
    if (!links.has(key)) links.set(key, []);
    links.get(key).push(i);
  });
  const dateOf = (r) => (r.date ? r.date.split("/")[0] : null);
  const dates = [...new Set(rels.map(dateOf).filter((d) => d))].sort();
  const stanceColour = {};
  D.stances.forEach((s) => (stanceColour[s.name] = s.colour));
  const clusterOf = nodes.map((n) => n.cluster);
  const clusterColour = D.clusters.map((c) => c.colour);

  // ---- The analyst's state, mirrored in the URL fragment.
  const S = {
    focus: null, depth: 1, colour: "kind", cluster: null, selected: null,
    off: { stance: new Set(), polarity: new Set(), kind: new Set(), cls: new Set(), source: new Set() },
    minSupport: 1, time: dates.length ? dates.length - 1 : 0, undated: true, query: "",
  };

  function relFiltered(i) {
    const r = rels[i];
    if (S.off.cls.has(r.class) || S.off.stance.has(r.stance) || S.off.polarity.has(r.polarity)) return false;
    if (S.off.kind.has(nodes[r.s].kind) || S.off.kind.has(nodes[r.t].kind)) return false;
    if (r.support < S.minSupport) return false;
    if (S.off.source.size && !r.sources.some((s) => !S.off.source.has(s))) return false;
    const d = dateOf(r);
    if (d === null) return S.undated;
    return !dates.length || d <= dates[S.time];
  }
  function relationFilterActive() {
    const o = S.off;
    return o.cls.size || o.stance.size || o.polarity.size || o.source.size || S.minSupport > 1 ||
      !S.undated || (dates.length && S.time < dates.length - 1);
  }

  // Recomputed by apply(): which relations and actors are shown.
  let relOn = rels.map(() => true);
  let nodeOn = nodes.map(() => true);
  let focusSet = null;
  let matches = new Set();

  function compute() {
    relOn = rels.map((_, i) => relFiltered(i));
    focusSet = null;
    if (S.focus !== null) {
      focusSet = new Set([S.focus]);
      let frontier = [S.focus];
      for (let d = 0; d < S.depth; d++) {
        const next = [];
        for (const v of frontier) {
          for (const i of relsOf[v]) {
            if (!relOn[i]) continue;
            const w = rels[i].s === v ? rels[i].t : rels[i].s;
            if (!focusSet.has(w)) { focusSet.add(w); next.push(w); }
          }
        }
        frontier = next;
      }
      relOn = relOn.map((on, i) => on && focusSet.has(rels[i].s) && focusSet.has(rels[i].t));
    }
    const active = relationFilterActive();
    nodeOn = nodes.map((n, v) => {
      if (S.off.kind.has(n.kind)) return false;
      if (focusSet && !focusSet.has(v)) return false;
      if (active && !relsOf[v].some((i) => relOn[i])) return false;
      return true;
    });
  }

  // ---- The graph and its layout (deterministic: positions start from the
  // data alone, and ForceAtlas2 and noverlap have no randomness).
  const graph = new L.Graph({ type: "directed", multi: false, allowSelfLoops: false });
  {
    // Clusters on a sunflower spiral, each cluster's actors on a small
    // spiral around its centre: a start that already separates clusters.
    const golden = Math.PI * (3 - Math.sqrt(5));
    const centre = D.clusters.map((c, k) => {
      const r = 6 * Math.sqrt(k) * Math.sqrt(nodes.length / Math.max(1, D.clusters.length));
      return [r * Math.cos(k * golden), r * Math.sin(k * golden)];
    });
    const rank = nodes.map(() => 0);
    D.clusters.forEach((c) => c.members.forEach((v, j) => (rank[v] = j)));
    for (const v of order) {
      const c = centre[clusterOf[v]] || [0, 0];
      const j = rank[v];
      graph.addNode(String(v), {
        x: c[0] + Math.sqrt(j + 0.5) * Math.cos(j * golden + v * 1e-3),
        y: c[1] + Math.sqrt(j + 0.5) * Math.sin(j * golden + v * 1e-3),
        size: size[v], label: nodes[v].label,
      });
    }
    for (const [key, list] of links) {
      const r = rels[list[0]];
      graph.addEdgeWithKey(key, String(r.s), String(r.t), { list, size: 1 });
    }
  }
  const n = graph.order;
  const t0 = performance.now();
  if (n > 1 && graph.size > 0) {
    const settings = L.forceAtlas2.inferSettings(graph);
    settings.barnesHutOptimize = n > 300;
    settings.outboundAttractionDistribution = true;
    // Strong gravity keeps small components near the rest instead of
    // drifting to the edges and shrinking the fit.
    settings.strongGravityMode = true;
    settings.gravity = 0.2;
    // Big graphs start from clusters already apart (above): 20 iterations
    // give the layout 40 gave (measured on 2,000 generated actors: no
    // more overlapping discs at the fit), in half the time.
    const iterations = Math.max(20, Math.min(500, Math.round(60000 / (n + graph.size / 4))));
    L.forceAtlas2.assign(graph, { iterations, settings });
  }
  const layoutMs = performance.now() - t0;

  // ---- Labels: drawn by sigma's label pass through our drawer, which keeps
  // a label only if its box meets no label already kept this frame, largest
  // actors first (a deterministic greedy pass), so labels never overlap.
  const LABEL_SIZE = 13;
  const LABEL_FONT = "Helvetica, Arial, sans-serif";
  const measureCtx = document.createElement("canvas").getContext("2d");
  measureCtx.font = "600 " + LABEL_SIZE + "px " + LABEL_FONT;
  const labelWidth = nodes.map((nd) => measureCtx.measureText(nd.label).width);
  let frameLabels = null;
  let renderer = null;

  function discOf(key) {
    const d = renderer.getNodeDisplayData(key);
    if (!d || d.hidden) return null;
    const p = renderer.framedGraphToViewport(d);
    return { x: p.x, y: p.y, r: renderer.scaleSize(d.size) };
  }
  // A label sits right of its disc, or left of it where the right would
  // run off the canvas.
  let canvasWidth = Infinity;
  function labelBox(v, disc) {
    const w = labelWidth[v];
    let x = disc.x + disc.r + 3;
    if (x + w > canvasWidth && disc.x - disc.r - 3 - w >= 0) x = disc.x - disc.r - 3 - w;
    return { x, y: disc.y - LABEL_SIZE / 2 - 1, w, h: LABEL_SIZE + 2 };
  }
  const meets = (a, b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

  function chooseLabels() {
    const dims = renderer.getDimensions();
    canvasWidth = dims.width;
    const kept = new Map();
    const grid = new Map();
    const cell = 64;
    const cells = (b) => {
      const out = [];
      for (let i = Math.floor(b.x / cell); i <= Math.floor((b.x + b.w) / cell); i++)
        for (let j = Math.floor(b.y / cell); j <= Math.floor((b.y + b.h) / cell); j++) out.push(i + "," + j);
      return out;
    };
    for (const v of order) {
      if (!nodeOn[v]) continue;
      if (S.cluster !== null && clusterOf[v] !== S.cluster) continue;
      const disc = discOf(String(v));
      if (!disc) continue;
      const b = labelBox(v, disc);
      if (b.x + b.w < 0 || b.x > dims.width || b.y + b.h < 0 || b.y > dims.height) continue;
      const cs = cells(b);
      let free = true;
      for (const c of cs) {
        for (const o of grid.get(c) || []) if (meets(b, o)) { free = false; break; }
        if (!free) break;
      }
      if (!free) continue;
      kept.set(v, b);
      for (const c of cs) { if (!grid.has(c)) grid.set(c, []); grid.get(c).push(b); }
    }
    return kept;
  }

  function drawLabel(ctx, data) {
    if (!renderer) return;
    if (frameLabels === null) frameLabels = chooseLabels();
    const v = +data.key;
    const b = frameLabels.get(v);
    if (!b) return;
    ctx.font = "600 " + LABEL_SIZE + "px " + LABEL_FONT;
    ctx.textBaseline = "middle";
    ctx.lineJoin = "round";
    ctx.lineWidth = 3;
    ctx.strokeStyle = "rgba(255,255,255,0.9)";
    ctx.strokeText(data.label, b.x, b.y + b.h / 2);
    ctx.fillStyle = "#111";
    ctx.fillText(data.label, b.x, b.y + b.h / 2);
  }

  // ---- Reducers: what sigma draws for the current state.
  function nodeColour(v) {
    if (S.colour === "cluster") return clusterColour[clusterOf[v]];
    return D.kinds[nodes[v].kind];
  }
  function nodeReducer(key, data) {
    const v = +key;
    const out = Object.assign({}, data);
    out.hidden = !nodeOn[v];
    out.color = nodeColour(v);
    out.forceLabel = true;
    if (S.cluster !== null && clusterOf[v] !== S.cluster) out.color = "#e4e4e4";
    if (matches.has(v) || S.focus === v) out.highlighted = true;
    return out;
  }
  const stanceRank = { conflictual: 3, cooperative: 2, structural: 1 };
  function linkShown(key) {
    return links.get(key).filter((i) => relOn[i]);
  }
  function edgeReducer(key, data) {
    const out = Object.assign({}, data);
    const shown = linkShown(key);
    if (!shown.length) { out.hidden = true; return out; }
    const count = {};
    const lines = new Set();
    for (const i of shown) {
      count[rels[i].stance] = (count[rels[i].stance] || 0) + 1;
      lines.add(rels[i].line);
    }
    const stance = Object.keys(count).sort((a, b) => count[b] - count[a] || stanceRank[b] - stanceRank[a])[0];
    out.color = stanceColour[stance];
    if (S.cluster !== null) {
      const r = rels[shown[0]];
      if (clusterOf[r.s] !== S.cluster || clusterOf[r.t] !== S.cluster) out.color = "#ececec";
    }
    out.size = 1.2 + 1.3 * Math.log2(shown.length);
    const line = lines.size === 1 ? [...lines][0] : "solid";
    out.type = line === "solid" ? "arrow" : line;
    out.label = shown.length > 1 ? String(shown.length) : "";
    if (S.selected && S.selected.link === key) out.size += 2;
    return out;
  }

  // ---- Dashed and dotted relations: a sigma edge program whose fragment
  // shader cuts the line into dashes (hedged) or dots (negated), with
  // sigma's own arrow head on top.
  function dashedProgram(dash, gap) {
    const VERT = `
attribute vec4 a_id;
attribute vec4 a_color;
attribute vec2 a_normal;
attribute float a_normalCoef;
attribute vec2 a_positionStart;
attribute vec2 a_positionEnd;
attribute float a_positionCoef;
attribute float a_radius;
attribute float a_radiusCoef;
uniform mat3 u_matrix;
uniform float u_sizeRatio;
uniform float u_zoomRatio;
uniform float u_pixelRatio;
uniform float u_correctionRatio;
uniform float u_minEdgeThickness;
uniform float u_lengthToThicknessRatio;
uniform vec2 u_resolution;
varying vec4 v_color;
varying float v_along;
const float bias = 255.0 / 254.0;
void main() {
  float radius = a_radius * a_radiusCoef;
  vec2 normal = a_normal * a_normalCoef;
  vec2 position = a_positionStart * (1.0 - a_positionCoef) + a_positionEnd * a_positionCoef;
  float normalLength = length(normal);
  vec2 unitNormal = normal / normalLength;
  float pixelsThickness = max(normalLength, u_minEdgeThickness * u_sizeRatio);
  float webGLThickness = pixelsThickness * u_correctionRatio / u_sizeRatio;
  float direction = sign(radius);
  float webGLNodeRadius = direction * radius * 2.0 * u_correctionRatio / u_sizeRatio;
  float webGLArrowHeadLength = webGLThickness * u_lengthToThicknessRatio * 2.0;
  vec2 compensationVector = vec2(-direction * unitNormal.y, direction * unitNormal.x) * (webGLNodeRadius + webGLArrowHeadLength);
  gl_Position = vec4((u_matrix * vec3(position + unitNormal * webGLThickness + compensationVector, 1)).xy, 0, 1);
  vec2 s = (u_matrix * vec3(a_positionStart, 1)).xy;
  vec2 e = (u_matrix * vec3(a_positionEnd, 1)).xy;
  v_along = a_positionCoef * length((e - s) * u_resolution * 0.5);
  #ifdef PICKING_MODE
  v_color = a_id;
  #else
  v_color = a_color;
  #endif
  v_color.a *= bias;
}`;
    const FRAG = `
precision mediump float;
varying vec4 v_color;
varying float v_along;
void main(void) {
  #ifdef PICKING_MODE
  gl_FragColor = v_color;
  #else
  if (mod(v_along, ${(dash + gap).toFixed(1)}) > ${dash.toFixed(1)}) discard;
  gl_FragColor = v_color;
  #endif
}`;
    const { FLOAT, UNSIGNED_BYTE, TRIANGLES } = WebGLRenderingContext;
    class Dashed extends L.EdgeProgram {
      getDefinition() {
        return {
          VERTICES: 6, VERTEX_SHADER_SOURCE: VERT, FRAGMENT_SHADER_SOURCE: FRAG, METHOD: TRIANGLES,
          UNIFORMS: ["u_matrix", "u_zoomRatio", "u_sizeRatio", "u_correctionRatio", "u_pixelRatio",
            "u_minEdgeThickness", "u_lengthToThicknessRatio", "u_resolution"],
          ATTRIBUTES: [
            { name: "a_positionStart", size: 2, type: FLOAT },
            { name: "a_positionEnd", size: 2, type: FLOAT },
            { name: "a_normal", size: 2, type: FLOAT },
            { name: "a_color", size: 4, type: UNSIGNED_BYTE, normalized: true },
            { name: "a_id", size: 4, type: UNSIGNED_BYTE, normalized: true },
            { name: "a_radius", size: 1, type: FLOAT },
          ],
          CONSTANT_ATTRIBUTES: [
            { name: "a_positionCoef", size: 1, type: FLOAT },
            { name: "a_normalCoef", size: 1, type: FLOAT },
            { name: "a_radiusCoef", size: 1, type: FLOAT },
          ],
          CONSTANT_DATA: [[0, 1, 0], [0, -1, 0], [1, 1, 1], [1, 1, 1], [0, -1, 0], [1, -1, -1]],
        };
      }
      processVisibleItem(edgeIndex, startIndex, sourceData, targetData, data) {
        const thickness = data.size || 1;
        const x1 = sourceData.x, y1 = sourceData.y, x2 = targetData.x, y2 = targetData.y;
        const dx = x2 - x1, dy = y2 - y1;
        let len = dx * dx + dy * dy, n1 = 0, n2 = 0;
        if (len) { len = 1 / Math.sqrt(len); n1 = -dy * len * thickness; n2 = dx * len * thickness; }
        const a = this.array;
        a[startIndex++] = x1; a[startIndex++] = y1; a[startIndex++] = x2; a[startIndex++] = y2;
        a[startIndex++] = n1; a[startIndex++] = n2;
        a[startIndex++] = colorToFloat(data.color); a[startIndex++] = edgeIndex;
        a[startIndex++] = targetData.size || 1;
      }
      setUniforms(params, { gl, uniformLocations }) {
        const u = uniformLocations;
        gl.uniformMatrix3fv(u.u_matrix, false, params.matrix);
        gl.uniform1f(u.u_zoomRatio, params.zoomRatio);
        gl.uniform1f(u.u_sizeRatio, params.sizeRatio);
        gl.uniform1f(u.u_correctionRatio, params.correctionRatio);
        gl.uniform1f(u.u_pixelRatio, params.pixelRatio);
        gl.uniform1f(u.u_minEdgeThickness, params.minEdgeThickness);
        gl.uniform1f(u.u_lengthToThicknessRatio, 2.5);
        gl.uniform2f(u.u_resolution, params.width, params.height);
      }
    }
    return L.createEdgeCompoundProgram([flat(Dashed), flat(L.EdgeArrowHeadProgram)]);
  }
  const colorToFloat = L.floatColor;

  // ---- One draw call per program. sigma's programs are instanced (one
  // instance per node or edge), and SwiftShader, Chromium's WebGL without a
  // GPU (headless, virtual machines, blocklisted drivers), runs an
  // instanced draw as one draw per instance: 10,000 edges took seconds to
  // draw. flat() turns a program into a plain one: each item writes its
  // vertices, the per-vertex constants become ordinary attributes, and
  // everything is drawn at once. The shaders are unchanged.
  function flat(Base) {
    const itemsOf = (attrs) => attrs.reduce((n, a) => n + (a.type === WebGLRenderingContext.FLOAT ? a.size : a.size / 4), 0);
    return class extends Base {
      getDefinition() {
        const def = Object.assign({}, super.getDefinition());
        if (!("CONSTANT_ATTRIBUTES" in def)) return def;
        this.flatItems = itemsOf(def.ATTRIBUTES);
        this.flatData = def.CONSTANT_DATA;
        def.ATTRIBUTES = def.ATTRIBUTES.concat(def.CONSTANT_ATTRIBUTES);
        delete def.CONSTANT_ATTRIBUTES;
        delete def.CONSTANT_DATA;
        return def;
      }
      processVisibleItem(...args) {
        const out = this.array;
        const n = this.flatItems;
        if (!this.flatScratch) this.flatScratch = new Float32Array(n);
        let i = args[1];
        this.array = this.flatScratch;
        args[1] = 0;
        super.processVisibleItem(...args);
        this.array = out;
        for (const constants of this.flatData) {
          for (let k = 0; k < n; k++) out[i++] = this.flatScratch[k];
          for (const c of constants) out[i++] = c;
        }
      }
    };
  }
  const ArrowProgram = L.createEdgeCompoundProgram([flat(L.EdgeClampedProgram), flat(L.EdgeArrowHeadProgram)]);

  // ---- noverlap in screen units: the discs as drawn at the fit must not
  // meet, so noverlap runs on radii converted from pixels to graph units
  // at sigma's fit (min((W - 2 pad) / dx, (H - 2 pad) / dy) pixels per
  // unit), round after round, as the fit shrinks while the graph spreads.
  function discs() {
    const out = [];
    graph.forEachNode((key) => {
      const d = discOf(key);
      if (d) out.push(Object.assign({ key }, d));
    });
    return out;
  }
  function overlaps(list, gap) {
    const found = [];
    const cell = 60, grid = new Map();
    for (const d of list) {
      const k = Math.floor(d.x / cell) + "," + Math.floor(d.y / cell);
      if (!grid.has(k)) grid.set(k, []);
      grid.get(k).push(d);
    }
    for (const d of list) {
      const cx = Math.floor(d.x / cell), cy = Math.floor(d.y / cell);
      for (let i = cx - 1; i <= cx + 1; i++) for (let j = cy - 1; j <= cy + 1; j++)
        for (const o of grid.get(i + "," + j) || [])
          if (o.key < d.key && Math.hypot(o.x - d.x, o.y - d.y) < o.r + d.r + gap) found.push([o.key, d.key]);
    }
    return found;
  }
  const PAD = 40;
  function fitScale(width, height) {
    let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    graph.forEachNode((k, a) => {
      x0 = Math.min(x0, a.x); x1 = Math.max(x1, a.x); y0 = Math.min(y0, a.y); y1 = Math.max(y1, a.y);
    });
    return Math.min((width - 2 * PAD) / Math.max(x1 - x0, 1e-9), (height - 2 * PAD) / Math.max(y1 - y0, 1e-9));
  }
  function predicted(perUnit) {
    const out = [];
    graph.forEachNode((key, a) => out.push({ key, x: a.x * perUnit, y: a.y * perUnit, r: a.size }));
    return out;
  }
  // Big graphs get one round of 20 iterations only (the page must open in
  // seconds): some discs may then still touch at the fit, until one zooms
  // in. On 2,000 generated actors (scripts/bench-html.py) that round
  // removes 37% of the overlapping pairs, in 0.27 s; 40 iterations or a
  // second round remove 40%, in 0.45 or 0.9 s.
  let spreadRounds = 0;
  const maxRounds = nodes.length > 500 ? 1 : 30;
  const roundIterations = nodes.length > 500 ? 20 : 40;
  function spread(width, height) {
    for (; spreadRounds < maxRounds; spreadRounds++) {
      const perUnit = fitScale(width, height);
      if (!overlaps(predicted(perUnit), 1.5).length) return;
      L.noverlap.assign(graph, {
        maxIterations: roundIterations,
        inputReducer: (key, attr) => ({ x: attr.x, y: attr.y, size: (attr.size + 2) / perUnit }),
        settings: { margin: 0, ratio: 1.02, expansion: 1.05, gridSize: 20, speed: 3 },
      });
    }
  }

  // ---- Panels.
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  const sourceLine = {};
  D.sources.forEach((s) => (sourceLine[s.id] = s.line));

  function evidenceList(parent, r) {
    for (const e of r.evidence) {
      if (e.quote) parent.appendChild(el("blockquote", {}, e.quote));
      if (e.sentence) parent.appendChild(el("p", { class: "sentence" }, "In: " + e.sentence));
      let cite = "— " + (e.title ? "“" + e.title + "”" + (e.date ? " (" + e.date + ")" : "") : e.source);
      if (e.where) cite += ", " + e.where;
      cite += " · " + e.by;
      parent.appendChild(el("div", { class: "cite" }, cite));
    }
  }
  function relationText(r) {
    return nodes[r.s].label + " " + r.predicate + " " + nodes[r.t].label + (r.context ? " (" + r.context + ")" : "");
  }
  function relationMeta(r) {
    return [r.class, r.stance, r.polarity, r.date || "undated", "support " + r.support, r.origin].join(" · ");
  }
  function relationBlock(parent, i, withEvidence) {
    const r = rels[i];
    const b = el("button", { type: "button", class: "relation", "data-rel": r.id }, relationText(r));
    b.style.borderLeftColor = stanceColour[r.stance];
    b.addEventListener("click", () => select({ rel: i }));
    parent.appendChild(b);
    parent.appendChild(el("div", { class: "meta" }, relationMeta(r)));
    if (withEvidence) evidenceList(parent, r);
  }

  function showDetails() {
    const body = $("details-body");
    clear(body);
    const sel = S.selected;
    if (sel && sel.rel !== undefined) {
      const r = rels[sel.rel];
      body.appendChild(el("h2", {}, "Relation"));
      body.appendChild(el("div", { class: "relation" }, relationText(r)));
      body.appendChild(el("div", { class: "meta" }, relationMeta(r)));
      if (r.note) body.appendChild(el("p", {}, r.note));
      evidenceList(body, r);
      return;
    }
    if (sel && sel.link !== undefined) {
      const shown = linkShown(sel.link);
      body.appendChild(el("h2", {}, shown.length === 1 ? "Relation" : shown.length + " relations"));
      for (const i of shown) relationBlock(body, i, true);
      return;
    }
    if (S.focus !== null) {
      const nd = nodes[S.focus];
      body.appendChild(el("h2", {}, nd.label));
      body.appendChild(el("div", { class: "meta" },
        nd.kind + " · " + nd.relations + " relations · " + nd.neighbours + " neighbours · betweenness " +
        nd.betweenness.toFixed(3) + " · cluster " + (nd.cluster + 1)));
      if (nd.aliases && nd.aliases.length) body.appendChild(el("div", { class: "meta" }, "Also: " + nd.aliases.join(", ")));
      body.appendChild(el("h3", {}, "Relations"));
      const list = relsOf[S.focus].filter((i) => relOn[i]);
      if (!list.length) body.appendChild(el("p", { class: "hint" }, "No relation passes the filters."));
      for (const i of list) {
        relationBlock(body, i, false);
        const r = rels[i];
        const e = r.evidence.find((x) => x.quote);
        if (e) {
          body.appendChild(el("blockquote", {}, e.quote));
          body.appendChild(el("div", { class: "cite" }, "— " + (sourceLine[e.source] || e.source) + (e.where ? ", " + e.where : "")));
        }
      }
      return;
    }
    body.appendChild(el("p", { class: "hint" },
      "Search or click an actor to focus on its neighbourhood; click a relation to read its evidence. " +
      "Esc clears the focus."));
  }

  function select(sel) {
    S.selected = sel;
    apply();
  }
  function focusNode(v) {
    S.focus = v;
    S.selected = null;
    apply(true);
  }

  // ---- Filters.
  function checkboxes(box, name, values, label) {
    for (const v of values) {
      const cb = el("input", { type: "checkbox", value: v });
      cb.checked = !S.off[name].has(v);
      cb.addEventListener("change", () => {
        if (cb.checked) S.off[name].delete(v); else S.off[name].add(v);
        apply();
      });
      const l = el("label", {});
      l.appendChild(cb);
      if (label) label(l, v);
      l.appendChild(document.createTextNode(" " + (typeof v === "string" ? v : "")));
      box.appendChild(l);
    }
  }
  function swatch(colour, cls) {
    const s = el("span", { class: cls || "swatch" });
    s.style.background = colour;
    return s;
  }
  function buildFilters() {
    for (const id of ["f-stance", "f-polarity", "f-kind", "f-source", "class-menu"]) {
      const box = $(id);
      [...box.querySelectorAll("label")].forEach((l) => l.remove());
    }
    checkboxes($("f-stance"), "stance", D.stances.map((s) => s.name), (l, v) => l.appendChild(swatch(stanceColour[v])));
    checkboxes($("f-polarity"), "polarity", [...new Set(rels.map((r) => r.polarity))].sort());
    checkboxes($("f-kind"), "kind", Object.keys(D.kinds), (l, v) => l.appendChild(swatch(D.kinds[v], "dot")));
    checkboxes($("class-menu"), "cls", D.classes.map((c) => c.name), (l, v) => l.appendChild(swatch(stanceColour[D.classes.find((c) => c.name === v).stance])));
    const src = $("f-source");
    checkboxes(src, "source", D.sources.map((s) => s.id));
    $("min-support").value = S.minSupport;
    $("undated").checked = S.undated;
    $("time").value = S.time;
  }

  // ---- Legend, clusters and brokers, sources.
  function legend() {
    const box = $("legend");
    clear(box);
    if (S.colour === "kind") {
      for (const k of Object.keys(D.kinds)) {
        const s = el("span", {});
        s.appendChild(swatch(D.kinds[k], "dot"));
        s.appendChild(document.createTextNode(k));
        box.appendChild(s);
      }
    } else {
      D.clusters.slice(0, 10).forEach((c, k) => {
        const s = el("span", {});
        s.appendChild(swatch(c.colour, "dot"));
        s.appendChild(document.createTextNode("cluster " + (k + 1)));
        box.appendChild(s);
      });
    }
    box.appendChild(el("br"));
    for (const st of D.stances) {
      const s = el("span", {});
      s.appendChild(swatch(st.colour, "line"));
      s.appendChild(document.createTextNode(st.name));
      box.appendChild(s);
    }
    for (const [name, cls] of [["asserted", "solid"], ["hedged", "dashed"], ["negated", "dotted"]]) {
      const s = el("span", {});
      s.appendChild(el("span", { class: "stroke " + cls }));
      s.appendChild(document.createTextNode(name));
      box.appendChild(s);
    }
    box.appendChild(el("span", { class: "hint" }, "size: neighbours · number on a line: relations bundled"));
  }
  function groups() {
    $("modularity").textContent = D.clusters.length + " clusters (modularity " + D.modularity.toFixed(2) + "); select one to highlight it.";
    const list = $("cluster-list");
    clear(list);
    D.clusters.forEach((c, k) => {
      const li = el("li", {});
      const b = el("button", { type: "button", "aria-pressed": String(S.cluster === k), "data-cluster": String(k) });
      b.appendChild(swatch(c.colour, "dot"));
      b.appendChild(document.createTextNode(c.members.length + " actors, around " + c.name));
      b.addEventListener("click", () => { S.cluster = S.cluster === k ? null : k; apply(); });
      li.appendChild(b);
      list.appendChild(li);
    });
    const bl = $("broker-list");
    clear(bl);
    D.brokers.slice(0, 12).forEach((br) => {
      const li = el("li", {});
      const b = el("button", { type: "button", "data-node": nodes[br.node].id },
        nodes[br.node].label + " — links cluster " + (br.cluster + 1) + " to " + br.links_to.map((c) => c + 1).join(", "));
      b.addEventListener("click", () => focusNode(br.node));
      li.appendChild(b);
      bl.appendChild(li);
    });
  }
  function sources() {
    const box = $("sources");
    clear(box);
    box.appendChild(el("h3", {}, "Sources"));
    for (const s of D.sources) box.appendChild(el("div", { class: "source" }, "[" + s.id + "] " + s.line));
  }

  // ---- Search with suggestions (a combobox: arrows, Enter, Escape).
  let active = -1;
  function searchMatches(q) {
    q = q.trim().toLowerCase();
    if (!q) return [];
    const out = [];
    nodes.forEach((nd, v) => {
      if (nd.label.toLowerCase().includes(q) || (nd.aliases || []).some((a) => a.toLowerCase().includes(q))) out.push(v);
    });
    return out;
  }
  function suggest() {
    const q = $("search").value;
    S.query = q;
    const found = searchMatches(q);
    matches = new Set(found);
    $("search-count").textContent = q.trim() ? found.length + " found" : "";
    const ul = $("suggestions");
    clear(ul);
    active = found.length ? 0 : -1;
    found.slice(0, 12).forEach((v, k) => {
      const li = el("li", { role: "option", id: "sug-" + k, "data-node": String(v), "aria-selected": String(k === active) }, nodes[v].label);
      li.appendChild(el("span", { class: "kind" }, " " + nodes[v].kind));
      li.addEventListener("mousedown", (e) => { e.preventDefault(); pick(v); });
      ul.appendChild(li);
    });
    ul.hidden = !found.length;
    $("search").setAttribute("aria-expanded", String(!!found.length));
    if (active >= 0) $("search").setAttribute("aria-activedescendant", "sug-0");
    renderer.refresh({ skipIndexation: false });
  }
  function pick(v) {
    $("suggestions").hidden = true;
    $("search").setAttribute("aria-expanded", "false");
    focusNode(v);
  }
  $("search").addEventListener("input", suggest);
  $("search").addEventListener("keydown", (e) => {
    const items = [...$("suggestions").children];
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (!items.length) return;
      e.preventDefault();
      active = (active + (e.key === "ArrowDown" ? 1 : items.length - 1)) % items.length;
      items.forEach((li, k) => li.setAttribute("aria-selected", String(k === active)));
      $("search").setAttribute("aria-activedescendant", items[active].id);
    } else if (e.key === "Enter") {
      e.preventDefault();
      if (active >= 0 && items[active]) pick(+items[active].getAttribute("data-node"));
    } else if (e.key === "Escape") {
      $("suggestions").hidden = true;
    }
  });
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && e.target.id !== "search") {
      S.focus = null; S.selected = null; S.cluster = null; apply(true);
    }
  });

  // ---- Controls.
  $("depth").addEventListener("change", () => { S.depth = +$("depth").value; apply(true); });
  $("colour-by").addEventListener("change", () => { S.colour = $("colour-by").value; apply(); });
  $("fit").addEventListener("click", () => { S.focus = null; S.selected = null; apply(true); });
  $("min-support").addEventListener("input", () => { S.minSupport = Math.max(1, +$("min-support").value || 1); apply(); });
  $("undated").addEventListener("change", () => { S.undated = $("undated").checked; apply(); });
  $("time").addEventListener("input", () => { S.time = +$("time").value; apply(); });
  $("reset").addEventListener("click", () => {
    for (const k in S.off) S.off[k].clear();
    S.minSupport = 1; S.undated = true; S.time = dates.length ? dates.length - 1 : 0;
    buildFilters();
    apply();
  });
  let playing = null;
  $("play").addEventListener("click", () => {
    if (playing) { clearInterval(playing); playing = null; $("play").textContent = "Replay"; return; }
    S.time = 0; apply();
    $("play").textContent = "Stop";
    playing = setInterval(() => {
      if (S.time >= dates.length - 1) { clearInterval(playing); playing = null; $("play").textContent = "Replay"; return; }
      S.time += 1; apply();
    }, 600);
  });

  // ---- The view: framing the focus, the URL fragment.
  function frame() {
    if (focusSet) {
      let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
      for (const v of focusSet) {
        if (!nodeOn[v]) continue;
        const a = graph.getNodeAttributes(String(v));
        x0 = Math.min(x0, a.x); x1 = Math.max(x1, a.x); y0 = Math.min(y0, a.y); y1 = Math.max(y1, a.y);
      }
      if (x0 < Infinity) {
        const pad = Math.max(x1 - x0, y1 - y0, 1) * 0.08;
        renderer.setCustomBBox({ x: [x0 - pad, x1 + pad], y: [y0 - pad, y1 + pad] });
      }
    } else {
      renderer.setCustomBBox(null);
    }
    renderer.getCamera().setState({ x: 0.5, y: 0.5, ratio: 1, angle: 0 });
  }
  function writeHash() {
    const p = new URLSearchParams();
    if (S.focus !== null) p.set("focus", nodes[S.focus].id);
    if (S.depth !== 1) p.set("depth", S.depth);
    if (S.colour !== "kind") p.set("colour", S.colour);
    if (S.cluster !== null) p.set("cluster", S.cluster + 1);
    if (S.selected && S.selected.rel !== undefined) p.set("relation", rels[S.selected.rel].id);
    if (S.selected && S.selected.link !== undefined) p.set("link", S.selected.link.split(">").map((v) => nodes[+v].id).join(">"));
    for (const k in S.off) if (S.off[k].size) p.set("no-" + k, [...S.off[k]].sort().join(","));
    if (S.minSupport > 1) p.set("support", S.minSupport);
    if (dates.length && S.time < dates.length - 1) p.set("until", dates[S.time]);
    if (!S.undated) p.set("undated", "0");
    const h = p.toString();
    const url = location.pathname + location.search + (h ? "#" + h : "");
    if (location.hash.slice(1) !== h) history.replaceState(null, "", url);
  }
  function readHash() {
    const p = new URLSearchParams(location.hash.slice(1));
    const byId = new Map(nodes.map((nd, v) => [nd.id, v]));
    if (p.has("focus") && byId.has(p.get("focus"))) S.focus = byId.get(p.get("focus"));
    if (p.get("depth") === "2") S.depth = 2;
    if (p.get("colour") === "cluster") S.colour = "cluster";
    const c = +p.get("cluster");
    if (c >= 1 && c <= D.clusters.length) S.cluster = c - 1;
    for (const k in S.off) if (p.has("no-" + k)) p.get("no-" + k).split(",").forEach((v) => S.off[k].add(v));
    if (p.has("support")) S.minSupport = Math.max(1, +p.get("support") || 1);
    if (p.has("until")) {
      const i = dates.findIndex((d) => d > p.get("until"));
      S.time = i < 0 ? Math.max(0, dates.length - 1) : Math.max(0, i - 1);
    }
    if (p.get("undated") === "0") S.undated = false;
    if (p.has("relation")) {
      const i = rels.findIndex((r) => r.id === p.get("relation"));
      if (i >= 0) S.selected = { rel: i };
    }
    if (p.has("link")) {
      const key = p.get("link").split(">").map((id) => byId.get(id)).join(">");
      if (links.has(key)) S.selected = { link: key };
    }
    $("depth").value = String(S.depth);
    $("colour-by").value = S.colour;
  }

  // The state's effects: what is shown, the panels, the fragment; then
  // sigma draws it (reframe: the focus changed, fit the view to it).
  function apply(reframe) {
    showState();
    if (reframe) frame();
    renderer.refresh();
  }
  function showState() {
    compute();
    const shownNodes = nodeOn.filter((x) => x).length;
    const shownRels = relOn.filter((x) => x).length;
    $("counts").textContent = shownNodes + " of " + nodes.length + " actors · " + shownRels + " of " + rels.length + " relations";
    const offClasses = S.off.cls.size;
    $("class-summary").textContent = offClasses ? D.classes.length - offClasses + " of " + D.classes.length + " classes" : "All classes";
    $("filter-summary").textContent = relationFilterActive() || S.off.kind.size ? "(active)" : "";
    $("time-label").textContent = dates.length ? dates[S.time] : "no dates";
    $("time").value = S.time;
    $("depth").value = String(S.depth);
    [...$("cluster-list").querySelectorAll("button")].forEach((b) => b.setAttribute("aria-pressed", String(+b.getAttribute("data-cluster") === S.cluster)));
    legend();
    showDetails();
    writeHash();
  }

  // ---- Export: the current view as SVG (from sigma's own display data)
  // and PNG (that SVG rasterised); the same SVG is what gets printed.
  const DASH = { dashed: "6 4", dotted: "1.6 3" };
  function viewSvg() {
    const dims = renderer.getDimensions();
    const svg = document.createElementNS(SVGNS, "svg");
    const add = (parent, tag, attrs, text) => {
      const e = document.createElementNS(SVGNS, tag);
      for (const k in attrs) e.setAttribute(k, attrs[k]);
      if (text !== undefined) e.textContent = text;
      parent.appendChild(e);
      return e;
    };
    svg.setAttribute("xmlns", SVGNS);
    svg.setAttribute("width", dims.width);
    svg.setAttribute("height", dims.height);
    svg.setAttribute("viewBox", "0 0 " + dims.width + " " + dims.height);
    svg.setAttribute("font-family", LABEL_FONT);
    add(svg, "rect", { width: dims.width, height: dims.height, fill: "#ffffff" });
    add(svg, "title", {}, D.title);
    const defs = add(svg, "defs", {});
    for (const st of D.stances) {
      const m = add(defs, "marker", { id: "arrow-" + st.name, viewBox: "0 0 10 10", refX: "10", refY: "5", markerWidth: "6", markerHeight: "6", orient: "auto-start-reverse" });
      add(m, "path", { d: "M0,0 L10,5 L0,10 z", fill: st.colour });
    }
    const stanceOfColour = {};
    D.stances.forEach((s) => (stanceOfColour[s.colour] = s.name));
    const ge = add(svg, "g", { class: "edges" });
    graph.forEachEdge((key, attr, s, t) => {
      const d = renderer.getEdgeDisplayData(key);
      if (!d || d.hidden) return;
      const a = discOf(s), b = discOf(t);
      if (!a || !b) return;
      const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
      const ex = b.x - ((b.x - a.x) / len) * b.r, ey = b.y - ((b.y - a.y) / len) * b.r;
      const line = add(ge, "line", { x1: a.x.toFixed(1), y1: a.y.toFixed(1), x2: ex.toFixed(1), y2: ey.toFixed(1), stroke: d.color, "stroke-width": d.size.toFixed(1), "data-link": key });
      if (DASH[d.type]) line.setAttribute("stroke-dasharray", DASH[d.type]);
      if (stanceOfColour[d.color]) line.setAttribute("marker-end", "url(#arrow-" + stanceOfColour[d.color] + ")");
    });
    const gn = add(svg, "g", { class: "nodes" });
    const labelled = chooseLabels();
    graph.forEachNode((key) => {
      const d = renderer.getNodeDisplayData(key);
      const p = discOf(key);
      if (!p) return;
      add(gn, "circle", { cx: p.x.toFixed(1), cy: p.y.toFixed(1), r: p.r.toFixed(1), fill: d.color, stroke: "#ffffff", "stroke-width": "1", "data-id": nodes[+key].id });
    });
    const gl = add(svg, "g", { class: "labels", "font-size": LABEL_SIZE, "font-weight": "600" });
    for (const [v, b] of labelled) {
      add(gl, "text", { x: b.x.toFixed(1), y: (b.y + b.h / 2).toFixed(1), "dominant-baseline": "middle", stroke: "#ffffff", "stroke-width": "3", "paint-order": "stroke", fill: "#111111" }, nodes[v].label);
    }
    // Legend and title, for a printed or exported view.
    const lg = add(svg, "g", { class: "legend", "font-size": "11" });
    let y = 18;
    add(lg, "text", { x: 10, y, "font-size": "14", "font-weight": "bold" }, D.title);
    y += 18;
    const entries = S.colour === "kind"
      ? Object.keys(D.kinds).map((k) => [D.kinds[k], k])
      : D.clusters.slice(0, 10).map((c, k) => [c.colour, "cluster " + (k + 1)]);
    for (const [colour, name] of entries) {
      add(lg, "circle", { cx: 16, cy: y - 4, r: 5, fill: colour });
      add(lg, "text", { x: 26, y }, name);
      y += 15;
    }
    for (const st of D.stances) {
      add(lg, "line", { x1: 10, y1: y - 4, x2: 24, y2: y - 4, stroke: st.colour, "stroke-width": 2 });
      add(lg, "text", { x: 28, y }, st.name);
      y += 15;
    }
    for (const [name, cls] of [["asserted", null], ["hedged", "dashed"], ["negated", "dotted"]]) {
      const l = add(lg, "line", { x1: 10, y1: y - 4, x2: 24, y2: y - 4, stroke: "#333", "stroke-width": 2 });
      if (cls) l.setAttribute("stroke-dasharray", DASH[cls]);
      add(lg, "text", { x: 28, y }, name);
      y += 15;
    }
    return svg;
  }
  function svgText() {
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(viewSvg());
  }
  function fileName(ext) {
    const base = S.focus !== null ? "briefgraph-" + nodes[S.focus].id : "briefgraph";
    return base + "." + ext;
  }
  function download(blob, name) {
    const url = URL.createObjectURL(blob);
    const a = el("a", { href: url, download: name });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
  $("export-svg").addEventListener("click", () => download(new Blob([svgText()], { type: "image/svg+xml" }), fileName("svg")));
  $("export-png").addEventListener("click", () => {
    const url = URL.createObjectURL(new Blob([svgText()], { type: "image/svg+xml" }));
    const img = new Image();
    img.onload = () => {
      const scale = 2;
      const c = el("canvas", { width: img.width * scale, height: img.height * scale });
      const ctx = c.getContext("2d");
      ctx.scale(scale, scale);
      ctx.drawImage(img, 0, 0);
      URL.revokeObjectURL(url);
      c.toBlob((blob) => download(blob, fileName("png")), "image/png");
    };
    img.src = url;
  });
  // Print: the WebGL canvas is replaced by the same SVG while printing.
  window.addEventListener("beforeprint", () => {
    const box = $("print-view") || el("div", { id: "print-view" });
    clear(box);
    box.appendChild(viewSvg());
    $("stage").appendChild(box);
  });
  window.addEventListener("afterprint", () => { const b = $("print-view"); if (b) b.remove(); });
  $("print").addEventListener("click", () => window.print());

  // ---- Start: the fragment's state, the text and the panels first (they
  // set the canvas's size), then noverlap at that size, then sigma, whose
  // constructor draws the first frame: opening the page draws it once.
  readHash();
  $("title").textContent = D.title;
  if (D.view) $("view").textContent = "view: " + D.view;
  $("time").max = Math.max(0, dates.length - 1);
  $("time").disabled = !dates.length;
  buildFilters();
  groups();
  sources();
  const t3 = performance.now();
  showState();
  const applyMs = performance.now() - t3;
  const t1 = performance.now();
  spread($("canvas").clientWidth, $("canvas").clientHeight);
  const spreadMs = performance.now() - t1;

  // The label drawer needs the renderer during the constructor's frame:
  // the instance assigns itself on refresh(), which draws every frame that
  // re-reads the graph, the first included.
  class Explorer extends L.Sigma {
    refresh(opts) {
      renderer = this;
      return super.refresh(opts);
    }
  }
  const t2 = performance.now();
  renderer = new Explorer(graph, $("canvas"), {
    nodeReducer, edgeReducer,
    defaultDrawNodeLabel: drawLabel,
    labelRenderedSizeThreshold: 1e9,
    labelSize: LABEL_SIZE, labelFont: LABEL_FONT, labelWeight: "600",
    renderEdgeLabels: graph.size <= 3000,
    edgeLabelSize: 11, edgeLabelColor: { color: "#333" },
    enableEdgeEvents: true,
    defaultEdgeType: "arrow",
    edgeProgramClasses: { arrow: ArrowProgram, dashed: dashedProgram(6, 4), dotted: dashedProgram(1.6, 3) },
    nodeProgramClasses: { circle: flat(L.NodeCircleProgram) },
    hideEdgesOnMove: graph.size > 3000,
    zIndex: false,
    stagePadding: PAD,
    minEdgeThickness: 1,
  });
  renderer.on("beforeRender", () => (frameLabels = null));
  const drawMs = performance.now() - t2;
  renderer.on("clickNode", ({ node }) => focusNode(+node));
  renderer.on("clickEdge", ({ edge }) => select({ link: edge }));
  renderer.on("enterNode", () => ($("canvas").style.cursor = "pointer"));
  renderer.on("leaveNode", () => ($("canvas").style.cursor = ""));
  renderer.on("enterEdge", () => ($("canvas").style.cursor = "pointer"));
  renderer.on("leaveEdge", () => ($("canvas").style.cursor = ""));
  // A focus read from the fragment: fit the view to it.
  if (S.focus !== null) {
    frame();
    renderer.refresh();
  }

  // For tests, benchmarks and the curious: the library objects and what
  // the page decided, all read from sigma's own display data.
  window.briefgraph = {
    graph, renderer, state: S, layoutMs, spreadMs, spreadRounds, dates,
    timing: () => ({ layoutMs, spreadMs, drawMs, applyMs, startMs: performance.now() }),
    discs: () => discs().map((d) => ({ id: nodes[+d.key].id, x: d.x, y: d.y, r: d.r })),
    labels: () => [...chooseLabels()].map(([v, b]) => ({ id: nodes[v].id, label: nodes[v].label, x: b.x, y: b.y, w: b.w, h: b.h })),
    edges: () => graph.edges().filter((k) => { const d = renderer.getEdgeDisplayData(k); return d && !d.hidden; })
      .map((k) => { const d = renderer.getEdgeDisplayData(k); return { key: k, count: linkShown(k).length, color: d.color, type: d.type }; }),
    relationsShown: () => relOn.filter((x) => x).length,
    linkMidpoint: (key) => {
      const [s, t] = graph.extremities(key);
      const a = discOf(s), b = discOf(t);
      return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
    },
    svg: svgText,
  };
  requestAnimationFrame(() => {
    document.body.setAttribute("data-ready", "true");
  });
})();
