// briefgraph's interactive page. Every string from the data reaches the
// page through textContent or setAttribute, never through HTML parsing.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('graph-data').textContent);
  var SVG = 'http://www.w3.org/2000/svg';
  var stanceOf = {};
  data.classes.forEach(function (c) { stanceOf[c.name] = c.stance; });
  var sourceTitle = {};
  data.sources.forEach(function (s) { sourceTitle[s.id] = s.line; });

  function svgEl(tag, attrs, parent) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(e);
    return e;
  }
  function h(tag, text, cls, parent) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    if (parent) parent.appendChild(e);
    return e;
  }
  function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); }

  // Header.
  document.getElementById('title').textContent = data.title;
  document.getElementById('view').textContent = data.view || '';
  document.getElementById('counts').textContent =
    data.nodes.length + ' actors, ' + data.edges.length + ' relations';

  // Drawing.
  var svg = document.getElementById('canvas');
  var defs = svgEl('defs', {}, svg);
  data.stances.forEach(function (s) {
    var m = svgEl('marker', { id: 'head-' + s.name, viewBox: '0 0 10 10', refX: '10', refY: '5',
      markerWidth: '7', markerHeight: '7', orient: 'auto-start-reverse' }, defs);
    if (s.name === 'conflictual') {
      svgEl('path', { d: 'M0,5 L8,5 M8,0 L8,10', stroke: s.colour, 'stroke-width': '2.5', fill: 'none' }, m);
    } else if (s.name === 'structural') {
      svgEl('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#fff', stroke: s.colour, 'stroke-width': '1.2' }, m);
    } else {
      svgEl('path', { d: 'M0,0 L10,5 L0,10 z', fill: s.colour }, m);
    }
  });
  var viewport = svgEl('g', { id: 'viewport' }, svg);
  var edgeLayer = svgEl('g', { id: 'edges' }, viewport);
  var nodeLayer = svgEl('g', { id: 'nodes' }, viewport);

  var nodeEls = [];
  var sizes = [];
  data.nodes.forEach(function (n, i) {
    var g = svgEl('g', { 'class': 'node', 'data-id': n.id, transform: 'translate(' + n.x + ',' + n.y + ')' }, nodeLayer);
    var kind = data.kinds[n.kind] || { fill: '#ffffff' };
    var rect = svgEl('rect', { rx: n.round ? '14' : '3', fill: kind.fill, stroke: '#252525',
      'stroke-width': '1.2', 'stroke-dasharray': n.candidate ? '4 3' : 'none' }, g);
    var text = svgEl('text', { 'text-anchor': 'middle', dy: '0.35em' }, g);
    text.textContent = n.label;
    var title = svgEl('title', {}, g);
    title.textContent = n.label + ' (' + n.kind + ')';
    var w = Math.max(40, n.label.length * 6.6 + 16);
    rect.setAttribute('x', String(-w / 2));
    rect.setAttribute('y', '-12');
    rect.setAttribute('width', String(w));
    rect.setAttribute('height', '24');
    sizes.push({ w: w, h: 24 });
    g.addEventListener('click', function (ev) { ev.stopPropagation(); selectNode(i); });
    nodeEls.push(g);
  });

  // Parallel edges between one pair bend apart.
  var pairCount = {};
  var pairSeen = {};
  data.edges.forEach(function (e) {
    var key = Math.min(e.s, e.t) + ' ' + Math.max(e.s, e.t);
    pairCount[key] = (pairCount[key] || 0) + 1;
  });
  function border(i, dx, dy) {
    // Distance from a node's centre to its box edge along (dx, dy).
    var s = sizes[i];
    var len = Math.sqrt(dx * dx + dy * dy) || 1;
    var tx = Math.abs(dx) > 0 ? (s.w / 2) / Math.abs(dx / len) : Infinity;
    var ty = Math.abs(dy) > 0 ? (s.h / 2) / Math.abs(dy / len) : Infinity;
    return Math.min(tx, ty) + 3;
  }
  var edgeEls = [];
  var hitEls = [];
  data.edges.forEach(function (e, j) {
    var a = data.nodes[e.s], b = data.nodes[e.t];
    var key = Math.min(e.s, e.t) + ' ' + Math.max(e.s, e.t);
    var k = pairSeen[key] = (pairSeen[key] || 0) + 1;
    var total = pairCount[key];
    var dx = b.x - a.x, dy = b.y - a.y;
    var len = Math.sqrt(dx * dx + dy * dy) || 1;
    var sign = e.s < e.t ? 1 : -1;
    var bend = (k - (total + 1) / 2) * 22 * sign;
    var mx = (a.x + b.x) / 2 - dy / len * bend, my = (a.y + b.y) / 2 + dx / len * bend;
    var r0 = border(e.s, mx - a.x, my - a.y), r1 = border(e.t, b.x - mx, b.y - my);
    var l0 = Math.sqrt((mx - a.x) * (mx - a.x) + (my - a.y) * (my - a.y)) || 1;
    var l1 = Math.sqrt((b.x - mx) * (b.x - mx) + (b.y - my) * (b.y - my)) || 1;
    var x0 = a.x + (mx - a.x) / l0 * r0, y0 = a.y + (my - a.y) / l0 * r0;
    var x1 = b.x - (b.x - mx) / l1 * r1, y1 = b.y - (b.y - my) / l1 * r1;
    var d = 'M' + x0.toFixed(1) + ',' + y0.toFixed(1) + ' Q' + mx.toFixed(1) + ',' + my.toFixed(1) +
      ' ' + x1.toFixed(1) + ',' + y1.toFixed(1);
    var stance = stanceOf[e.class];
    var style = data.stances.filter(function (s) { return s.name === stance; })[0];
    var path = svgEl('path', { 'class': 'edge', d: d, stroke: style.colour, 'stroke-width': style.width,
      'marker-end': 'url(#head-' + stance + ')', 'data-id': e.id, 'data-class': e.class,
      'stroke-dasharray': e.polarity === 'hedged' ? '7 4' : (e.polarity === 'negated' ? '2 4' : 'none') }, edgeLayer);
    var hit = svgEl('path', { 'class': 'hit', d: d, 'data-class': e.class }, edgeLayer);
    var title = svgEl('title', {}, hit);
    title.textContent = relationText(e);
    hit.addEventListener('click', function (ev) { ev.stopPropagation(); selectEdge(j); });
    edgeEls.push(path);
    hitEls.push(hit);
  });

  function relationText(e) {
    var words = (e.polarity === 'negated' ? 'not ' : '') + e.predicate;
    var s = data.nodes[e.s].label + ' ' + words + ' ' + data.nodes[e.t].label;
    if (e.context) s += ' [' + e.context + ']';
    return s;
  }

  // Pan and zoom.
  var view = { x: 0, y: 0, k: 1 };
  function apply() {
    viewport.setAttribute('transform', 'translate(' + view.x + ',' + view.y + ') scale(' + view.k + ')');
  }
  function fit() {
    var r = svg.getBoundingClientRect();
    var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    data.nodes.forEach(function (n, i) {
      minX = Math.min(minX, n.x - sizes[i].w / 2); maxX = Math.max(maxX, n.x + sizes[i].w / 2);
      minY = Math.min(minY, n.y - 12); maxY = Math.max(maxY, n.y + 12);
    });
    if (!isFinite(minX)) { apply(); return; }
    var k = Math.min(r.width / (maxX - minX + 40), r.height / (maxY - minY + 40), 2);
    view.k = k;
    view.x = (r.width - (maxX + minX) * k) / 2;
    view.y = (r.height - (maxY + minY) * k) / 2;
    apply();
  }
  svg.addEventListener('wheel', function (ev) {
    ev.preventDefault();
    var r = svg.getBoundingClientRect();
    var px = ev.clientX - r.left, py = ev.clientY - r.top;
    var f = Math.exp(-ev.deltaY * 0.0015);
    var k = Math.min(8, Math.max(0.1, view.k * f));
    view.x = px - (px - view.x) * (k / view.k);
    view.y = py - (py - view.y) * (k / view.k);
    view.k = k;
    apply();
  }, { passive: false });
  var drag = null;
  svg.addEventListener('mousedown', function (ev) {
    drag = { x: ev.clientX, y: ev.clientY, vx: view.x, vy: view.y, moved: false };
    svg.classList.add('dragging');
  });
  window.addEventListener('mousemove', function (ev) {
    if (!drag) return;
    view.x = drag.vx + ev.clientX - drag.x;
    view.y = drag.vy + ev.clientY - drag.y;
    if (Math.abs(ev.clientX - drag.x) + Math.abs(ev.clientY - drag.y) > 3) drag.moved = true;
    apply();
  });
  var dragged = false;
  window.addEventListener('mouseup', function () {
    dragged = !!(drag && drag.moved);
    drag = null;
    svg.classList.remove('dragging');
  });
  svg.addEventListener('click', function () { if (!dragged) clearSelection(); });
  document.getElementById('fit').addEventListener('click', fit);
  window.addEventListener('resize', fit);

  function centreOn(i) {
    var r = svg.getBoundingClientRect();
    var n = data.nodes[i];
    view.k = Math.max(view.k, 1);
    view.x = r.width / 2 - n.x * view.k;
    view.y = r.height / 2 - n.y * view.k;
    apply();
  }

  // Search.
  var search = document.getElementById('search');
  var searchCount = document.getElementById('search-count');
  function matches(q) {
    q = q.trim().toLowerCase();
    if (!q) return [];
    var out = [];
    data.nodes.forEach(function (n, i) {
      var names = [n.label, n.id].concat(n.aliases);
      if (names.some(function (s) { return s.toLowerCase().indexOf(q) >= 0; })) out.push(i);
    });
    return out;
  }
  search.addEventListener('input', function () {
    var found = matches(search.value);
    var set = {};
    found.forEach(function (i) { set[i] = true; });
    nodeEls.forEach(function (g, i) {
      g.classList.toggle('match', !!set[i]);
      g.classList.toggle('dim', search.value.trim() !== '' && !set[i]);
    });
    searchCount.textContent = search.value.trim() ? found.length + ' found' : '';
  });
  search.addEventListener('keydown', function (ev) {
    if (ev.key !== 'Enter') return;
    var found = matches(search.value);
    if (found.length) { centreOn(found[0]); selectNode(found[0]); }
  });

  // Class filter.
  var menu = document.getElementById('class-menu');
  var shown = {};
  data.classes.forEach(function (c) {
    shown[c.name] = true;
    var label = h('label', null, null, menu);
    var box = h('input', null, null, label);
    box.type = 'checkbox';
    box.checked = true;
    box.value = c.name;
    var sw = h('span', null, 'swatch', label);
    sw.style.background = data.stances.filter(function (s) { return s.name === c.stance; })[0].colour;
    label.appendChild(document.createTextNode(c.name + ' (' + c.count + ')'));
    box.addEventListener('change', function () {
      shown[c.name] = box.checked;
      edgeEls.forEach(function (p, j) {
        var hide = !shown[data.edges[j].class];
        p.classList.toggle('hidden-class', hide);
        hitEls[j].classList.toggle('hidden-class', hide);
      });
      updateFilterSummary();
    });
  });
  function updateFilterSummary() {
    var on = data.classes.filter(function (c) { return shown[c.name]; }).length;
    document.getElementById('class-summary').textContent =
      on === data.classes.length ? 'All classes' : on + ' of ' + data.classes.length + ' classes';
  }
  updateFilterSummary();

  // Legend.
  var legend = document.getElementById('legend');
  Object.keys(data.kinds).sort().forEach(function (k) {
    var s = h('span', null, null, legend);
    var b = h('span', null, 'box', s);
    b.style.background = data.kinds[k].fill;
    s.appendChild(document.createTextNode(k));
  });
  h('br', null, null, legend);
  data.stances.forEach(function (s) {
    var e = h('span', '\u2501\u2501 ' + s.name, null, legend);
    e.style.color = s.colour;
  });
  h('span', '\u2500 \u2500 hedged', null, legend);
  h('span', '\u00b7 \u00b7 \u00b7 denied', null, legend);

  // Details.
  var details = document.getElementById('details-body');
  function clearSelection() {
    nodeEls.forEach(function (g) { g.classList.remove('selected'); });
    edgeEls.forEach(function (p) { p.classList.remove('selected'); });
    clear(details);
    h('p', 'Click an actor or a relation to see its evidence.', 'hint', details);
  }
  function evidence(e, parent) {
    if (!e.evidence.length) h('p', 'No quoted evidence.', 'hint', parent);
    e.evidence.forEach(function (q) {
      h('blockquote', q.text, 'quote', parent);
      var cite = q.source in sourceTitle ? sourceTitle[q.source] : q.source;
      if (q.where) cite += ', ' + q.where;
      h('div', '\u2014 ' + cite, 'cite', parent);
    });
  }
  function relationBlock(e, parent) {
    h('div', relationText(e), 'relation', parent);
    var meta = e.class + ', ' + e.polarity + (e.date ? ', ' + e.date : '') + ', ' + e.origin;
    h('div', meta, 'meta', parent);
    if (e.note) h('div', 'Note: ' + e.note, 'meta', parent);
    evidence(e, parent);
  }
  function selectNode(i) {
    clearSelection();
    clear(details);
    nodeEls[i].classList.add('selected');
    var n = data.nodes[i];
    h('h2', n.label, null, details);
    h('div', n.kind + (n.aliases.length ? ' \u2014 also ' + n.aliases.join(', ') : ''), 'meta', details);
    var rels = [];
    data.edges.forEach(function (e, j) { if (e.s === i || e.t === i) rels.push(j); });
    h('h3', rels.length + (rels.length === 1 ? ' relation' : ' relations'), null, details);
    rels.forEach(function (j) { relationBlock(data.edges[j], details); });
  }
  function selectEdge(j) {
    clearSelection();
    clear(details);
    edgeEls[j].classList.add('selected');
    h('h2', 'Relation', null, details);
    relationBlock(data.edges[j], details);
  }

  // Sources.
  var sources = document.getElementById('sources');
  if (data.sources.length) h('strong', 'Sources', null, sources);
  data.sources.forEach(function (s) { h('div', s.line, null, sources); });

  clearSelection();
  fit();
  document.body.setAttribute('data-ready', 'true');
})();
