// The dependency map's drawing: a plain SVG graph, no library. Nodes are grouped by kind into
// horizontal bands in dependency order (processes, services, systems, infrastructure, suppliers,
// externals, then any other kind), each band a heading on its left (kind and count) and a grid of
// equal boxes filled column by column, the nodes of a band ordered by the mean position of their
// neighbours in the bands around it (a few barycentre sweeps) so that edges run mostly downwards
// and cross little.
//
// Invariants: every node is one box of the same size in its own grid cell, and its label is
// measured (getComputedTextLength) and cut with an ellipsis to the box's label width, so no two
// labels can overlap each other or another node; the full name stays in the box's <title>.
// Edges are curves drawn beneath the boxes, light until a node is hovered or selected.
// The view is one transform (translate, scale) on a <g>: wheel zoom about the pointer, drag to
// pan, + − 0 and the arrow keys when the SVG has the focus, and fit() to any set of nodes. The layout is O(nodes + edges) per sweep: 500 nodes take
// a few hundred milliseconds, most of it the browser measuring the labels. A map smaller than
// its box shrinks the box to fit, so that the example municipality (41 nodes) shows whole, at
// scale 1, in a 1366×900 window.

const SVGNS = 'http://www.w3.org/2000/svg';
export const KIND_ORDER = ['process', 'service', 'system', 'infrastructure', 'supplier', 'external'];
const BOX_H = 22;       // a node's box
const ROW = 26;         // row pitch inside a band
const GAP_X = 14;       // between two boxes in a row
const BAND_MIN = 34;    // a band's least height: its heading's two lines
const BAND_GAP = 18;    // between bands (room for the edges' curves)
const HEAD_GAP = 14;    // between a band's heading, on its left, and its first box
const PAD = 12;         // around the drawing
const MARK = 22;        // the criticality mark left of the label
const LABEL_MAX = 168;  // a label longer than this is cut with an ellipsis (unless the box has room)
const LABEL_MIN = 60;
const FIT_PAD = 8;      // around the map when it is fitted to its box
const ZOOM_MIN = 0.05;
const ZOOM_MAX = 4;

function s(tag, attrs, ...kids) {
	const el = document.createElementNS(SVGNS, tag);
	for (const [k, v] of Object.entries(attrs || {})) {
		if (v !== null && v !== undefined) el.setAttribute(k, String(v));
	}
	for (const c of kids) {
		if (c !== null && c !== undefined) el.append(c);
	}
	return el;
}

/* The bands: kinds in KIND_ORDER first, then other kinds by name; empty kinds left out. */
function bandsOf(nodes) {
	const by = new Map();
	for (const n of nodes) {
		const k = n.kind || '';
		if (!by.has(k)) by.set(k, []);
		by.get(k).push(n);
	}
	const kinds = [...KIND_ORDER.filter((k) => by.has(k)), ...[...by.keys()].filter((k) => !KIND_ORDER.includes(k)).sort()];
	return kinds.map((kind) => ({kind, nodes: by.get(kind)}));
}

/*
 * Orders each band's nodes by the barycentre of their neighbours' positions (0..1) in the other
 * bands: a sweep down (neighbours above), a sweep up (neighbours below), and a final sweep down.
 * Nodes without a placed neighbour keep their relative (alphabetical) order.
 */
function orderBands(bands, adj) {
	const pos = new Map();
	const place = (b) => b.nodes.forEach((n, i) => pos.set(n.id, b.nodes.length > 1 ? i / (b.nodes.length - 1) : 0.5));
	for (const b of bands) {
		b.nodes.sort((x, y) => String(x.name || x.id).localeCompare(String(y.name || y.id), 'da'));
		place(b);
	}
	const sweep = (list, bandIndex, towards) => {
		for (const bi of list) {
			const b = bands[bi];
			const key = new Map();
			b.nodes.forEach((n, i) => {
				let sum = 0;
				let cnt = 0;
				for (const m of adj.get(n.id) || []) {
					const mb = bandIndex.get(m);
					if (mb === undefined || (towards < 0 ? mb >= bi : mb <= bi)) continue;
					sum += pos.get(m);
					cnt += 1;
				}
				key.set(n.id, cnt ? sum / cnt : pos.get(n.id) + i * 1e-9);
			});
			b.nodes.sort((x, y) => key.get(x.id) - key.get(y.id));
			place(b);
		}
	};
	const bandIndex = new Map();
	bands.forEach((b, i) => b.nodes.forEach((n) => bandIndex.set(n.id, i)));
	const down = bands.map((_, i) => i).slice(1);
	const up = bands.map((_, i) => i).reverse().slice(1);
	sweep(down, bandIndex, -1);
	sweep(up, bandIndex, 1);
	sweep(down, bandIndex, -1);
}

/* A band's height for a number of boxes per row. */
function bandHeight(b, cols) {
	return Math.max(BAND_MIN, Math.ceil(b.nodes.length / cols) * ROW - (ROW - BOX_H));
}

/* The drawing's height for a number of boxes per row. */
function heightFor(bands, cols) {
	let hgt = PAD * 2 - BAND_GAP;
	for (const b of bands) hgt += bandHeight(b, cols) + BAND_GAP;
	return hgt;
}

/*
 * Draws the graph into box (emptied first). opts: nodes [{id, name, kind, lvl}], edges
 * [{from, to, type, group}] (edges naming an unknown node are left out), kindLabel(kind) → text,
 * countLabel(n) → text (under the kind in a band's heading),
 * tooltip(node) → text, edgeTitle(edge) → text, onPick(id) when a node is clicked,
 * onBackground() when the empty canvas is clicked, label (the SVG's accessible name).
 * Returns the graph (see the methods at the end).
 */
export function drawGraph(box, opts) {
	const t0 = performance.now();
	const nodes = opts.nodes;
	const byId = new Map(nodes.map((n) => [n.id, n]));
	const edges = opts.edges.filter((e) => byId.has(e.from) && byId.has(e.to) && e.from !== e.to);
	const adj = new Map();
	const edgeEls = new Map(); // node id → its edges' paths
	for (const e of edges) {
		for (const [a, b] of [[e.from, e.to], [e.to, e.from]]) {
			if (!adj.has(a)) adj.set(a, []);
			adj.get(a).push(b);
		}
	}
	while (box.firstChild) box.removeChild(box.firstChild);
	const svg = s('svg', {class: 'map-svg', role: 'img', tabindex: 0, 'aria-label': opts.label || '', 'data-nodes': nodes.length});
	const defs = s('defs', null,
		s('marker', {id: 'map-arrow', viewBox: '0 0 8 8', refX: 7, refY: 4, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse'},
			s('path', {d: 'M0,0 L8,4 L0,8 z', class: 'map-arrow'})),
		s('marker', {id: 'map-arrow-hl', viewBox: '0 0 8 8', refX: 7, refY: 4, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse'},
			s('path', {d: 'M0,0 L8,4 L0,8 z', class: 'map-arrow hl'})),
		s('marker', {id: 'map-arrow-fails', viewBox: '0 0 8 8', refX: 7, refY: 4, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse'},
			s('path', {d: 'M0,0 L8,4 L0,8 z', class: 'map-arrow fails'})));
	const view = s('g', {class: 'map-view'});
	const bandLayer = s('g', {class: 'map-bands'});
	const edgeLayer = s('g', {class: 'map-edges'});
	const nodeLayer = s('g', {class: 'map-nodes'});
	view.append(bandLayer, edgeLayer, nodeLayer);
	svg.append(defs, view);
	box.append(svg);

	// the nodes first, in the document, so that their labels can be measured in one layout pass
	const nodeEls = new Map();
	for (const n of nodes) {
		const name = String(n.name || n.id);
		const text = s('text', {class: 'map-label', x: MARK, y: 15}, name);
		const g = s('g', {class: 'map-node lvl-' + (n.lvl || 0) + ' kind-' + (n.kind || 'other'), 'data-node': n.id},
			s('title', null, opts.tooltip ? opts.tooltip(n) : name),
			s('rect', {class: 'map-box', width: 0, height: BOX_H, rx: 4}),
			s('circle', {class: 'map-mark', cx: 11, cy: BOX_H / 2, r: 6}),
			text);
		g.text = text;
		g.fullName = name;
		nodeLayer.append(g);
		nodeEls.set(n.id, g);
	}
	// the bands' headings (kind, then the count below), measured in the same pass
	const bands = bandsOf(nodes);
	const heads = bands.map((b) => {
		const kind = s('tspan', {x: PAD, dy: 0}, opts.kindLabel ? opts.kindLabel(b.kind) : b.kind);
		const cnt = s('tspan', {x: PAD, dy: 15, class: 'map-band-count'}, opts.countLabel ? opts.countLabel(b.nodes.length) : String(b.nodes.length));
		const text = s('text', {class: 'map-band-label'}, kind, cnt);
		bandLayer.append(text);
		return {text, kind, cnt};
	});
	const ellipsis = s('text', {class: 'map-label'}, '\u2026');
	nodeLayer.append(ellipsis);
	const ellW = ellipsis.getComputedTextLength();
	ellipsis.remove();
	let widest = LABEL_MIN;
	const lens = new Map();
	for (const [id, g] of nodeEls) {
		const w = g.text.getComputedTextLength();
		lens.set(id, w);
		if (w > widest) widest = w;
	}
	let labelW = Math.ceil(Math.min(widest, LABEL_MAX));
	const headW = Math.ceil(Math.max(40, ...heads.map((x) => Math.max(x.kind.getComputedTextLength(), x.cnt.getComputedTextLength())))) + HEAD_GAP;

	// boxes per row: as many as fit the box's width; more when the drawing would otherwise be
	// much taller than the box is wide (a big map), so that fitting it keeps a useful scale
	orderBands(bands, adj);
	box.style.height = '';
	const W = Math.floor(svg.getBoundingClientRect().width) || 800;
	const H = Math.floor(svg.getBoundingClientRect().height) || 500;
	const room = W - 2 * FIT_PAD - 2 * PAD - headW + GAP_X - 2; // 2 px spare for rounding
	let pitch = MARK + labelW + 8 + GAP_X;
	let cols = Math.max(1, Math.floor(room / pitch));
	const widestBand = Math.max(...bands.map((b) => b.nodes.length));
	if (heightFor(bands, cols) > H) {
		while (cols < widestBand && (headW + cols * pitch) / heightFor(bands, cols) < W / H) cols += 1;
	} else if (widest > labelW) {
		// the map fits its box's width: the labels take the width the boxes leave over
		labelW = Math.max(labelW, Math.min(Math.ceil(widest), Math.floor(room / cols) - GAP_X - MARK - 8));
		pitch = MARK + labelW + 8 + GAP_X;
	}
	cols = Math.min(cols, Math.max(1, widestBand));
	const boxW = MARK + labelW + 8;
	const cut = [];
	for (const [id, g] of nodeEls) {
		if (lens.get(id) > labelW) cut.push(g);
	}
	// measure all first, then change: one layout pass, not one per label
	const ctx = document.createElement('canvas').getContext('2d');
	if (cut.length) ctx.font = getComputedStyle(cut[0].text).font;
	const cuts = cut.map((g) => cutLength(ctx, g.fullName, lens.get(g.dataset.node), labelW, ellW));
	cut.forEach((g, i) => {
		g.text.textContent = g.fullName.slice(0, cuts[i]).trimEnd() + '\u2026';
		g.classList.add('cut');
	});
	for (const g of nodeEls.values()) g.querySelector('rect').setAttribute('width', boxW);
	const width = 2 * PAD + headW + cols * pitch - GAP_X;
	const pos = new Map();
	const groups = [];
	let y = PAD;
	bands.forEach((b, bi) => {
		const rows = Math.ceil(b.nodes.length / cols);
		const used = Math.ceil(b.nodes.length / rows);
		const bandH = bandHeight(b, cols);
		const x0 = PAD + headW + ((cols - used) * pitch) / 2;
		const y0 = y + (bandH - (rows * ROW - (ROW - BOX_H))) / 2;
		const head = heads[bi];
		head.text.setAttribute('y', y + 12);
		head.kind.setAttribute('y', y + 12);
		const g = s('g', {class: 'map-group' + (bi % 2 ? ' odd' : ''), 'data-kind': b.kind, 'data-count': b.nodes.length},
			s('rect', {class: 'map-band', x: PAD / 2, y: y - 6, width: width - PAD, height: bandH + 12, rx: 6}),
			head.text);
		bandLayer.append(g);
		groups.push({kind: b.kind, y, h: bandH});
		b.nodes.forEach((n, i) => {
			const x = x0 + Math.floor(i / rows) * pitch;
			const ny = y0 + (i % rows) * ROW;
			pos.set(n.id, {x, y: ny, w: boxW, h: BOX_H, band: bi});
			nodeEls.get(n.id).setAttribute('transform', 'translate(' + x + ',' + ny + ')');
		});
		y += bandH + BAND_GAP;
	});
	const height = y - BAND_GAP + PAD;
	// a small map, lower than its box once fitted to the box's width: the box shrinks to it
	// (never below its CSS min-height); a big one keeps the whole box, to zoom into
	const kW = Math.min(1, (W - 2 * FIT_PAD) / width);
	if (kW >= 0.75 && height * kW + 2 * FIT_PAD < H) box.style.height = Math.ceil(height * kW + 2 * FIT_PAD + (box.offsetHeight - box.clientHeight)) + 'px';

	// edges: from the bottom of a node to the top of the one it depends on when that lies below,
	// from the top to the bottom when it lies above, and a loop over the row within one row
	const frag = document.createDocumentFragment();
	for (const e of edges) {
		const a = pos.get(e.from);
		const b = pos.get(e.to);
		let d;
		const ax = a.x + a.w / 2;
		const bx = b.x + b.w / 2;
		if (b.y > a.y + BOX_H / 2) {
			const y1 = a.y + BOX_H;
			const y2 = b.y - 1;
			const c = Math.max(12, (y2 - y1) / 2);
			d = 'M' + ax + ',' + y1 + ' C' + ax + ',' + (y1 + c) + ' ' + bx + ',' + (y2 - c) + ' ' + bx + ',' + y2;
		} else if (b.y < a.y - BOX_H / 2) {
			const y1 = a.y;
			const y2 = b.y + BOX_H + 1;
			const c = Math.max(12, (y1 - y2) / 2);
			d = 'M' + ax + ',' + y1 + ' C' + ax + ',' + (y1 - c) + ' ' + bx + ',' + (y2 + c) + ' ' + bx + ',' + y2;
		} else {
			const y1 = a.y;
			const lift = Math.min(ROW, 8 + Math.abs(bx - ax) / 6);
			d = 'M' + ax + ',' + y1 + ' C' + ax + ',' + (y1 - lift) + ' ' + bx + ',' + (y1 - lift) + ' ' + bx + ',' + (b.y - 1);
		}
		const p = s('path', {class: 'map-edge' + (e.group ? ' alt' : ''), d, 'data-from': e.from, 'data-to': e.to, 'marker-end': 'url(#map-arrow)'},
			opts.edgeTitle ? s('title', null, opts.edgeTitle(e)) : null);
		p.edge = e;
		frag.append(p);
		for (const id of [e.from, e.to]) {
			if (!edgeEls.has(id)) edgeEls.set(id, []);
			edgeEls.get(id).push(p);
		}
	}
	edgeLayer.append(frag);

	const g = {
		svg, box, nodes, edges, byId, pos, groups, width, height, cols, labelW, boxWidth: box.clientWidth,
		k: 1, tx: 0, ty: 0, selected: null, layoutMs: 0,
	};

	const apply = () => {
		view.setAttribute('transform', 'translate(' + g.tx + ',' + g.ty + ') scale(' + g.k + ')');
		svg.dataset.scale = g.k.toFixed(4);
	};
	/* Zoom by a factor about a point of the SVG (its centre by default). */
	g.zoomBy = (f, cx, cy) => {
		const r = svg.getBoundingClientRect();
		if (cx === undefined) cx = r.width / 2;
		if (cy === undefined) cy = r.height / 2;
		const k = Math.min(ZOOM_MAX, Math.max(ZOOM_MIN, g.k * f));
		g.tx = cx - ((cx - g.tx) * k) / g.k;
		g.ty = cy - ((cy - g.ty) * k) / g.k;
		g.k = k;
		apply();
	};
	/* Fits the boxes of ids (all nodes when none) into the view, at most at scale maxK. */
	g.fit = (ids, pad = 24, maxK = 1) => {
		const r = svg.getBoundingClientRect();
		const vw = r.width || W;
		const vh = r.height || H;
		let x1 = 0;
		let y1 = 0;
		let x2 = width;
		let y2 = height;
		if (ids && ids.length) {
			x1 = y1 = Infinity;
			x2 = y2 = -Infinity;
			for (const id of ids) {
				const p = pos.get(id);
				if (!p) continue;
				x1 = Math.min(x1, p.x);
				y1 = Math.min(y1, p.y);
				x2 = Math.max(x2, p.x + p.w);
				y2 = Math.max(y2, p.y + p.h);
			}
			if (x1 === Infinity) return;
		}
		const k = Math.max(ZOOM_MIN, Math.min(maxK, (vw - 2 * pad) / (x2 - x1), (vh - 2 * pad) / (y2 - y1)));
		g.k = k;
		g.tx = vw / 2 - k * (x1 + x2) / 2;
		g.ty = vh / 2 - k * (y1 + y2) / 2;
		apply();
	};
	/* The whole map, at most at scale 1. */
	g.fitAll = () => g.fit(null, FIT_PAD, 1);
	/* The selected node and what it directly depends on, centred and as large as fits (≤ 1.5). */
	g.zoomToSelection = () => {
		if (!g.selected) return;
		const ids = [g.selected, ...edges.filter((e) => e.from === g.selected).map((e) => e.to)];
		g.fit(ids, 40, 1.5);
	};
	/* Centres a node without changing the scale when it lies outside the view. */
	g.reveal = (id) => {
		const p = pos.get(id);
		if (!p) return;
		const r = svg.getBoundingClientRect();
		const sx = g.tx + g.k * p.x;
		const sy = g.ty + g.k * p.y;
		if (sx >= 0 && sy >= 0 && sx + g.k * p.w <= r.width && sy + g.k * p.h <= r.height) return;
		g.tx = r.width / 2 - g.k * (p.x + p.w / 2);
		g.ty = r.height / 2 - g.k * (p.y + p.h / 2);
		apply();
	};
	/* A node's centre in the SVG's own (client-box) coordinates. */
	g.renderedCentre = (id) => {
		const p = pos.get(id);
		return p ? {x: g.tx + g.k * (p.x + p.w / 2), y: g.ty + g.k * (p.y + p.h / 2)} : null;
	};

	const mark = (id, cls, on) => {
		const el = nodeEls.get(id);
		if (el) el.classList.toggle(cls, on);
		for (const p of edgeEls.get(id) || []) {
			p.classList.toggle(cls, on);
			syncArrow(p);
		}
	};
	/* Selects a node (null: none): its box and edges lit, what it directly depends on outlined. */
	g.select = (id) => {
		if (g.selected) mark(g.selected, 'sel', false);
		for (const el of nodeLayer.querySelectorAll('.map-node.dep')) el.classList.remove('dep');
		g.selected = byId.has(id) ? id : null;
		if (!g.selected) return;
		mark(g.selected, 'sel', true);
		for (const e of edges) {
			if (e.from === g.selected) nodeEls.get(e.to).classList.add('dep');
		}
	};
	/* ids: the node and what fails with it (the rest dimmed), or null to clear. */
	g.setImpact = (ids) => {
		svg.classList.toggle('impact', !!ids);
		for (const [id, el] of nodeEls) el.classList.toggle('fails', !!ids && ids.has(id));
		for (const p of edgeLayer.children) {
			p.classList.toggle('fails', !!ids && ids.has(p.edge.from) && ids.has(p.edge.to));
			syncArrow(p);
		}
	};
	/* ids: the nodes a search matched (the rest faded), or null to clear. */
	g.setMatches = (ids) => {
		svg.classList.toggle('searching', !!ids);
		for (const [id, el] of nodeEls) el.classList.toggle('match', !!ids && ids.has(id));
	};
	g.hasClass = (id, cls) => !!nodeEls.get(id) && nodeEls.get(id).classList.contains(cls);

	// pointer: hover lights a node's edges; a drag pans; a click without a drag picks a node
	let hover = null;
	nodeLayer.addEventListener('pointerover', (ev) => {
		const el = ev.target.closest('.map-node');
		const id = el ? el.dataset.node : null;
		if (id === hover) return;
		if (hover) mark(hover, 'hl', false);
		hover = id;
		if (hover) mark(hover, 'hl', true);
	});
	nodeLayer.addEventListener('pointerleave', () => {
		if (hover) mark(hover, 'hl', false);
		hover = null;
	});
	let drag = null;
	svg.addEventListener('pointerdown', (ev) => {
		if (ev.button !== 0) return;
		drag = {x: ev.clientX, y: ev.clientY, tx: g.tx, ty: g.ty, moved: false, id: ev.pointerId};
	});
	svg.addEventListener('pointermove', (ev) => {
		if (!drag || ev.pointerId !== drag.id) return;
		const dx = ev.clientX - drag.x;
		const dy = ev.clientY - drag.y;
		if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
		if (!drag.moved) {
			drag.moved = true;
			svg.classList.add('panning');
			try {
				svg.setPointerCapture(ev.pointerId);
			} catch (_) { /* the pointer is gone */ }
		}
		g.tx = drag.tx + dx;
		g.ty = drag.ty + dy;
		apply();
	});
	const end = (ev) => {
		if (!drag || ev.pointerId !== drag.id) return;
		const wasDrag = drag.moved;
		drag = null;
		svg.classList.remove('panning');
		if (wasDrag || ev.type !== 'pointerup') return;
		const el = ev.target.closest && ev.target.closest('.map-node');
		if (el) {
			if (opts.onPick) opts.onPick(el.dataset.node);
		} else if (opts.onBackground) {
			opts.onBackground();
		}
	};
	svg.addEventListener('pointerup', end);
	svg.addEventListener('pointercancel', end);
	// the keyboard, once the map has the focus: + and − zoom, 0 fits the whole map, arrows pan
	svg.addEventListener('keydown', (ev) => {
		if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
		const step = 60;
		const pan = {ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step]}[ev.key];
		if (pan) {
			g.tx += pan[0];
			g.ty += pan[1];
			apply();
		} else if (ev.key === '+' || ev.key === '=') {
			g.zoomBy(1.25);
		} else if (ev.key === '-' || ev.key === '\u2212') {
			g.zoomBy(0.8);
		} else if (ev.key === '0') {
			g.fitAll();
		} else {
			return;
		}
		ev.preventDefault();
	});
	svg.addEventListener('wheel', (ev) => {
		ev.preventDefault();
		const r = svg.getBoundingClientRect();
		const dy = ev.deltaMode === 1 ? ev.deltaY * 16 : ev.deltaY;
		g.zoomBy(Math.exp(-dy * 0.0015), ev.clientX - r.left, ev.clientY - r.top);
	}, {passive: false});

	g.fit(null, FIT_PAD, 1);
	g.layoutMs = performance.now() - t0;
	svg.dataset.layoutMs = g.layoutMs.toFixed(1);
	return g;
}

/* The marker of a path follows its state: highlighted, failing, or plain. */
function syncArrow(p) {
	const c = p.classList;
	const m = c.contains('fails') ? 'map-arrow-fails' : (c.contains('hl') || c.contains('sel')) ? 'map-arrow-hl' : 'map-arrow';
	p.setAttribute('marker-end', 'url(#' + m + ')');
}

/*
 * How many characters of full fit max px with a trailing ellipsis (ellW px wide), full being
 * fullW px wide as the SVG drew it: a binary search on a canvas's measureText of prefixes in
 * the label's font, scaled to the SVG's own measure of the whole (no layout pass per try;
 * Chromium's getSubStringLength proved unreliable for this).
 */
function cutLength(ctx, full, fullW, max, ellW) {
	const ratio = fullW / (ctx.measureText(full).width || 1);
	let lo = 0;
	let hi = full.length;
	while (lo < hi) {
		const mid = Math.ceil((lo + hi) / 2);
		if (ctx.measureText(full.slice(0, mid).trimEnd()).width * ratio + ellW <= max) lo = mid;
		else hi = mid - 1;
	}
	return lo;
}
