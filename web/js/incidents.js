// Incidents: the list, a form for the facts (the facts document of RULES.md §6, assessed live
// through POST /assess while the user types), and one incident's page: each regime's verdict
// with the criteria that decided it, the deadline timeline with live countdowns, the event log
// and a form that records a submission (POST …/incidents/{id}/submissions).

import {get, post, orgPath, getAll, downloadHref} from './api.js';
import {doraForm} from './incident_dora.js';
import {t, term, termKeys, dueText} from './i18n.js';
import {
	h, field, clear, statusLine, errorText, errorBox, tableWrap, pageTitle, fmtInstant, countdown,
	localToISO, nowLocalInput,
} from './dom.js';

const NUM_FACTS = [
	['facts_tx', ['transactions_affected', 'transactions_regular', 'transactions_value_eur', 'transactions_value_regular_eur']],
	['facts_users', ['users_affected', 'users_total', 'clients_affected', 'clients_total',
		'financial_counterparts_affected', 'financial_counterparts_total']],
	['facts_time', ['downtime_minutes', 'duration_minutes']],
	['facts_impact', ['economic_impact_eur', 'member_states_affected']],
];
const BOOL_FACTS = ['critical_services_affected', 'malicious_unauthorised_access', 'data_losses', 'relevant_clients_affected',
	'reputational_impact', 'other_psps_affected', 'security_breach', 'significant_disruption', 'considerable_damage',
	'personal_data_breach'];
const ENUM_FACTS = {internal_escalation: 'escalation', data_subject_risk: 'ds_risk'};
const CATEGORIES = ['cyber', 'technical', 'physical', 'human', 'supplier', 'other'];

export async function render(view, ctx) {
	if (ctx.args[0]) return renderDetail(view, ctx, ctx.args[0]);
	return renderList(view, ctx);
}

/* A verdict as a badge.  "Not reportable" that unknown facts could still
 * change is never shown bare: it reads "Foreløbig: N ukendte forhold kan ændre
 * vurderingen" (the engine keeps the reports such facts would bring as
 * conditional deadlines). */
function verdictBadge(verdict, nUnknown, prefix) {
	const pre = prefix ? prefix + ': ' : '';
	if (verdict === 'none' && nUnknown > 0) {
		return h('span', {class: 'badge verdict v-provisional'}, pre + t('verdict_provisional', {n: nUnknown}));
	}
	return h('span', {class: 'badge verdict v-' + verdict}, pre + term('verdict', verdict));
}

function verdictBadges(verdicts, provisional) {
	const out = [];
	for (const [regime, v] of Object.entries(verdicts || {})) {
		out.push(verdictBadge(v, (provisional || {})[regime] || 0, term('regime', regime)));
	}
	return out.length ? out : '–';
}

const unknownCount = (r) => (r.provisional ? (r.unknown_could_change_verdict || []).length : 0);

async function renderList(view, ctx) {
	view.append(pageTitle(t('incidents_title')));
	const listBox = h('section', {class: 'card', id: 'incident-list', 'aria-labelledby': 'incident-list-h'},
		h('h2', {id: 'incident-list-h'}, t('incidents_title')), h('p', {class: 'loading'}, t('loading')));
	view.append(h('p', {class: 'downloads no-print'},
		h('a', {class: 'button secondary', id: 'incidents-xlsx', download: '', href: downloadHref(orgPath(ctx.org, 'incidents')) + '?format=xlsx'},
			t('download_xlsx'))));
	const formBox = h('div');
	view.append(listBox, formBox);

	const [list, nodes, org] = await Promise.allSettled([
		getAll(orgPath(ctx.org, 'incidents')),
		getAll(orgPath(ctx.org, 'nodes'), 2000),
		get(orgPath(ctx.org)),
	]);
	listBox.querySelector('.loading').remove();
	if (list.status === 'rejected') {
		listBox.append(errorBox(list.reason));
	} else if (!list.value.length) {
		listBox.append(h('p', {class: 'empty'}, t('incidents_none')));
	} else {
		const rows = [...list.value].sort((a, b) => String(b.detected_at || '').localeCompare(String(a.detected_at || '')))
			.map((i) => h('tr', {dataset: {incident: i.id}, class: i.status === 'open' ? 'open' : null},
				h('td', null, h('a', {href: '#/incidents/' + encodeURIComponent(i.id)}, i.title || i.id), h('small', {class: 'sub'}, i.id)),
				h('td', null, term('incident_status', i.status)),
				h('td', null, fmtInstant(i.detected_at)),
				h('td', null, verdictBadges(i.verdicts, i.provisional)),
				h('td', null, i.next_due
					? [term('regime', i.next_due.regime) + ' · ' + term('report', i.next_due.report) + ': ',
						fmtInstant(i.next_due.due), ' ', countdown(i.next_due.due)]
					: '–')));
		listBox.append(tableWrap(h('table', {class: 'data', id: 'incident-table'},
			h('thead', null, h('tr', null, [t('incident'), t('status'), t('detected_at'), t('verdicts'), t('next_due')]
				.map((x) => h('th', {scope: 'col'}, x)))),
			h('tbody', null, rows)), t('incidents_title')));
	}
	if (ctx.can.incidents) formBox.append(incidentForm(ctx, nodes.status === 'fulfilled' ? nodes.value : [],
		org.status === 'fulfilled' ? org.value : null, list.status === 'fulfilled' ? list.value : []));
}

/* The facts document's entity from the organisation's settings (for POST /assess). */
function entityOf(org) {
	if (!org) return undefined;
	const e = org.entity || {};
	const ent = {
		name: org.name,
		psd2_psp: !!e.psd2_psp,
		dora: !!e.dora,
		nis2: e.nis2 || 'none',
		trust_service_provider: !!(e.trust_service || e.trust_service_provider),
	};
	if (typeof e.dora === 'string') ent.dora_type = e.dora;
	else if (e.dora_type) ent.dora_type = e.dora_type;
	if (e.tier1_capital_eur !== undefined) ent.tier1_capital_eur = e.tier1_capital_eur;
	if (org.working_hours) ent.working_hours = org.working_hours;
	if (org.calendar) ent.calendar = org.calendar;
	return ent;
}

function incidentForm(ctx, nodes, org, existing) {
	const today = new Date().toISOString().slice(0, 10);
	let n = 1;
	while (existing.some((i) => i.id === 'inc-' + today + '-' + n)) n += 1;
	const id = field(t('incident_id'), 'input', {name: 'id', required: true, value: 'inc-' + today + '-' + n, autocomplete: 'off'});
	const title = field(t('title'), 'input', {name: 'title', required: true});
	const category = field(t('category'), 'select', {name: 'category'}, CATEGORIES.map((c) => [c, c]));
	const description = field(t('description'), 'textarea', {name: 'description', rows: '2'});
	const cause = field(t('cause'), 'input', {name: 'cause'});
	const rootCause = field(t('root_cause'), 'input', {name: 'root_cause', autocomplete: 'off'});
	const times = {
		occurred_at: field(t('occurred_at'), 'input', {name: 'occurred_at', type: 'datetime-local'}),
		detected_at: field(t('detected_at'), 'input', {name: 'detected_at', type: 'datetime-local', required: true, value: nowLocalInput()}),
		classified_at: field(t('classified_at'), 'input', {name: 'classified_at', type: 'datetime-local'}),
		resolved_at: field(t('resolved_at'), 'input', {name: 'resolved_at', type: 'datetime-local'}),
	};
	const nodeSel = field(t('nodes_affected'), 'select', {name: 'nodes', multiple: true, size: String(Math.min(6, Math.max(2, nodes.length)))},
		[...nodes].sort((a, b) => String(a.name || a.id).localeCompare(String(b.name || b.id), 'da'))
			.map((x) => [x.id, (x.name || x.id) + ' (' + x.effective_criticality + ')']));
	const facts = {};
	const factFieldsets = NUM_FACTS.map(([legend, names]) => h('fieldset', {class: 'sub'}, h('legend', null, t(legend)),
		h('div', {class: 'grid'}, names.map((f) => {
			const fl = field(t('f_' + f), 'input', {name: 'facts.' + f, type: 'number', min: '0', step: 'any', inputmode: 'decimal'});
			facts[f] = fl.control;
			return fl;
		}))));
	const yn = [['', t('unknown')], ['true', t('yes')], ['false', t('no')]];
	const flags = h('fieldset', {class: 'sub'}, h('legend', null, t('facts_flags')),
		h('div', {class: 'grid'},
			BOOL_FACTS.map((f) => {
				const fl = field(t('f_' + f), 'select', {name: 'facts.' + f}, yn);
				facts[f] = fl.control;
				return fl;
			}),
			Object.entries(ENUM_FACTS).map(([f, grp]) => {
				const fl = field(t('f_' + f), 'select', {name: 'facts.' + f},
					[['', t('unknown')], ...termKeys(grp).map((k) => [k, term(grp, k)])]);
				facts[f] = fl.control;
				return fl;
			})));

	const live = h('aside', {class: 'preview', id: 'incident-preview', 'aria-live': 'polite', 'aria-labelledby': 'incident-preview-h'},
		h('h3', {id: 'incident-preview-h'}, t('assess_live')));
	const status = statusLine();
	const btn = h('button', {type: 'submit', id: 'incident-submit'}, t('incident_save'));
	const form = h('form', {class: 'card', id: 'incident-form', novalidate: true},
		h('h2', null, t('incident_new')),
		h('div', {class: 'grid'}, id, title, category, cause, rootCause), description,
		h('fieldset', null, h('legend', null, t('times_fs')), h('p', {class: 'hint'}, t('times_hint')),
			h('div', {class: 'grid'}, Object.values(times))),
		nodes.length ? nodeSel : null,
		h('fieldset', null, h('legend', null, t('facts_fs')), factFieldsets, flags),
		h('p', {class: 'hint'}, t('entity_note')),
		live, btn, status);

	const collect = () => {
		const doc = {id: id.control.value.trim(), title: title.control.value.trim(), category: category.control.value};
		if (description.control.value.trim()) doc.description = description.control.value.trim();
		if (cause.control.value.trim()) doc.cause = cause.control.value.trim();
		if (rootCause.control.value.trim()) doc.root_cause = rootCause.control.value.trim();
		for (const [k, f] of Object.entries(times)) doc[k] = localToISO(f.control.value);
		const sel = [...nodeSel.control.selectedOptions].map((o) => o.value);
		if (sel.length) doc.nodes = sel;
		doc.facts = {};
		for (const [k, c] of Object.entries(facts)) {
			if (c.value === '') continue;
			if (c.type === 'number') doc.facts[k] = Number(c.value);
			else if (c.value === 'true' || c.value === 'false') doc.facts[k] = c.value === 'true';
			else doc.facts[k] = c.value;
		}
		return doc;
	};

	let seq = 0;
	let timer = null;
	const assess = async () => {
		const doc = collect();
		const my = ++seq;
		if (!doc.detected_at) return;
		const facts = {
			title: doc.title || doc.id, occurred_at: doc.occurred_at, detected_at: doc.detected_at,
			classified_at: doc.classified_at, resolved_at: doc.resolved_at, entity: entityOf(org), facts: doc.facts,
		};
		try {
			const a = await post('/assess', facts);
			if (my !== seq) return;
			clear(live).append(h('h3', {id: 'incident-preview-h'}, t('assess_live')), resultsSummary(a.results || []));
		} catch (e) {
			if (my !== seq) return;
			clear(live).append(h('h3', {id: 'incident-preview-h'}, t('assess_live')), h('p', {class: 'error'}, errorText(e)));
		}
	};
	const schedule = () => {
		clearTimeout(timer);
		timer = setTimeout(assess, 250);
	};
	form.addEventListener('input', schedule);
	form.addEventListener('change', schedule);
	schedule();

	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		const doc = collect();
		btn.disabled = true;
		status.show(t('saving'), 'busy');
		try {
			const a = await post(orgPath(ctx.org, 'incidents'), doc);
			status.show(t('incident_saved'), 'ok');
			ctx.navigate('/incidents/' + encodeURIComponent((a && (a.added || a.id)) || doc.id));
		} catch (e) {
			status.show(errorText(e), 'error');
		} finally {
			btn.disabled = false;
		}
	});
	return form;
}

/* A short table of the verdicts and the next report per regime (the live assessment). */
function resultsSummary(results) {
	const rows = results.map((r) => {
		const next = (r.reports || []).find((x) => x.status !== 'submitted');
		return h('tr', {dataset: {regime: r.regime}},
			h('th', {scope: 'row'}, term('regime', r.regime)),
			h('td', null, r.applies ? verdictBadge(r.verdict, unknownCount(r))
				: h('span', {class: 'muted'}, t('not_applies'))),
			h('td', null, r.rule || r.applies_reason || ''),
			h('td', null, next ? [term('report', next.report) + ': ', next.due ? fmtInstant(next.due) : dueText(next.due_text)] : '–'));
	});
	return tableWrap(h('table', {class: 'data compact', id: 'assess-table'},
		h('thead', null, h('tr', null, [t('regime'), t('verdicts'), t('rule'), t('next_due')].map((x) => h('th', {scope: 'col'}, x)))),
		h('tbody', null, rows)), t('assess_live'));
}

async function renderDetail(view, ctx, id) {
	view.append(h('p', null, h('a', {href: '#/incidents'}, '← ' + t('back_to_list'))));
	let d;
	try {
		d = await get(orgPath(ctx.org, 'incidents', id));
	} catch (e) {
		view.append(pageTitle(id), errorBox(e));
		return;
	}
	const inc = d.incident || d;
	const results = d.results || [];
	view.append(pageTitle(inc.title || inc.id),
		h('dl', {class: 'kv meta-grid', id: 'incident-facts'},
			h('dt', null, 'Id'), h('dd', null, h('code', null, inc.id)),
			h('dt', null, t('status')), h('dd', null, term('incident_status', d.status || inc.status)),
			h('dt', null, t('category')), h('dd', null, inc.category || '–'),
			h('dt', null, t('occurred_at')), h('dd', null, fmtInstant(inc.occurred_at)),
			h('dt', null, t('detected_at')), h('dd', null, fmtInstant(inc.detected_at)),
			h('dt', null, t('classified_at')), h('dd', null, fmtInstant(inc.classified_at)),
			h('dt', null, t('recovered_at')), h('dd', null, fmtInstant(inc.recovered_at)),
			h('dt', null, t('resolved_at')), h('dd', null, fmtInstant(inc.resolved_at)),
			inc.cause ? [h('dt', null, t('cause')), h('dd', null, inc.cause)] : null,
			inc.description ? [h('dt', null, t('description')), h('dd', null, inc.description)] : null,
			inc.nodes && inc.nodes.length ? [h('dt', null, t('nodes_affected')), h('dd', null,
				inc.nodes.map((n, i) => [i ? ', ' : '', h('a', {href: '#/map?node=' + encodeURIComponent(n)}, n)]))] : null));

	view.append(timelineSection(inc, results, ctx));
	view.append(checklistSection(ctx, inc, results));
	const dora = results.find((r) => r.regime === 'eu-dora');
	if (dora && dora.applies && ctx.can.incidents) view.append(await doraForm(ctx, inc, () => ctx.refresh()));
	view.append(h('section', {class: 'verdicts', id: 'verdicts', 'aria-labelledby': 'verdicts-h'},
		h('h2', {id: 'verdicts-h'}, t('verdicts')),
		results.filter((r) => r.applies).map(regimeCard),
		h('div', {class: 'regimes-na'}, results.filter((r) => !r.applies).map(regimeCard))));
	if (ctx.can.submit) view.append(submissionForm(ctx, inc, results));
	if (d.impact && (d.impact.fails || []).length) {
		view.append(h('section', {class: 'card', 'aria-labelledby': 'inc-impact-h'},
			h('h2', {id: 'inc-impact-h'}, t('impact_incident')),
			h('p', null, d.impact.fails.map((n, i) => [i ? ', ' : '', h('a', {href: '#/map?node=' + encodeURIComponent(n)}, n)])),
			(d.impact.critical_affected || []).length
				? h('p', null, t('impact_critical') + ': ' + d.impact.critical_affected.join(', ')) : null));
	}
	const events = d.timeline || [];
	if (events.length) {
		view.append(h('section', {class: 'card', id: 'event-log', 'aria-labelledby': 'event-log-h'},
			h('h2', {id: 'event-log-h'}, t('timeline_events')),
			h('ol', {class: 'events'}, events.map((ev) => h('li', null,
				h('time', {datetime: ev.at}, fmtInstant(ev.at)), ' ', h('strong', null, term('event_kind', ev.kind)), ' · ', ev.actor || '',
				ev.detail ? h('small', {class: 'sub'}, eventDetail(ev.detail)) : null)))));
	}
}

function eventDetail(detail) {
	if (typeof detail !== 'object') return String(detail);
	if (detail.regime && detail.report) {
		return term('regime', detail.regime) + ' · ' + term('report', detail.report) +
			(detail.submitted_at ? ' · ' + fmtInstant(detail.submitted_at) : '') +
			(detail.channel ? ' · ' + detail.channel : '') + (detail.receipt ? ' · ' + detail.receipt : '');
	}
	if (detail.field) return detail.field + ': ' + JSON.stringify(detail.before) + ' → ' + JSON.stringify(detail.after);
	return JSON.stringify(detail);
}

/* The report's content as a document, and for DORA the ESAs' JSON: links the browser downloads with the session. */
function reportLinks(ctx, inc, regime, report) {
	const base = downloadHref(orgPath(ctx.org, 'incidents', inc.id, 'reports', regime, report)) + '?format=';
	const links = [];
	if (regime === 'eu-dora') links.push(h('a', {href: base + 'dora-json', download: '', class: 'dl'}, t('download_dora_json')));
	if (report !== 'progress') {
		links.push(h('a', {href: base + 'pdf', download: '', class: 'dl'}, 'PDF'));
		links.push(h('a', {href: base + 'docx', download: '', class: 'dl'}, 'DOCX'));
	}
	return h('small', {class: 'sub downloads'}, t('download') + ': ', links.map((l, i) => [i ? ' · ' : '', l]));
}

/*
 * Beside the countdown: for the next report due of each regime, every field still missing
 * before it can be filed (…/reports/{regime}/{report}?check=true), in Danish and English.
 */
function checklistSection(ctx, inc, results) {
	const sec = h('section', {class: 'card', id: 'filing-checklist', 'aria-labelledby': 'filing-checklist-h'},
		h('h2', {id: 'filing-checklist-h'}, t('filing_checklist')));
	const next = [];
	for (const r of results) {
		if (!r.applies) continue;
		const rep = (r.reports || []).find((x) => x.status !== 'submitted' && x.report !== 'progress');
		if (rep) next.push({regime: r.regime, report: rep.report === 'reclassification' ? 'reclassified' : rep.report});
	}
	if (!next.length) {
		sec.append(h('p', {class: 'empty'}, t('no_reportable')));
		return sec;
	}
	for (const n of next) {
		const box = h('div', {class: 'checklist', dataset: {regime: n.regime, report: n.report}},
			h('h3', null, term('regime', n.regime) + ' · ' + term('report', n.report)), h('p', {class: 'loading'}, t('loading')));
		sec.append(box);
		get(orgPath(ctx.org, 'incidents', inc.id, 'reports', n.regime, n.report) + '?check=true').then((c) => {
			box.querySelector('.loading').remove();
			const missing = c.missing || [];
			if (!missing.length) {
				box.append(h('p', {class: 'ok'}, '✓ ' + t('checklist_complete')));
				return;
			}
			box.append(h('p', null, t('checklist_missing') + ': ' + missing.length),
				h('ul', null, missing.map((m) => typeof m === 'string' ? h('li', null, m)
					: h('li', null, h('strong', null, m.field + ' '), m.da + ' / ', h('span', {class: 'en'}, m.en),
						m.fill ? h('small', {class: 'sub'}, ' (' + t('checklist_fill') + ': ' + m.fill + ')') : null))));
		}).catch((e) => {
			box.querySelector('.loading')?.remove();
			box.append(errorBox(e));
		});
	}
	return sec;
}

/* Every report of every applicable regime on one time line, earliest first. */
function timelineSection(inc, results, ctx) {
	const entries = [];
	for (const r of results) {
		if (!r.applies) continue;
		for (const rep of r.reports || []) entries.push({regime: r.regime, verdict: r.verdict, ...rep});
	}
	entries.sort((a, b) => {
		if (!a.due && !b.due) return 0;
		if (!a.due) return 1;
		if (!b.due) return -1;
		return Date.parse(a.due) - Date.parse(b.due);
	});
	const sec = h('section', {class: 'card', id: 'deadline-timeline', 'aria-labelledby': 'deadline-timeline-h'},
		h('h2', {id: 'deadline-timeline-h'}, t('deadline_timeline')));
	if (!entries.length) {
		sec.append(h('p', {class: 'empty'}, t('no_reportable')));
		return sec;
	}
	const ol = h('ol', {class: 'timeline'});
	ol.append(h('li', {class: 'tl-start'}, h('span', {class: 'tl-when'}, fmtInstant(inc.detected_at)),
		h('span', {class: 'tl-what'}, t('detected_at'))));
	for (const e of entries) {
		ol.append(h('li', {class: 'tl-item st-' + e.status, dataset: {regime: e.regime, report: e.report}},
			h('span', {class: 'tl-when' + (e.due ? '' : ' text')}, e.due ? h('time', {datetime: e.due}, fmtInstant(e.due)) : dueText(e.due_text)),
			h('span', {class: 'tl-what'},
				h('strong', null, term('regime', e.regime) + ' · ' + term('report', e.report) + (e.n ? ' ' + e.n : '')), ' ',
				h('span', {class: 'badge st st-' + e.status}, term('report_status', e.status)),
				e.late ? h('span', {class: 'badge warn'}, t('late')) : null,
				e.conditional ? h('span', {class: 'badge'}, t('provisional')) : null,
				e.status !== 'submitted' && e.due ? [' ', countdown(e.due)] : null,
				e.submitted_at ? h('small', {class: 'sub'}, t('submitted_at') + ': ' + fmtInstant(e.submitted_at)) : null,
				e.basis ? h('small', {class: 'sub'}, t('basis') + ': ' + e.basis) : null,
				e.due_without_relief ? h('small', {class: 'sub'}, t('without_relief') + ': ' + fmtInstant(e.due_without_relief)) : null,
				ctx && e.report !== 'progress' && e.report !== 'reclassification' ? reportLinks(ctx, inc, e.regime, e.report) : null)));
	}
	sec.append(ol);
	return sec;
}

function metText(met) {
	if (met === true) return h('span', {class: 'met yes'}, '✓ ' + t('yes'));
	if (met === false) return h('span', {class: 'met no'}, '✗ ' + t('no'));
	return h('span', {class: 'met unknown'}, '? ' + t('unknown'));
}

function regimeCard(r) {
	const card = h('article', {class: 'card regime' + (r.applies ? '' : ' not-applies'), dataset: {regime: r.regime},
		'aria-labelledby': 'regime-' + r.regime},
		h('h3', {id: 'regime-' + r.regime}, term('regime', r.regime), ' ',
			r.applies ? verdictBadge(r.verdict, unknownCount(r))
				: h('span', {class: 'badge muted'}, t('not_applies')),
			r.provisional && r.verdict !== 'none' ? h('span', {class: 'badge warn'}, t('provisional')) : null));
	if (r.applies_reason) card.append(h('p', {class: 'meta'}, r.applies_reason));
	if (!r.applies) return card;
	if (r.rule) card.append(h('p', null, h('strong', null, t('rule') + ': '), r.rule));
	if ((r.criteria || []).length) {
		card.append(tableWrap(h('table', {class: 'data compact criteria'},
			h('caption', {class: 'sr-only'}, t('criteria') + ' – ' + term('regime', r.regime)),
			h('thead', null, h('tr', null, [t('criterion'), t('met'), t('detail'), t('source')].map((x) => h('th', {scope: 'col'}, x)))),
			h('tbody', null, r.criteria.map((c) => h('tr', {class: c.met === true ? 'met' : null},
				h('td', null, h('code', null, c.id), c.level ? h('small', {class: 'sub'}, c.level) : null),
				h('td', null, metText(c.met)),
				h('td', null, c.detail || ''),
				h('td', null, c.source || ''))))), t('criteria')));
	}
	const unk = r.unknown_could_change_verdict || [];
	if (unk.length) {
		card.append(h('p', {class: 'unknowns'}, h('strong', null, t('unknown_could_change') + ': '),
			unk.map((u, i) => [i ? ', ' : '', h('code', null, u)])));
	}
	for (const n of r.notes || []) card.append(h('p', {class: 'meta'}, n));
	return card;
}

function submissionForm(ctx, inc, results) {
	const reportable = results.filter((r) => r.applies && (r.reports || []).length);
	const sec = h('section', {class: 'card', id: 'submission', 'aria-labelledby': 'submission-h'},
		h('h2', {id: 'submission-h'}, t('submission_title')));
	if (!reportable.length) {
		sec.append(h('p', {class: 'empty'}, t('no_reportable')));
		return sec;
	}
	const regime = field(t('regime'), 'select', {name: 'regime', id: 'sub-regime'}, reportable.map((r) => [r.regime, term('regime', r.regime)]));
	const report = field(t('report'), 'select', {name: 'report', id: 'sub-report'}, []);
	const fillReports = () => {
		const r = reportable.find((x) => x.regime === regime.control.value) || reportable[0];
		clear(report.control);
		const reps = r.reports || [];
		for (const rep of reps) {
			report.control.append(h('option', {value: rep.report},
				term('report', rep.report) + (rep.n ? ' ' + rep.n : '') + ' – ' + term('report_status', rep.status)));
		}
		const pending = reps.find((x) => x.status !== 'submitted');
		if (pending) report.control.value = pending.report;
	};
	regime.control.addEventListener('change', fillReports);
	const first = reportable.find((r) => (r.reports || []).some((x) => x.status !== 'submitted'));
	if (first) regime.control.value = first.regime;
	fillReports();
	const at = field(t('submitted_at'), 'input', {name: 'submitted_at', type: 'datetime-local', value: nowLocalInput(), required: true});
	const channel = field(t('channel'), 'input', {name: 'channel', value: 'virk.dk'});
	const receipt = field(t('receipt'), 'input', {name: 'receipt'});
	const est = field(t('estimates'), 'input', {name: 'estimates', type: 'checkbox'});
	const status = statusLine();
	const btn = h('button', {type: 'submit', id: 'submission-submit'}, t('submission_button'));
	const form = h('form', {id: 'submission-form', novalidate: true},
		h('div', {class: 'grid'}, regime, report, at, channel, receipt), est, btn, status);
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		const body = {regime: regime.control.value, report: report.control.value, submitted_at: localToISO(at.control.value)};
		if (channel.control.value.trim()) body.channel = channel.control.value.trim();
		if (receipt.control.value.trim()) body.receipt = receipt.control.value.trim();
		if (est.control.checked) body.estimates = true;
		btn.disabled = true;
		status.show(t('saving'), 'busy');
		const path = orgPath(ctx.org, 'incidents', inc.id, 'submissions');
		try {
			try {
				await post(path, body);
			} catch (e) {
				// the facts document names the instant submitted_at; `incident submit` calls it --at
				if (e.status !== 400 || e.field !== 'submitted_at') throw e;
				const {submitted_at: at, ...rest} = body;
				await post(path, {...rest, at});
			}
			status.show(t('submission_saved'), 'ok');
			ctx.refresh();
		} catch (e) {
			status.show(errorText(e), 'error');
		} finally {
			btn.disabled = false;
		}
	});
	sec.append(form);
	return sec;
}

