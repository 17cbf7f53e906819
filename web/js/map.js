// The dependency map (procedure steps 1–3): an interactive graph drawn by cytoscape with the
// dagre layered layout (processes and services on top, what they depend on below), nodes
// coloured by effective criticality. Choosing a node (in the graph or in the keyboard-usable
// list) shows why it has its criticality and what fails if it fails (GET …/impact/{node}).
// Forms add nodes and edges (POST …/nodes, …/edges).

import {get, post, orgPath, getAll} from './api.js';
import {t, term, termKeys, LEVELS, levelText, levelIndex} from './i18n.js';
import {h, field, clear, levelBadge, statusLine, errorText, errorBox, tableWrap, pageTitle, stepsNote, fmtDate} from './dom.js';

const MAX_DRAWN = 1500;
const COLOURS = {0: '#9e9e9e', 1: '#2e7d32', 2: '#f9a825', 3: '#ef6c00', 4: '#c62828'};
const SHAPES = {
	process: 'round-rectangle', service: 'ellipse', system: 'rectangle',
	infrastructure: 'barrel', supplier: 'hexagon', external: 'diamond',
};

let vendorPromise = null;

function loadScript(src) {
	return new Promise((resolve, reject) => {
		const s = document.createElement('script');
		s.src = src;
		s.async = false;
		s.addEventListener('load', () => resolve());
		s.addEventListener('error', () => reject(new Error('could not load ' + src)));
		document.head.appendChild(s);
	});
}

/* cytoscape and its dagre layout, loaded once, on the first visit to the map. */
function loadVendor() {
	if (!vendorPromise) {
		vendorPromise = (async () => {
			if (!window.cytoscape) await loadScript('/static/vendor/cytoscape.min.js');
			if (!window.cytoscapeDagre) await loadScript('/static/vendor/cytoscape-dagre.min.js');
			window.cytoscape.use(window.cytoscapeDagre);
		})();
		vendorPromise.catch(() => { vendorPromise = null; });
	}
	return vendorPromise;
}

export async function render(view, ctx) {
	const state = {ctx, nodes: [], edges: [], byId: new Map(), cy: null, selected: ctx.params.get('node'), total: 0};
	view.append(pageTitle(t('map_title')), stepsNote([1, 2, 3]), h('p', {class: 'intro'}, t('map_intro')));

	const graphBox = h('div', {id: 'cy', class: 'graph', role: 'img', 'aria-label': t('map_graph_label')});
	const fitBtn = h('button', {type: 'button', class: 'secondary small', id: 'map-fit', onclick: () => state.cy && state.cy.fit(undefined, 30)}, t('map_fit'));
	const detail = h('aside', {class: 'card detail', id: 'node-detail', 'aria-live': 'polite', 'aria-labelledby': 'node-detail-h'},
		h('h2', {id: 'node-detail-h'}, t('node')), h('p', {class: 'empty'}, t('map_select_hint')));
	const notice = h('p', {class: 'notice', hidden: true});
	const listBox = h('section', {class: 'card', id: 'node-list', 'aria-labelledby': 'node-list-h'});
	state.detail = detail;
	state.graphBox = graphBox;
	state.notice = notice;
	state.listBox = listBox;

	view.append(
		h('div', {class: 'map-layout'},
			h('div', {class: 'graph-col'}, h('div', {class: 'graph-tools'}, legend(), fitBtn), graphBox, notice),
			detail),
		listBox,
		ctx.can.map ? h('div', {class: 'forms-2'}, nodeForm(state), edgeForm(state)) : h('span'));

	await reload(state);
	return () => {
		if (state.cy) state.cy.destroy();
		state.cy = null;
	};
}

function legend() {
	return h('ul', {class: 'legend', 'aria-label': t('map_legend')},
		LEVELS.map((l) => h('li', null, h('span', {class: 'swatch lvl-' + levelIndex(l), 'aria-hidden': 'true'}), levelText(l))));
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
	await drawGraph(state);
	if (state.selected && state.byId.has(state.selected)) select(state, state.selected);
}

async function drawGraph(state) {
	const {graphBox, notice} = state;
	if (state.total > state.nodes.length) {
		notice.hidden = false;
		notice.textContent = t('map_truncated', {n: state.nodes.length, total: state.total});
	} else {
		notice.hidden = true;
	}
	if (!state.nodes.length) {
		if (state.cy) {
			state.cy.destroy();
			state.cy = null;
		}
		clear(graphBox).append(h('p', {class: 'empty graph-empty'}, t('map_empty')));
		return;
	}
	try {
		await loadVendor();
	} catch (e) {
		clear(graphBox).append(errorBox(e));
		return;
	}
	if (!graphBox.isConnected) return;
	const elements = [];
	for (const n of state.nodes) {
		elements.push({group: 'nodes', data: {
			id: n.id, label: n.name || n.id, lvl: levelIndex(n.effective_criticality), kind: n.kind,
		}});
	}
	state.edges.forEach((e, i) => {
		if (!state.byId.has(e.from) || !state.byId.has(e.to)) return;
		elements.push({group: 'edges', data: {
			id: 'edge-' + i, source: e.from, target: e.to, type: e.type || '', grp: e.group || '',
		}});
	});
	if (state.cy) state.cy.destroy();
	clear(graphBox);
	const cy = window.cytoscape({
		container: graphBox,
		elements,
		wheelSensitivity: 0.3,
		minZoom: 0.1,
		maxZoom: 3,
		boxSelectionEnabled: false,
		style: graphStyle(),
		layout: {name: 'dagre', rankDir: 'TB', nodeSep: 45, rankSep: 90, edgeSep: 12, animate: false, fit: true, padding: 30},
	});
	cy.on('tap', 'node', (ev) => select(state, ev.target.id(), false));
	cy.on('tap', (ev) => {
		if (ev.target === cy) clearImpact(state);
	});
	// a small map would be blown up to fill the box: keep its nodes at a readable size
	if (cy.zoom() > 1.25) {
		cy.zoom(1.25);
		cy.center();
	}
	state.cy = cy;
	window.skjoldCy = cy; // for the browser tests and the console
}

function graphStyle() {
	const s = [
		{selector: 'node', style: {
			label: 'data(label)', 'font-size': 11, 'text-valign': 'bottom', 'text-halign': 'center', 'text-margin-y': 4,
			'text-wrap': 'wrap', 'text-max-width': 120, color: '#1b1b1b', 'text-background-color': '#ffffff',
			'text-background-opacity': 0.8, 'text-background-padding': 2, width: 34, height: 34,
			'background-color': COLOURS[0], 'border-width': 2, 'border-color': '#37474f', shape: 'ellipse',
		}},
		{selector: 'edge', style: {
			width: 1.5, 'line-color': '#78909c', 'target-arrow-color': '#78909c', 'target-arrow-shape': 'triangle',
			'curve-style': 'bezier', 'arrow-scale': 0.9,
		}},
		{selector: 'edge[grp != ""]', style: {'line-style': 'dashed'}},
		{selector: 'node:selected', style: {'border-width': 5, 'border-color': '#0d47a1'}},
		{selector: 'node.fails', style: {'border-width': 4, 'border-color': '#000000', 'border-style': 'double'}},
		{selector: 'edge.fails', style: {'line-color': '#b71c1c', 'target-arrow-color': '#b71c1c', width: 3}},
		{selector: '.dim', style: {opacity: 0.35}},
	];
	for (const [lvl, c] of Object.entries(COLOURS)) {
		s.push({selector: 'node[lvl = ' + lvl + ']', style: {'background-color': c}});
	}
	for (const [kind, shape] of Object.entries(SHAPES)) {
		s.push({selector: 'node[kind = "' + kind + '"]', style: {shape}});
	}
	return s;
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

/* The criticality reason in words: "depended on by X" names X and links to it. */
function reasonText(state, reason) {
	if (!reason) return '–';
	let m = /^depended on by (.+)$/.exec(reason);
	if (m) {
		const dep = state.byId.get(m[1]);
		return h('span', null, t('inherited_from') + ': ',
			h('button', {type: 'button', class: 'link-button', onclick: () => select(state, m[1], true)},
				dep ? (dep.name || m[1]) + ' (' + m[1] + ')' : m[1]));
	}
	if (reason === 'assessed') return t('assessed_criticality');
	return reason;
}

function clearImpact(state) {
	if (state.cy) state.cy.elements().removeClass('fails dim');
}

async function select(state, id, userAction) {
	const n = state.byId.get(id);
	if (!n) return;
	state.selected = id;
	if (state.cy) {
		state.cy.$(':selected').unselect();
		const el = state.cy.getElementById(id);
		el.select();
		if (userAction && el.nonempty()) {
			const ext = state.cy.extent();
			const p = el.position();
			if (p.x < ext.x1 || p.x > ext.x2 || p.y < ext.y1 || p.y > ext.y2) state.cy.animate({center: {eles: el}, duration: 200});
		}
	}
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
			h('dt', null, t('criticality_reason')), h('dd', {id: 'detail-reason'}, reasonText(state, n.criticality_reason)),
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
	if (state.cy) {
		clearImpact(state);
		const ids = new Set([id, ...fails.map((f) => f.id)]);
		state.cy.nodes().forEach((x) => {
			if (ids.has(x.id())) x.addClass('fails');
			else x.addClass('dim');
		});
		state.cy.edges().forEach((e) => {
			if (ids.has(e.source().id()) && ids.has(e.target().id())) e.addClass('fails');
			else e.addClass('dim');
		});
	}
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
