// The dashboard (procedure step 9, follow-up): open incidents with a live countdown to each
// report's deadline (GET …/deadlines), what is overdue, what must escalate and to whom, and the
// reviews due (GET …/followup), with the key figures of GET …/overview.

import {get, orgPath, items, downloadHref} from './api.js';
import {t, term, pick, dueText, levelIndex} from './i18n.js';
import {h, levelBadge, errorBox, fmtInstant, fmtDate, countdown, tableWrap, pageTitle, stepsNote} from './dom.js';

export async function render(view, ctx) {
	view.append(pageTitle(t('dash_title')), stepsNote([9]));
	const loading = h('p', {class: 'loading'}, t('loading'));
	view.append(loading);
	const [fu, ov, dl] = await Promise.allSettled([
		get(orgPath(ctx.org, 'followup')),
		get(orgPath(ctx.org, 'overview')),
		get(orgPath(ctx.org, 'deadlines')),
	]);
	loading.remove();

	view.append(deadlinesSection(dl),
		h('p', {class: 'downloads no-print'}, h('a', {class: 'button secondary', id: 'deadlines-xlsx', download: '',
			href: downloadHref(orgPath(ctx.org, 'deadlines')) + '?format=xlsx'}, t('download_xlsx') + ' \u2013 ' + t('dash_deadlines'))));
	if (ov.status === 'rejected') view.append(errorBox(ov.reason));
	else if (ov.value) view.append(totalsSection(ov.value));
	if (fu.status === 'rejected') {
		view.append(errorBox(fu.reason));
	} else {
		const all = items(fu.value);
		if (fu.value && fu.value.as_of) {
			view.querySelector('.steps').after(h('p', {class: 'meta'}, t('dash_as_of') + ' ' + fu.value.as_of));
		}
		view.append(h('div', {class: 'dash-grid'},
			overdueSection(all.filter((i) => i.overdue && !isReview(i))),
			escalateSection(all.filter((i) => i.escalate_to)),
			reviewSection(all.filter(isReview)),
			soonSection(all.filter((i) => !i.overdue && !isReview(i)))));
	}
}

function isReview(i) {
	return String(i.kind || '').startsWith('review_');
}

/* Where an item of the follow-up list is handled. */
function itemLink(i) {
	const label = (i.title || i.id) + (i.title && i.id ? ' (' + i.id + ')' : '');
	if (String(i.kind || '').startsWith('procedure')) return h('span', null, i.title || i.id);
	if (isReview(i)) return h('a', {href: '#/map?node=' + encodeURIComponent(i.id)}, label);
	if (i.kind && i.kind.startsWith('measure')) return h('a', {href: '#/risks?risk=' + encodeURIComponent(i.risk || '')}, label);
	return h('a', {href: '#/risks?risk=' + encodeURIComponent(i.id)}, label);
}

function section(id, title, body) {
	const hid = id + '-h';
	return h('section', {class: 'card', id, 'aria-labelledby': hid}, h('h2', {id: hid}, title), body);
}

function table(caption, heads, rows) {
	return tableWrap(h('table', {class: 'data'},
		h('caption', {class: 'sr-only'}, caption),
		h('thead', null, h('tr', null, heads.map((x) => h('th', {scope: 'col'}, x)))),
		h('tbody', null, rows)), caption);
}

function deadlinesSection(dl) {
	const title = t('dash_deadlines');
	if (dl.status === 'rejected') return section('dash-deadlines', title, errorBox(dl.reason));
	const obs = dl.value && Array.isArray(dl.value.obligations) ? dl.value.obligations : items(dl.value);
	if (!obs.length) return section('dash-deadlines', title, h('p', {class: 'empty'}, t('dash_no_deadlines')));
	const byIncident = new Map();
	for (const o of obs) {
		const k = o.incident || '';
		if (!byIncident.has(k)) byIncident.set(k, []);
		byIncident.get(k).push(o);
	}
	const blocks = [];
	for (const [inc, list] of byIncident) {
		const first = list[0];
		const rows = list.map((o) => h('tr', {class: o.status === 'overdue' ? 'overdue' : null},
			h('td', null, term('regime', o.regime)),
			h('td', null, o.report ? term('report', o.report) : term('obligation', o.obligation || o.kind)),
			h('td', {class: o.due ? 'nowrap' : null}, o.due ? fmtInstant(o.due) : dueText(o.due_text)),
			h('td', null, o.due ? countdown(o.due) : '–'),
			h('td', null, term('report_status', o.status))));
		blocks.push(h('div', {class: 'incident-deadlines', dataset: {incident: inc}},
			h('h3', null, h('a', {href: '#/incidents/' + encodeURIComponent(inc)}, first.title || inc),
				' ', h('small', {class: 'muted'}, inc)),
			table(first.title || inc, [t('regime'), t('report'), t('due'), t('countdown'), t('status')], rows)));
	}
	return section('dash-deadlines', title, blocks);
}

function overdueSection(list) {
	const title = t('dash_overdue');
	if (!list.length) return section('dash-overdue', title, h('p', {class: 'empty'}, t('dash_no_overdue')));
	const rows = list.map((i) => h('tr', null,
		h('td', null, term('followup', i.kind)),
		h('td', null, itemLink(i)),
		h('td', null, levelBadge(i.level)),
		h('td', {class: 'nowrap'}, fmtDate(i.due)),
		h('td', {class: 'num'}, String(i.days_overdue ?? '–')),
		h('td', null, pick(i, 'responsible'))));
	return section('dash-overdue', title + ' (' + list.length + ')',
		table(title, [t('kind'), t('item'), t('level'), t('due'), t('days_overdue'), t('responsible')], rows));
}

/* What must escalate, grouped by whom it goes to (the most senior recipients first). */
function escalateSection(list) {
	const title = t('dash_escalate');
	if (!list.length) return section('dash-escalate', title, h('p', {class: 'empty'}, t('dash_no_escalate')));
	const groups = new Map();
	for (const i of list) {
		const to = pick(i, 'escalate_to');
		if (!groups.has(to)) groups.set(to, []);
		groups.get(to).push(i);
	}
	const rank = (items) => Math.max(...items.map((i) => levelIndex(i.level)));
	const ordered = [...groups.entries()].sort((a, b) => rank(b[1]) - rank(a[1]) || b[1].length - a[1].length);
	const blocks = ordered.map(([to, items]) => h('div', {class: 'escalation-group'},
		h('h3', null, t('escalate_to') + ': ', h('strong', null, to), ' (' + items.length + ')'),
		h('ul', {class: 'escalation-list'}, items.map((i) => h('li', null,
			levelBadge(i.level), itemLink(i), h('small', {class: 'sub'}, pick(i, 'reason')))))));
	return section('dash-escalate', title + ' (' + list.length + ')', blocks);
}

function reviewSection(list) {
	const title = t('dash_reviews');
	if (!list.length) return section('dash-reviews', title, h('p', {class: 'empty'}, t('dash_no_reviews')));
	const rows = list.map((i) => h('tr', {class: i.overdue ? 'overdue' : null},
		h('td', null, itemLink(i), i.node_kind ? h('small', {class: 'sub'}, term('node_kind', i.node_kind)) : null),
		h('td', null, levelBadge(i.level)),
		h('td', {class: 'nowrap'}, fmtDate(i.due)),
		h('td', null, i.owner || '–'),
		h('td', null, pick(i, 'reason'))));
	return section('dash-reviews', title + ' (' + list.length + ')',
		table(title, [t('node'), t('level'), t('due'), t('owner'), t('reason')], rows));
}

function soonSection(list) {
	if (!list.length) return null;
	const title = t('dash_soon');
	const rows = list.map((i) => h('tr', null,
		h('td', null, term('followup', i.kind)),
		h('td', null, itemLink(i)),
		h('td', null, levelBadge(i.level)),
		h('td', {class: 'nowrap'}, fmtDate(i.due)),
		h('td', null, i.owner || '–')));
	return section('dash-soon', title + ' (' + list.length + ')',
		table(title, [t('kind'), t('item'), t('level'), t('due'), t('owner')], rows));
}

function totalsSection(ov) {
	if (!ov) return null;
	const tot = ov.totals || {};
	const figs = [
		[t('t_nodes'), ov.nodes && ov.nodes.total],
		[t('t_risks'), ov.risks && ov.risks.total],
		[t('t_above'), tot.risks_above_appetite],
		[t('t_risks_overdue'), tot.risks_overdue],
		[t('t_measures_overdue'), tot.measures_overdue],
		[t('t_reviews_overdue'), tot.reviews_overdue],
		[t('t_never'), tot.never_assessed],
	];
	const dl = h('dl', {class: 'figures'});
	for (const [k, v] of figs) {
		dl.append(h('div', {class: 'figure' + (v && k !== t('t_nodes') && k !== t('t_risks') ? ' warn' : '')},
			h('dt', null, k), h('dd', null, v === undefined || v === null ? '–' : String(v))));
	}
	const pr = ov.procedure_review;
	const prEl = pr ? h('p', {class: 'procedure' + (pr.status !== 'ok' ? ' warn' : '')},
		h('strong', null, t('dash_procedure') + ': '),
		t('last_reviewed') + ' ' + (pr.reviewed_on || '–') + ' · ' + t('due') + ' ' + (pr.due || '–') +
		' · ' + t('responsible') + ': ' + pick(pr, 'responsible') + ' · ' + t('required_approver') + ': ' + pick(pr, 'approval')) : null;
	return section('dash-totals', t('dash_totals'), [dl, prEl]);
}
