// The dependency map (procedure steps 1–3): an SVG graph (map_graph.js) with the nodes grouped by
// kind into bands in dependency order (processes and services on top, what they depend on
// below), coloured by effective criticality, with a search box, zoom and pan. Choosing a node (in
// the graph, through the search, or in the keyboard-usable list) shows why it has its
// criticality and what fails if it fails (GET …/impact/{node}). Forms add nodes and edges
// (POST …/nodes, …/edges); a KITOS export adds and updates systems and suppliers (integrations.js).

import {get, post, orgPath, getAll} from './api.js';
import {t, term, termKeys, LEVELS, levelText, levelIndex} from './i18n.js';
import {h, field, clear, levelBadge, statusLine, errorText, errorBox, tableWrap, pageTitle, stepsNote, fmtDate} from './dom.js';
import {drawGraph as draw} from './map_graph.js';
import {kitosPanel} from './integrations.js';

const MAX_DRAWN = 1500;
const MAX_RESULTS = 8;
const COLOURS = {0: '#9e9e9e', 1: '#2e7d32', 2: '#f9a825', 3: '#ef6c00', 4: '#c62828'};

export async function render(view, ctx) {
	const state = {ctx, nodes: [], edges: [], byId: new Map(), graph: null, selected: ctx.params.get('node'), total: 0};
	view.append(pageTitle(t('map_title')), stepsNote([1, 2, 3]), h('p', {class: 'intro'}, t('map_intro')));

	const graphBox = h('div', {id: 'cy', class: 'graph'});
	const tool = (id, label, text, onclick) => h('button', {type: 'button', class: 'secondary small', id, 'aria-label': label, title: label, onclick}, text);
	const zoomSel = tool('map-zoom-sel', t('map_zoom_selection'), t('map_zoom_selection'), () => state.graph && state.graph.zoomToSelection());
	zoomSel.disabled = true;
	const zoomTools = h('div', {class: 'zoom-tools', role: 'group', 'aria-label': t('map_zoom')},
		tool('map-zoom-in', t('map_zoom_in'), '+', () => state.graph && state.graph.zoomBy(1.25)),
		tool('map-zoom-out', t('map_zoom_out'), '\u2212', () => state.graph && state.graph.zoomBy(0.8)),
		tool('map-fit', t('map_fit'), t('map_fit'), () => state.graph && state.graph.fitAll()),
		zoomSel);
	const detail = h('aside', {class: 'card detail', id: 'node-detail', 'aria-live': 'polite', 'aria-labelledby': 'node-detail-h'},
		h('h2', {id: 'node-detail-h'}, t('node')), h('p', {class: 'empty'}, t('map_select_hint')));
	const notice = h('p', {class: 'notice', hidden: true});
	const listBox = h('section', {class: 'card', id: 'node-list', 'aria-labelledby': 'node-list-h'});
	state.detail = detail;
	state.graphBox = graphBox;
	state.notice = notice;
	state.listBox = listBox;
	state.zoomSel = zoomSel;

	view.append(
		h('div', {class: 'map-layout'},
			h('div', {class: 'graph-col'},
				h('div', {class: 'graph-tools'}, searchBox(state), zoomTools),
				legend(), graphBox, notice),
			detail),
		listBox,
		ctx.can.map ? h('div', {class: 'forms-2'}, nodeForm(state), edgeForm(state)) : h('span'),
		ctx.can.map ? kitosPanel(ctx, () => reload(state)) : h('span'));

	await reload(state);
	// a box that changes width (a resized window, a turned tablet) gets a layout of its own
	let timer = 0;
	const ro = new ResizeObserver(() => {
		clearTimeout(timer);
		timer = setTimeout(() => {
			if (state.graph && Math.abs(graphBox.clientWidth - state.graph.boxWidth) > 24) redraw(state);
		}, 150);
	});
	ro.observe(graphBox);
	return () => {
		ro.disconnect();
		clearTimeout(timer);
		state.graph = null;
		if (window.skjoldMap && window.skjoldMap.state === state) delete window.skjoldMap;
	};
}

function legend() {
	return h('ul', {class: 'legend', 'aria-label': t('map_legend')},
		LEVELS.map((l) => h('li', null, h('span', {class: 'swatch lvl-' + levelIndex(l), 'aria-hidden': 'true'}), levelText(l))));
}

/*
 * The search box: typing highlights the nodes whose name or id contains the text (the rest fade)
 * and lists the first matches; Enter, or choosing a match, selects the node and zooms to it.
 */
function searchBox(state) {
	const results = h('ul', {class: 'search-results', id: 'map-search-results', hidden: true});
	const count = h('span', {class: 'search-count', id: 'map-search-count', role: 'status', 'aria-live': 'polite'});
	const f = field(t('map_search'), 'input', {type: 'search', id: 'map-search', autocomplete: 'off',
		placeholder: t('map_search_placeholder'), 'aria-controls': 'map-search-results'});
	const input = f.control;
	// a choice closes the list and lifts the fading (typing again brings both back)
	const choose = (id) => {
		results.hidden = true;
		if (state.graph) state.graph.setMatches(null);
		select(state, id, true);
		if (state.graph) state.graph.zoomToSelection();
	};
	const update = () => {
		const q = input.value.trim().toLowerCase();
		clear(results);
		if (!q) {
			state.matches = [];
			results.hidden = true;
			count.textContent = '';
			if (state.graph) state.graph.setMatches(null);
			return;
		}
		const m = state.nodes.filter((n) => (String(n.name || '') + ' ' + n.id).toLowerCase().includes(q));
		// names that start with the text first, then the rest, each alphabetically
		const starts = (n) => (String(n.name || n.id).toLowerCase().startsWith(q) ? 0 : 1);
		m.sort((a, b) => starts(a) - starts(b) || String(a.name || a.id).localeCompare(String(b.name || b.id), 'da'));
		state.matches = m;
		count.textContent = m.length ? t('map_search_count', {n: m.length}) : t('map_search_none');
		if (state.graph) state.graph.setMatches(new Set(m.map((n) => n.id)));
		for (const n of m.slice(0, MAX_RESULTS)) {
			results.append(h('li', null, h('button', {type: 'button', class: 'link-button', dataset: {node: n.id},
				onclick: () => choose(n.id)}, (n.name || n.id) + ' ', h('small', {class: 'sub'}, n.id + ' · ' + term('node_kind', n.kind)))));
		}
		results.hidden = !m.length;
	};
	input.addEventListener('input', update);
	input.addEventListener('keydown', (ev) => {
		if (ev.key === 'Enter') {
			ev.preventDefault();
			if (state.matches && state.matches.length) choose(state.matches[0].id);
		} else if (ev.key === 'ArrowDown' && results.firstChild) {
			ev.preventDefault();
			results.querySelector('button').focus();
		}
	});
	results.addEventListener('keydown', (ev) => {
		if (ev.key !== 'ArrowDown' && ev.key !== 'ArrowUp') return;
		const li = ev.target.closest('li');
		const next = li && (ev.key === 'ArrowDown' ? li.nextElementSibling : li.previousElementSibling);
		ev.preventDefault();
		if (next) next.querySelector('button').focus();
		else if (ev.key === 'ArrowUp') input.focus();
	});
	state.searchUpdate = update;
	return h('div', {class: 'map-search'}, f, count, results);
}

async function reload(state) {
	const {ctx} = state;
	try {
		const [nodes, edges] = await Promise.all([
			getAll(orgPath(ctx.org, 'nodes'), MAX_DRAWN),
			getAll(orgPath(ctx.org, 'edges'), MAX_DRAWN * 4),
		]);
		state.nodes = nodes;
		state.total = nodes.total || nodes.length;
		state.edges = edges;
		state.byId = new Map(nodes.map((n) => [n.id, n]));
	} catch (e) {
		clear(state.listBox).append(errorBox(e));
		return;
	}
	renderList(state);
	refreshEdgeSelects(state);
	drawMap(state);
	if (state.searchUpdate) state.searchUpdate();
	if (state.selected && state.byId.has(state.selected)) {
		select(state, state.selected);
		// a link to one node of a map too big to read whole: show that node and its dependencies
		if (state.graph && state.graph.k < 0.8) state.graph.zoomToSelection();
	}
}

function drawMap(state) {
	const {graphBox, notice} = state;
	if (state.total > state.nodes.length) {
		notice.hidden = false;
		notice.textContent = t('map_truncated', {n: state.nodes.length, total: state.total});
	} else {
		notice.hidden = true;
	}
	state.graph = null;
	if (!state.nodes.length) {
		clear(graphBox).append(h('p', {class: 'empty graph-empty'}, t('map_empty')));
		return;
	}
	if (!graphBox.isConnected) return;
	const nodes = state.nodes.map((n) => ({id: n.id, name: n.name || n.id, kind: n.kind, lvl: levelIndex(n.effective_criticality)}));
	state.graph = draw(graphBox, {
		nodes,
		edges: state.edges,
		label: t('map_graph_label'),
		kindLabel: (k) => term('node_kind_plural', k),
		countLabel: (n) => t('map_group_count', {n}),
		tooltip: (n) => n.name + ' (' + n.id + ') · ' + term('node_kind', n.kind) + ' · ' +
			(state.byId.get(n.id).effective_criticality ? levelText(state.byId.get(n.id).effective_criticality) : '–'),
		edgeTitle: (e) => nameOf(state, e.from) + ' ' + term('edge_type', e.type) + ' ' + nameOf(state, e.to) + (e.group ? ' [' + e.group + ']' : ''),
		onPick: (id) => select(state, id, false),
		onBackground: () => clearImpact(state),
	});
	window.skjoldMap = mapProbe(state);
}

/* The map drawn again for the box's new size, keeping the selection, its impact and the search. */
function redraw(state) {
	drawMap(state);
	if (!state.graph) return;
	if (state.selected) state.graph.select(state.selected);
	if (state.impact) state.graph.setImpact(state.impact);
	if (state.searchUpdate) state.searchUpdate();
	state.graphBox.dataset.redrawn = String((Number(state.graphBox.dataset.redrawn) || 0) + 1);
}

function nameOf(state, id) {
	const n = state.byId.get(id);
	return n ? (n.name || id) : id;
}

/*
 * window.skjoldMap: what the browser tests and scripts/screenshots.mjs read of the drawn map
 * (nodes, edges, a node's rendered position, colour and classes, zoom and fit).
 */
function mapProbe(state) {
	const g = () => state.graph;
	const rgb = (hex) => 'rgb(' + [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(',') + ')';
	const node = (id) => {
		const n = state.byId.get(id);
		if (!n || !g() || !g().pos.has(id)) return {nonempty: () => false, empty: () => true, length: 0};
		const lvl = levelIndex(n.effective_criticality);
		return {
			length: 1, nonempty: () => true, empty: () => false, id: () => id,
			data: (k) => ({id, lvl, kind: n.kind, label: n.name || id})[k],
			style: (k) => (k === 'background-color' ? rgb(COLOURS[lvl]) : undefined),
			renderedPosition: () => g().renderedCentre(id),
			hasClass: (c) => g().hasClass(id, c),
		};
	};
	const nodes = (sel) => {
		let list = state.nodes.map((n) => node(n.id)).filter((x) => x.nonempty());
		if (sel && sel[0] === '.') list = list.filter((x) => x.hasClass(sel.slice(1)));
		return list;
	};
	return {
		state,
		nodes,
		edges: () => (g() ? g().edges : []).map((e) => ({source: () => node(e.from), target: () => node(e.to), data: (k) => e[k]})),
		getElementById: node,
		container: () => (g() ? g().svg : state.graphBox),
		width: () => state.graphBox.clientWidth,
		height: () => state.graphBox.clientHeight,
		zoom: (arg) => {
			if (!g()) return 1;
			if (arg && typeof arg === 'object') g().zoomBy(arg.level / g().k);
			else if (typeof arg === 'number') g().zoomBy(arg / g().k);
			return g().k;
		},
		fit: (eles, pad) => g() && g().fit(eles && eles.length ? eles.map((x) => x.id()) : null, pad || 16, 4),
	};
}

function renderList(state) {
	const {listBox} = state;
	clear(listBox);
	listBox.append(h('h2', {id: 'node-list-h'}, t('map_nodes') + ' (' + state.total + ')'));
	if (!state.nodes.length) {
		listBox.append(h('p', {class: 'empty'}, t('map_empty')));
		return;
	}
	const order = {process: 0, service: 1, system: 2, infrastructure: 3, supplier: 4, external: 5};
	const sorted = [...state.nodes].sort((a, b) => (order[a.kind] ?? 9) - (order[b.kind] ?? 9) ||
		String(a.name || a.id).localeCompare(String(b.name || b.id), 'da'));
	const search = field(t('filter_text'), 'input', {type: 'search', id: 'node-filter', autocomplete: 'off', value: state.nodeFilter || ''});
	const tbody = h('tbody');
	const applyFilter = () => {
		const q = search.control.value.trim().toLowerCase();
		state.nodeFilter = search.control.value;
		for (const tr of tbody.rows) tr.hidden = !!q && !tr.dataset.hay.includes(q);
	};
	search.control.addEventListener('input', applyFilter);
	listBox.append(h('div', {class: 'filters'}, search));
	for (const n of sorted) {
		tbody.append(h('tr', {dataset: {node: n.id, hay: [n.id, n.name, n.owner, n.kind, term('node_kind', n.kind), n.effective_criticality].join(' ').toLowerCase()}},
			h('td', null, h('button', {type: 'button', class: 'link-button node-pick', dataset: {node: n.id},
				onclick: () => select(state, n.id, true)}, n.name || n.id)),
			h('td', null, h('code', null, n.id)),
			h('td', null, term('node_kind', n.kind)),
			h('td', null, levelBadge(n.effective_criticality)),
			h('td', null, fmtDate(n.review_due), n.review_overdue ? h('span', {class: 'badge warn'}, t('overdue')) : null)));
	}
	listBox.append(tableWrap(h('table', {class: 'data', id: 'node-table'},
		h('thead', null, h('tr', null,
			[t('name'), 'Id', t('node_kind'), t('effective_criticality'), t('review_due')].map((x) => h('th', {scope: 'col'}, x)))),
		tbody), t('map_nodes')));
	applyFilter();
}

/*
 * The criticality reason in words: the server's text in the UI's language; "depended on by X"
 * (the message node.reason.depended_on) names X and links to it.
 */
function reasonText(state, n) {
	const reason = n.criticality_reason, msg = n.criticality_reason_msg;
	if (!reason) return '–';
	const by = msg && msg.code === 'node.reason.depended_on' && msg.params ? msg.params.by : null;
	if (by) {
		const dep = state.byId.get(by);
		return h('span', null, t('inherited_from') + ': ',
			h('button', {type: 'button', class: 'link-button', onclick: () => select(state, by, true)},
				dep ? (dep.name || by) + ' (' + by + ')' : by));
	}
	if (msg && msg.code === 'node.reason.assessed') return t('assessed_criticality');
	return reason;
}

function clearImpact(state) {
	state.impact = null;
	if (state.graph) state.graph.setImpact(null);
}

async function select(state, id, userAction) {
	const n = state.byId.get(id);
	if (!n) return;
	state.selected = id;
	if (state.graph) {
		state.graph.select(id);
		if (userAction) state.graph.reveal(id);
	}
	state.zoomSel.disabled = false;
	for (const tr of state.listBox.querySelectorAll('tr[data-node]')) {
		tr.classList.toggle('selected', tr.dataset.node === id);
	}
	const {detail, ctx} = state;
	clear(detail);
	const out = state.edges.filter((e) => e.from === id);
	const inn = state.edges.filter((e) => e.to === id);
	const nodeRef = (nid) => {
		const o = state.byId.get(nid);
		return h('button', {type: 'button', class: 'link-button', onclick: () => select(state, nid, true)}, o ? (o.name || nid) : nid);
	};
	const impactBox = h('div', {class: 'impact', id: 'impact'}, h('p', {class: 'loading'}, t('loading')));
	detail.append(
		h('h2', {id: 'node-detail-h'}, n.name || n.id),
		h('dl', {class: 'kv'},
			h('dt', null, 'Id'), h('dd', null, h('code', null, n.id)),
			h('dt', null, t('node_kind')), h('dd', null, term('node_kind', n.kind)),
			h('dt', null, t('effective_criticality')), h('dd', {id: 'detail-level'}, levelBadge(n.effective_criticality)),
			h('dt', null, t('criticality_reason')), h('dd', {id: 'detail-reason'}, reasonText(state, n)),
			n.criticality ? [h('dt', null, t('assessed_criticality')), h('dd', null, levelText(n.criticality))] : null,
			h('dt', null, t('personal_data')), h('dd', null, term('personal_data', n.personal_data)),
			n.critical_service ? [h('dt', null, t('critical_service')), h('dd', null, t('yes'))] : null,
			h('dt', null, t('owner')), h('dd', null, n.owner || '–'),
			h('dt', null, t('review_due')), h('dd', null, fmtDate(n.review_due),
				n.review_overdue ? h('span', {class: 'badge warn'}, t('overdue')) : null),
			out.length ? [h('dt', null, t('depends_on')), h('dd', null, h('ul', {class: 'plain'},
				out.map((e) => h('li', null, term('edge_type', e.type) + ' ', nodeRef(e.to), e.group ? ' [' + e.group + ']' : null))))] : null,
			inn.length ? [h('dt', null, t('used_by')), h('dd', null, h('ul', {class: 'plain'},
				inn.map((e) => h('li', null, nodeRef(e.from)))))] : null),
		h('h3', null, t('impact_title')),
		impactBox);
	let imp;
	try {
		imp = await get(orgPath(ctx.org, 'impact', id));
	} catch (e) {
		clear(impactBox).append(errorBox(e));
		return;
	}
	if (state.selected !== id) return;
	clear(impactBox);
	const fails = imp.fails || [];
	state.impact = new Set([id, ...fails.map((f) => f.id)]);
	if (state.graph) state.graph.setImpact(state.impact);
	if (!fails.length) {
		impactBox.append(h('p', {class: 'empty'}, t('impact_none')));
	} else {
		impactBox.append(h('ul', {class: 'fails-list', id: 'impact-fails'}, fails.map((f) => h('li', {dataset: {node: f.id}},
			nodeRef(f.id), ' ', levelBadge(f.effective_criticality),
			h('small', {class: 'sub'}, term('node_kind', f.kind) + ' · ' + t('because') + ' ' + (f.because || '') +
				(f.how ? ': ' + f.how : ''))))));
	}
	const stopped = imp.processes_and_services_stopped || [];
	const crit = imp.critical_stopped || [];
	const orgs = imp.organisations_hit || [];
	impactBox.append(h('dl', {class: 'kv'},
		h('dt', null, t('impact_stopped')), h('dd', null, stopped.length ? stopped.map((x, i) => [i ? ', ' : '', nodeRef(x)]) : t('none')),
		h('dt', null, t('impact_critical')), h('dd', null, crit.length ? crit.map((x, i) => [i ? ', ' : '', nodeRef(x)]) : t('none')),
		h('dt', null, t('impact_orgs')), h('dd', null, orgs.length ? orgs.join(', ') : t('none'))));
}

function nodeForm(state) {
	const id = field('Id', 'input', {name: 'id', required: true, autocomplete: 'off', placeholder: 'p-betalinger'});
	const name = field(t('name'), 'input', {name: 'name', required: true});
	const kind = field(t('node_kind'), 'select', {name: 'kind'}, termKeys('node_kind').map((k) => [k, term('node_kind', k)]));
	const owner = field(t('owner'), 'input', {name: 'owner'});
	const crit = field(t('assessed_criticality'), 'select', {name: 'criticality'},
		[['', t('crit_none')], ...LEVELS.map((l) => [l, levelText(l)])]);
	const pd = field(t('personal_data'), 'select', {name: 'personal_data'}, termKeys('personal_data').map((k) => [k, term('personal_data', k)]));
	const cs = field(t('critical_service'), 'input', {name: 'critical_service', type: 'checkbox'});
	const rto = field(t('rto'), 'input', {name: 'rto_minutes', type: 'number', min: '0', inputmode: 'numeric'});
	const rpo = field(t('rpo'), 'input', {name: 'rpo_minutes', type: 'number', min: '0', inputmode: 'numeric'});
	const desc = field(t('description'), 'textarea', {name: 'description', rows: '2'});
	const status = statusLine();
	const btn = h('button', {type: 'submit', id: 'node-submit'}, t('add_node_button'));
	const form = h('form', {class: 'card', id: 'node-form', novalidate: true},
		h('h2', null, t('add_node_title')),
		h('div', {class: 'grid'}, id, name, kind, owner, crit, pd, rto, rpo), cs, desc, btn, status);
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		const body = {
			id: id.control.value.trim(), kind: kind.control.value, name: name.control.value.trim(),
			personal_data: pd.control.value, critical_service: cs.control.checked,
		};
		if (owner.control.value.trim()) body.owner = owner.control.value.trim();
		if (crit.control.value) body.criticality = crit.control.value;
		if (rto.control.value !== '') body.rto_minutes = Number(rto.control.value);
		if (rpo.control.value !== '') body.rpo_minutes = Number(rpo.control.value);
		if (desc.control.value.trim()) body.description = desc.control.value.trim();
		btn.disabled = true;
		status.show(t('saving'), 'busy');
		try {
			await post(orgPath(state.ctx.org, 'nodes'), body);
			status.show(t('node_added') + ' (' + body.id + ')', 'ok');
			state.selected = body.id;
			id.control.value = '';
			name.control.value = '';
			await reload(state);
		} catch (e) {
			status.show(errorText(e), 'error');
		} finally {
			btn.disabled = false;
		}
	});
	return form;
}

function edgeForm(state) {
	const from = field(t('edge_from'), 'select', {name: 'from', required: true}, []);
	const to = field(t('edge_to'), 'select', {name: 'to', required: true}, []);
	const type = field(t('edge_type'), 'select', {name: 'type'}, termKeys('edge_type').map((k) => [k, term('edge_type', k)]));
	const group = field(t('edge_group') + ' (' + t('optional') + ')', 'input', {name: 'group', autocomplete: 'off'}, null, t('edge_group_hint'));
	const status = statusLine();
	const btn = h('button', {type: 'submit', id: 'edge-submit'}, t('add_edge_button'));
	const form = h('form', {class: 'card', id: 'edge-form', novalidate: true},
		h('h2', null, t('add_edge_title')), h('div', {class: 'grid'}, from, to, type, group), btn, status);
	state.edgeSelects = [from.control, to.control];
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		const body = {from: from.control.value, to: to.control.value, type: type.control.value};
		if (group.control.value.trim()) body.group = group.control.value.trim();
		btn.disabled = true;
		status.show(t('saving'), 'busy');
		try {
			await post(orgPath(state.ctx.org, 'edges'), body);
			status.show(t('edge_added') + ' (' + body.from + ' → ' + body.to + ')', 'ok');
			state.selected = body.from;
			await reload(state);
		} catch (e) {
			status.show(errorText(e), 'error');
		} finally {
			btn.disabled = false;
		}
	});
	return form;
}

function refreshEdgeSelects(state) {
	if (!state.edgeSelects) return;
	const sorted = [...state.nodes].sort((a, b) => String(a.name || a.id).localeCompare(String(b.name || b.id), 'da'));
	for (const sel of state.edgeSelects) {
		const keep = sel.value;
		clear(sel);
		for (const n of sorted) {
			sel.append(h('option', {value: n.id}, (n.name || n.id) + ' (' + term('node_kind', n.kind) + ')'));
		}
		if (keep && state.byId.has(keep)) sel.value = keep;
	}
}
