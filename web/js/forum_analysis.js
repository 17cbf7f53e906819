// The sector forum's analysis tab (docs/forum.md "The sector map"): outage simulation of one
// node of the joined map, single points of failure per critical function (exact, dominators with
// redundancy groups), recovery chains against each function's tolerance, and — for the
// secretariat — the reverse stress test. What the viewer may see of the joined map is the
// server's decision: a member gets its own functions and the sector as group counts. The single
// points of failure come from the dependency maps or, by the source switch, from the members'
// registers of information (?source=register: providers by LEI code per ICT service type).

import {get, query} from './api.js';
import {t} from './i18n.js';
import {h, field, statusLine, submitting, errorBox} from './dom.js';
import {section, table, settle, sourceSwitch, sourceQuery, sourceNote} from './forum_common.js';

export async function render(view, f) {
	const [map, spof, rec] = await settle([get(f.base('map')), get(f.base('spof')), get(f.base('recovery'))]);
	view.append(outageSection(f, map));
	if (f.secretariat) view.append(stressSection(f));
	view.append(spofSection(f, spof));
	view.append(recoverySection(rec));
}

/* A node as "name (org/node)", or the bare id. */
function nodeName(n) {
	return n && n.name ? n.name + ' (' + n.node + ')' : String((n && n.node) || n || '–');
}

function nodeList(id, list) {
	if (!list || !list.length) return h('p', {class: 'empty', id}, t('none'));
	return h('ul', {class: 'node-list', id}, list.map((n) => h('li', {dataset: {node: n.node || n}},
		nodeName(n), n.not_shared ? h('small', {class: 'muted'}, ' · ' + t('forum_not_shared')) : null)));
}

/* ---- outage simulation ---------------------------------------------------------------------- */

function outageSection(f, r) {
	const title = t('fa_outage');
	if (r.status === 'rejected') return section('forum-outage', title, errorBox(r.reason));
	const nodes = (r.value && r.value.node_list) || [];
	const byOrg = new Map();
	for (const n of nodes) {
		if (n.critical_function) continue; // a function's own outage is not the question
		if (!byOrg.has(n.org)) byOrg.set(n.org, []);
		byOrg.get(n.org).push(n);
	}
	const sel = h('select', {id: 'outage-node', name: 'node'},
		[...byOrg.entries()].map(([org, ns]) => h('optgroup', {label: org},
			ns.map((n) => h('option', {value: n.node}, (n.name || n.node) + ' · ' + n.node)))));
	const status = statusLine();
	const out = h('div', {id: 'outage-result'});
	const btn = h('button', {type: 'submit', id: 'outage-run'}, t('fa_outage_run'));
	const form = h('form', {id: 'outage-form', class: 'inline-form'},
		h('div', {class: 'field'}, h('label', {for: 'outage-node'}, t('fa_outage_node')), sel), btn, status);
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		await submitting(btn, status, async () => {
			const a = await get(f.base('outage') + query({node: sel.value}));
			out.replaceChildren(...outageResult(a));
			return '';
		}, t('loading'));
	});
	return section('forum-outage', title, h('p', {class: 'hint'}, t('fa_outage_hint')),
		nodes.length ? form : h('p', {class: 'empty'}, t('none')), out);
}

function outageResult(a) {
	const dl = h('dl', {class: 'figures', id: 'outage-figures', dataset: {failed: String(a.failed_nodes)}},
		h('div', {class: 'figure'}, h('dt', null, t('fa_failed_nodes')), h('dd', null, String(a.failed_nodes ?? '–'))));
	if (a.view === 'member') {
		dl.append(h('div', {class: 'figure'}, h('dt', null, t('fa_members_hit')),
			h('dd', {id: 'outage-members-hit'}, String(a.sector_members_hit ?? '–'))));
		return [h('h3', null, t('fa_outage_of', {node: nodeName(a.node)})), dl,
			h('h3', null, t('fa_own_stopped')), nodeList('outage-functions', a.your_functions_stopped)];
	}
	const hit = a.members_hit || [];
	dl.append(h('div', {class: 'figure'}, h('dt', null, t('fa_members_hit')),
		h('dd', {id: 'outage-members-hit'}, String(hit.length))));
	dl.append(h('div', {class: 'figure'}, h('dt', null, t('fa_functions_stopped')),
		h('dd', null, String((a.functions_stopped || []).length))));
	return [h('h3', null, t('fa_outage_of', {node: nodeName(a.node)})), dl,
		h('h3', null, t('fa_functions_stopped')), nodeList('outage-functions', a.functions_stopped),
		h('p', {class: 'meta', id: 'outage-members'}, t('fa_members_hit') + ': ' + (hit.join(', ') || '–'))];
}

/* ---- reverse stress test (the secretariat) -------------------------------------------------- */

function stressSection(f) {
	const share = field(t('fa_stress_share'), 'input', {type: 'number', name: 'share', id: 'stress-share',
		min: '1', max: '100', step: '1', value: '50'}, null, t('fa_stress_hint'));
	const status = statusLine();
	const out = h('div', {id: 'stress-result'});
	const btn = h('button', {type: 'submit', id: 'stress-run'}, t('fa_stress_run'));
	const form = h('form', {id: 'stress-form', class: 'inline-form'}, share, btn, status);
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		const p = Number(share.control.value);
		if (!(p > 0 && p <= 100)) {
			status.show(t('fa_stress_bad'), 'error');
			return;
		}
		await submitting(btn, status, async () => {
			const a = await get(f.base('stress') + query({share: String(p / 100)}));
			out.replaceChildren(
				h('p', {id: 'stress-summary', dataset: {size: String((a.set || []).length), exact: a.exact ? '1' : '0'}},
					t('fa_stress_answer', {n: (a.set || []).length, s: a.functions_stopped, total: a.functions_total}),
					' ', h('small', {class: 'muted'}, (a.exact ? t('fa_exact') : t('fa_heuristic')) + ' — ' + (a.method || ''))),
				nodeList('stress-set', a.set));
			return '';
		}, t('loading'));
	});
	return section('forum-stress', t('fa_stress'), form, out);
}

/* ---- single points of failure and recovery -------------------------------------------------- */

/* The section with its source switch; the body is fetched again for the other source. */
function spofSection(f, r) {
	const body = h('div', {id: 'spof-body'}, ...spofBody(r, 'map'));
	const sw = sourceSwitch('spof-source', 'map', async (src) => {
		const [x] = await settle([get(f.base('spof') + sourceQuery(src))]);
		body.replaceChildren(...spofBody(x, src));
	});
	return section('forum-spofs', t('forum_spofs'), sw, body);
}

function spofBody(r, src) {
	const title = t('forum_spofs');
	if (r.status === 'rejected') return [sourceNote(null, src), errorBox(r.reason)];
	const fns = (r.value && r.value.functions) || [];
	const rows = fns.map((fn) => h('tr', {dataset: {function: fn.node, count: String((fn.single_points_of_failure || []).length)}},
		h('td', null, fn.name || fn.node, h('small', {class: 'sub'}, fn.node)),
		h('td', null, nodeList(null, fn.single_points_of_failure)),
		h('td', {class: 'num'}, String(fn.outside_own_organisation ?? '–'))));
	return [sourceNote(r.value, src), h('p', {class: 'hint'}, r.value.method || ''),
		fns.length ? table('analysis-spof-table', title, [t('forum_function'), t('forum_spofs'), t('forum_outside')], rows)
			: h('p', {class: 'empty'}, t('forum_no_spof'))];
}

function recoverySection(r) {
	const title = t('fa_recovery');
	if (r.status === 'rejected') return section('forum-recovery', title, errorBox(r.reason));
	const fns = (r.value && r.value.functions) || [];
	const rows = fns.map((fn) => h('tr', {dataset: {function: fn.node, breach: fn.breach ? '1' : '0'}, class: fn.breach ? 'overdue' : null},
		h('td', null, fn.name || fn.node, h('small', {class: 'sub'}, fn.node)),
		h('td', {class: 'num'}, String(fn.worst_chain_minutes ?? '–')),
		h('td', {class: 'num'}, String(fn.tolerance_minutes ?? '–')),
		h('td', null, fn.breach ? h('span', {class: 'badge warn'}, t('fa_breach')) : t('no'),
			fn.unknown_rto_nodes ? h('small', {class: 'sub'}, t('fa_unknown_rto', {n: fn.unknown_rto_nodes})) : null),
		h('td', null, h('small', null, (fn.worst_chain || []).join(' → ')))));
	return section('forum-recovery', title, h('p', {class: 'hint'}, r.value.method || ''),
		fns.length ? table('recovery-table', title, [t('forum_function'), t('fa_chain_minutes'), t('fa_tolerance'),
			t('fa_breach'), t('fa_chain')], rows) : h('p', {class: 'empty'}, t('none')));
}
