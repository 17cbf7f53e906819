// The sector forum's crisis tab (docs/forum.md, docs/internals/crisis.md): the secretariat opens
// a crisis with a reporting cadence, follows the situational picture (who reported what, who is
// late), keeps the time-stamped decision log and closes the crisis with a summary and lessons;
// closing gives the after-action summary. Members see the crisis, the decisions shared with them
// and the after-action summaries, and file their status reports on the overview tab.

import {get, post, items, query, downloadHref} from './api.js';
import {t, term, LEVELS, levelText} from './i18n.js';
import {h, field, levelBadge, statusLine, submitting, errorBox, fmtInstant, localToISO, nowLocalInput} from './dom.js';
import {section, table, tlpBadge, settle, replaceItem} from './forum_common.js';
import {crises, crisisSection} from './forum_dashboard.js';
import {webhooksPanel} from './webhooks.js';

const nowZ = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const lines = (s) => s.split('\n').map((x) => x.trim()).filter(Boolean);
/* The logged-in user's name, for the records that say who decided or closed. */
const userName = (f) => (f.ctx.session && f.ctx.session.user ? f.ctx.session.user.name : null);

export async function render(view, f) {
	const all = await crises(f);
	const open = all.filter((c) => c.body.status === 'open');
	const wanted = f.ctx.params.get('crisis');
	// the one asked for, else the newest open one, else the newest (its after-action summary)
	const shown = all.find((c) => c.id === wanted) || open[0] || all[0] || null;
	if (f.secretariat && !open.length) view.append(openSection(f));
	if (shown) {
		if (shown.body.status === 'open') await openCrisis(view, f, shown);
		else await afterAction(view, f, shown);
	} else if (!f.secretariat) {
		view.append(section('forum-crisis', t('forum_crisis'), h('p', {class: 'empty'}, t('forum_no_crisis'))));
	}
	view.append(crisisList(f, all, shown));
	// the forum's webhooks (docs/webhooks.md): the secretariat's admins keep them here
	if (f.secretariat && f.ctx.role === 'admin') view.append(await webhooksPanel(f.ctx, f.fid));
}

/* ---- opening a crisis (the secretariat) ----------------------------------------------------- */

function openSection(f) {
	const form = h('form', {id: 'crisis-open-form', novalidate: true});
	const title = field(t('title'), 'input', {name: 'title', required: true});
	const desc = field(t('fc_description'), 'textarea', {name: 'description', rows: '2'});
	const sev = field(t('forum_severity'), 'select', {name: 'severity', value: 'Høj'}, LEVELS.map((l) => [l, levelText(l)]));
	const opened = field(t('forum_opened'), 'input', {type: 'datetime-local', name: 'opened_at', value: nowLocalInput()});
	const cadence = field(t('forum_cadence'), 'input', {type: 'number', name: 'cadence_minutes', value: '60', min: '5', max: '10080'},
		null, t('fc_cadence_hint'));
	const tlp = field(t('forum_tlp'), 'select', {name: 'tlp', value: 'GREEN'},
		['CLEAR', 'GREEN'].map((x) => [x, 'TLP:' + x]), t('fc_tlp_hint'));
	const status = statusLine();
	status.id = 'crisis-open-status';
	const btn = h('button', {type: 'submit', id: 'crisis-open-submit'}, t('fc_open'));
	form.append(title, desc, h('div', {class: 'grid'}, sev, opened, cadence, tlp), btn, status);
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		const body = {title: title.control.value.trim(), severity: sev.control.value,
			opened_at: localToISO(opened.control.value) || nowZ(), cadence_minutes: Number(cadence.control.value)};
		if (desc.control.value.trim()) body.description = desc.control.value.trim();
		await submitting(btn, status, async () => {
			const a = await post(f.base('items', 'crisis'), {body, tlp: tlp.control.value});
			f.ctx.navigate('/forum?forum=' + encodeURIComponent(f.fid) + '&tab=crisis&crisis=' + encodeURIComponent(a.id));
		});
	});
	return section('crisis-open', t('fc_open_title'), h('p', {class: 'hint'}, t('fc_open_hint')), form);
}

/* ---- an open crisis: picture, decision log, closing ----------------------------------------- */

/* The crisis document to hand over, with the crisis's TLP label on every page (?format=pdf|docx). */
function docLinks(f, name, crisis) {
	const href = (format) => downloadHref(f.base('views', name)) + query({crisis: crisis.id, format});
	return h('p', {class: 'downloads no-print'},
		h('a', {class: 'button secondary', id: name + '-pdf', download: '', href: href('pdf')}, t('download_pdf')),
		h('a', {class: 'button secondary', id: name + '-docx', download: '', href: href('docx')}, t('download_docx')));
}

async function openCrisis(view, f, crisis) {
	const [pic, dec] = await settle([
		get(f.base('views', 'picture') + query({crisis: crisis.id})),
		get(f.base('items', 'decision') + query({parent: crisis.id, limit: 1000})),
	]);
	if (f.secretariat) {
		view.append(crisisSection(pic, crisis), docLinks(f, 'picture', crisis));
	} else {
		const c = crisis.body;
		view.append(section('forum-crisis', t('forum_crisis'), h('p', {class: 'crisis-head', dataset: {crisis: crisis.id}},
			h('strong', null, c.title || crisis.id), ' ', h('code', {class: 'crisis-id'}, crisis.id), ' · ', t('forum_severity') + ': ', levelBadge(c.severity),
			' · ', t('forum_opened') + ' ' + fmtInstant(c.opened_at), ' · ', t('forum_cadence') + ': ' + c.cadence_minutes),
		h('p', null, h('a', {href: f.href('overview'), id: 'crisis-report-link'}, t('fc_report_link')))));
	}
	const logEl = h('div', {id: 'decision-log'});
	const showLog = (r) => logEl.replaceChildren(r.status === 'rejected' ? errorBox(r.reason) : decisionTable(items(r.value)));
	showLog(dec);
	const refresh = async () => {
		const [r] = await settle([get(f.base('items', 'decision') + query({parent: crisis.id, limit: 1000}))]);
		showLog(r);
	};
	view.append(section('forum-decisions', t('fc_decisions'), logEl, f.secretariat ? decisionForm(f, crisis, refresh) : null));
	if (f.secretariat) view.append(closeSection(f, crisis));
}

function decisionTable(list) {
	if (!list.length) return h('p', {class: 'empty', id: 'decision-none'}, t('fc_no_decisions'));
	list.sort((a, b) => String(a.body.at).localeCompare(String(b.body.at)));
	return table('decision-table', t('fc_decisions'), [t('fc_at'), t('fc_decision'), t('fc_rationale'), t('fc_actions'), t('fc_by')],
		list.map((d) => h('tr', {dataset: {decision: d.id}},
			h('td', {class: 'nowrap'}, fmtInstant(d.body.at)),
			h('td', null, d.body.decision),
			h('td', null, d.body.rationale || '–'),
			h('td', null, (d.body.actions || []).length ? h('ul', {class: 'actions'}, d.body.actions.map((a) =>
				h('li', null, a.action, a.owner ? ' — ' + a.owner : '', a.due_at ? ' (' + fmtInstant(a.due_at) + ')' : ''))) : '–'),
			h('td', null, d.body.by || d.by || '–'))));
}

function decisionForm(f, crisis, refresh) {
	const form = h('form', {id: 'decision-form', novalidate: true});
	const text = field(t('fc_decision'), 'textarea', {name: 'decision', rows: '2', required: true});
	const why = field(t('fc_rationale'), 'textarea', {name: 'rationale', rows: '2'});
	const acts = field(t('fc_actions'), 'textarea', {name: 'actions', rows: '2'}, null, t('fc_actions_hint'));
	const at = field(t('fc_at'), 'input', {type: 'datetime-local', name: 'at', value: nowLocalInput()});
	const status = statusLine();
	status.id = 'decision-status';
	const btn = h('button', {type: 'submit', id: 'decision-submit'}, t('fc_log'));
	form.append(h('h3', null, t('fc_new_decision')), text, why, acts, at, btn, status);
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		const body = {at: localToISO(at.control.value) || nowZ(), decision: text.control.value.trim(),
			actions: lines(acts.control.value)};
		if (userName(f)) body.by = userName(f);
		if (why.control.value.trim()) body.rationale = why.control.value.trim();
		await submitting(btn, status, async () => {
			await post(f.base('items', 'decision') + query({parent: crisis.id}), {body});
			status.show(t('fc_logged'), 'ok');
			text.control.value = '';
			why.control.value = '';
			acts.control.value = '';
			at.control.value = nowLocalInput();
			await refresh();
		});
	});
	return form;
}

function closeSection(f, crisis) {
	const form = h('form', {id: 'crisis-close-form', novalidate: true});
	const summary = field(t('fc_summary'), 'textarea', {name: 'closing_summary', rows: '3'});
	const well = field(t('fc_went_well'), 'textarea', {name: 'went_well', rows: '2'}, null, t('fc_lines_hint'));
	const improve = field(t('fc_to_improve'), 'textarea', {name: 'to_improve', rows: '2'}, null, t('fc_lines_hint'));
	const follow = field(t('fc_follow_up'), 'textarea', {name: 'follow_up', rows: '2'}, null, t('fc_lines_hint'));
	const at = field(t('fc_closed_at'), 'input', {type: 'datetime-local', name: 'closed_at', value: nowLocalInput()});
	const status = statusLine();
	status.id = 'crisis-close-status';
	const btn = h('button', {type: 'submit', id: 'crisis-close-submit', class: 'danger'}, t('fc_close'));
	form.append(summary, h('div', {class: 'grid'}, well, improve, follow), at, btn, status);
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		if (!window.confirm(t('fc_close_confirm'))) return;
		const again = () => f.ctx.navigate('/forum?forum=' + encodeURIComponent(f.fid) + '&tab=crisis&crisis=' + encodeURIComponent(crisis.id));
		await submitting(btn, status, async () => {
			// the crisis as the page showed it, closed; a change saved meanwhile opens the conflict panel
			const body = {...crisis.body, status: 'closed', closed_at: localToISO(at.control.value) || nowZ(),
				lessons: {went_well: lines(well.control.value), to_improve: lines(improve.control.value),
					follow_up: lines(follow.control.value)}};
			if (userName(f)) body.closed_by = userName(f);
			if (summary.control.value.trim()) body.closing_summary = summary.control.value.trim();
			if (await replaceItem(f, 'crisis', crisis, body, crisis.tlp, {host: form, status, discard: again})) again();
		});
	});
	return section('crisis-close', t('fc_close_title'), h('p', {class: 'hint'}, t('fc_close_hint')), form);
}

/* ---- the after-action summary --------------------------------------------------------------- */

async function afterAction(view, f, crisis) {
	let a;
	try {
		a = await get(f.base('views', 'after-action') + query({crisis: crisis.id}));
	} catch (e) {
		view.append(section('after-action', t('fc_after_action'), errorBox(e)));
		return;
	}
	const c = a.crisis || {};
	const late = a.lateness || {};
	const fig = (id, label, v) => h('div', {class: 'figure', id}, h('dt', null, label), h('dd', null, v === null || v === undefined ? '–' : String(v)));
	const rep = a.reports || {};
	const body = [
		h('p', {class: 'crisis-head', dataset: {crisis: crisis.id, status: c.status || ''}},
			h('strong', null, c.title || crisis.id), ' ', h('code', {class: 'crisis-id'}, crisis.id), ' · ', levelBadge(c.severity),
			' · ', t('forum_opened') + ' ' + fmtInstant(c.opened_at),
			' · ', t('fc_closed_at') + ' ' + (c.closed_at ? fmtInstant(c.closed_at) : '–'),
			a.provisional ? h('strong', null, ' · ' + t('fc_provisional')) : null),
		h('dl', {class: 'figures', id: 'after-figures'},
			fig('aa-duration', t('fc_duration'), a.duration_minutes),
			fig('aa-reports', t('fc_reports'), rep.total),
			fig('aa-reported', t('forum_reported'), (rep.members_reported ?? '–') + ' / ' + (rep.members ?? '–')),
			fig('aa-late', t('fc_reports_late'), late.reports_late),
			fig('aa-peak', t('fc_peak_red'), a.peak_red ? a.peak_red.services : null),
			fig('aa-green', t('fc_time_to_green'), a.time_to_all_green_minutes)),
	];
	if ((late.members_never_reported || []).length) {
		body.push(h('p', {id: 'aa-never'}, t('fc_never_reported') + ': ' + late.members_never_reported.join(', ')));
	}
	if ((a.tolerance_breaches || []).length) {
		body.push(h('h3', null, t('fc_breaches')), h('ul', {id: 'aa-breaches'}, a.tolerance_breaches.map((b) =>
			h('li', {dataset: {member: b.member, service: b.service}}, b.member + ' / ' + (b.name || b.service) + ': ' +
				t('fc_outage_vs_tolerance', {o: b.outage_minutes, tol: b.tolerance_minutes ?? '–'}) +
				(b.breached ? '' : ' · ' + t('fc_forecast_breach'))))));
	}
	if (a.closing_summary) body.push(h('h3', null, t('fc_summary')), h('p', {id: 'aa-summary'}, a.closing_summary));
	const ls = a.lessons || {};
	for (const [k, label] of [['went_well', 'fc_went_well'], ['to_improve', 'fc_to_improve'], ['follow_up', 'fc_follow_up']]) {
		if ((ls[k] || []).length) body.push(h('h3', null, t(label)), h('ul', {class: 'lessons', dataset: {lessons: k}}, ls[k].map((x) => h('li', null, String(x)))));
	}
	body.push(h('h3', null, t('fc_decisions')), decisionTable((a.decisions || []).map((d) => ({id: d.id, body: d}))));
	if ((a.open_assistance_requests || []).length) {
		body.push(h('h3', null, t('fc_open_assistance')), h('ul', {id: 'aa-assistance'}, a.open_assistance_requests.map((x) =>
			h('li', null, x.member + ' (' + fmtInstant(x.at) + '): ' + x.assistance_needed))));
	}
	view.append(section('after-action', t('fc_after_action'), ...body, docLinks(f, 'after-action', crisis)));
}

/* ---- every crisis --------------------------------------------------------------------------- */

function crisisList(f, all, shown) {
	if (!all.length) return section('crisis-list', t('fc_all'), h('p', {class: 'empty'}, t('none')));
	return section('crisis-list', t('fc_all'), table('crisis-table', t('fc_all'),
		[t('title'), t('forum_severity'), t('status'), t('forum_opened'), t('fc_closed_at'), t('forum_tlp')],
		all.map((c) => h('tr', {dataset: {crisis: c.id, status: c.body.status}, class: shown && shown.id === c.id ? 'current' : null},
			h('td', null, h('a', {href: f.href('crisis') + '&crisis=' + encodeURIComponent(c.id)}, c.body.title || c.id)),
			h('td', null, levelBadge(c.body.severity)),
			h('td', null, term('crisis_status', c.body.status)),
			h('td', {class: 'nowrap'}, fmtInstant(c.body.opened_at)),
			h('td', {class: 'nowrap'}, c.body.closed_at ? fmtInstant(c.body.closed_at) : '–'),
			h('td', null, tlpBadge(c.tlp))))));
}
