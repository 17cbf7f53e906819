// The sector forum's overview tab (docs/forum.md). The secretariat gets the forum dashboard:
// members, the crisis picture of the open crisis, the forum's top risks, the concentration per
// ICT service type (HHI) and the providers' footprint. A member gets its own position (its single
// points of failure, the providers in the sector it relies on, the sector figures as the API
// gives them — "fewer than 5" included) and the status-report form for the open crisis. The
// concentration, the footprint and a member's single points of failure come from the members'
// dependency maps or, by the source switch, from their registers of information (?source=register).

import {get, post, items, query} from './api.js';
import {t, term, getLang} from './i18n.js';
import {h, field, levelBadge, statusLine, submitting, errorBox, fmtInstant, tableWrap, localToISO} from './dom.js';
import {COLOURS, section, table, colourBadge, figure, colourCounts, nameEn, joined, settle,
	sourceSwitch, sourceQuery, sourceNote, providerText} from './forum_common.js';

/* The forum's crises the user may see, the newest opened first. */
export async function crises(f) {
	const cs = items(await get(f.base('items', 'crisis') + query({limit: 1000})));
	return cs.sort((a, b) => String(b.body.opened_at).localeCompare(String(a.body.opened_at)));
}

/* The newest open crisis of the forum, or null. */
async function openCrisis(f) {
	return (await crises(f)).find((c) => c.body.status === 'open') || null;
}

export async function render(view, f) {
	let crisis = null;
	try {
		crisis = await openCrisis(f);
	} catch (e) {
		view.append(errorBox(e));
	}
	if (f.secretariat) await secretariat(view, f.base, crisis);
	else await member(view, f.ctx, f.base, crisis);
}

/* ---- the secretariat's dashboard ---------------------------------------------------------- */

async function secretariat(view, base, crisis) {
	const [mem, pic, reg, conc, foot] = await settle([
		get(base('members')),
		crisis ? get(base('views', 'picture') + query({crisis: crisis.id})) : Promise.resolve(null),
		get(base('views', 'register')),
		get(base('concentration')),
		get(base('footprint')),
	]);
	let concEl = concentrationSection(conc, 'map');
	let footEl = footprintSection(foot, null, 'map');
	const sw = sourceSwitch('forum-source', 'map', async (src) => {
		const [c, fp] = await settle([get(base('concentration') + sourceQuery(src)), get(base('footprint') + sourceQuery(src))]);
		concEl = swap(concEl, concentrationSection(c, src));
		footEl = swap(footEl, footprintSection(fp, null, src));
	});
	view.append(crisisSection(pic, crisis));
	view.append(h('div', {class: 'source-bar'}, sw));
	view.append(h('div', {class: 'dash-grid forum-grid'}, concEl, risksSection(reg)));
	view.append(footEl);
	view.append(membersSection(mem));
}

/* Put el where old is; el is the one to replace next time. */
function swap(old, el) {
	old.replaceWith(el);
	return el;
}

function membersSection(r) {
	const title = t('forum_members');
	if (r.status === 'rejected') return section('forum-members', title, errorBox(r.reason));
	const ms = Array.isArray(r.value) ? r.value : items(r.value);
	const rows = ms.map((m) => h('tr', {dataset: {member: m.org}},
		h('td', null, m.name || m.org, h('small', {class: 'sub'}, m.org)),
		h('td', null, getLang() === 'en' ? (m.category || '–') : (m.category_da || m.category || '–')),
		h('td', null, term('forum_status', m.status)),
		h('td', {class: 'num'}, m.assets_dkk_m === undefined || m.assets_dkk_m === null ? '–'
			: Number(m.assets_dkk_m).toLocaleString(getLang() === 'en' ? 'en-GB' : 'da-DK')),
		h('td', {class: 'nowrap'}, m.joined_at ? fmtInstant(m.joined_at) : '–')));
	return section('forum-members', title + ' (' + ms.length + ')',
		table('forum-member-table', title,
			[t('org_label'), t('forum_category'), t('status'), t('forum_assets'), t('forum_joined')], rows));
}

export function crisisSection(r, crisis) {
	const title = t('forum_crisis');
	if (!crisis) return section('forum-crisis', title, h('p', {class: 'empty'}, t('forum_no_crisis')));
	if (r.status === 'rejected') return section('forum-crisis', title, errorBox(r.reason));
	const p = r.value || {};
	const c = p.crisis || crisis.body || {};
	const tot = p.totals || {};
	const head = h('p', {class: 'crisis-head', dataset: {crisis: crisis.id}},
		h('strong', null, c.title || crisis.id), ' ', h('code', {class: 'crisis-id'}, crisis.id),
		' · ', t('forum_severity') + ': ', levelBadge(c.severity),
		' · ', t('forum_opened') + ' ' + fmtInstant(c.opened_at),
		' · ', t('forum_cadence') + ': ' + (c.cadence_minutes ?? '–'),
		' · ', t('forum_reported') + ': ', h('span', {id: 'crisis-reported'},
			(tot.members_reported ?? '–') + ' / ' + (tot.members ?? '–')));
	const members = Array.isArray(p.members) ? p.members : [];
	const late = members.filter((m) => m.late);
	const lateEl = h('div', {id: 'crisis-late'}, h('h3', null, t('forum_late_members') + ' (' + late.length + ')'),
		late.length ? h('ul', null, late.map((m) => h('li', {dataset: {member: m.member}},
			(m.member_name || m.member) + ' – ' + t('forum_minutes_late', {n: m.minutes_late}))))
			: h('p', {class: 'empty'}, t('forum_no_late')));
	const rows = members.map((m) => h('tr', {dataset: {member: m.member, worst: m.worst_status || ''}, class: m.late ? 'overdue' : null},
		h('td', null, m.member_name || m.member, m.member_name && m.member_name !== m.member ? h('small', {class: 'sub'}, m.member) : null),
		h('td', null, m.reported ? colourBadge(m.worst_status) : h('span', {class: 'muted'}, t('forum_not_reported'))),
		h('td', null, joined(COLOURS.map((col) => h('span', {class: 'count colour-' + col}, term('colour', col) + ' ' +
			((m.services && m.services[col]) || 0))), ' · ')),
		h('td', {class: 'nowrap'}, m.latest_report ? fmtInstant(m.latest_report.at) : '–'),
		h('td', {class: 'nowrap'}, m.late ? t('forum_minutes_late', {n: m.minutes_late}) : fmtInstant(m.next_due_at))));
	return section('forum-crisis', title, head, colourCounts('crisis-counts', p.counts), lateEl,
		table('crisis-members', title, [t('org_label'), t('forum_worst'), t('forum_services'), t('forum_latest'),
			t('forum_next_due')], rows));
}

function risksSection(r) {
	const title = t('forum_risks');
	if (r.status === 'rejected') return section('forum-risks', title, errorBox(r.reason));
	const reg = r.value || {};
	const hm = reg.heat_map || {};
	const counts = hm.counts || [];
	const lik = hm.likelihood || [];
	const con = hm.consequence || [];
	const label = (o) => (o ? o.value + ' ' + nameEn(o, 'da', 'en') : '');
	const levelClass = (lvl) => 'lvl-' + (['Lav', 'Medium', 'Høj', 'Kritisk'].indexOf(lvl) + 1);
	// likelihood rows from the highest down, consequence columns left to right
	const body = [];
	for (let i = counts.length - 1; i >= 0; i--) {
		body.push(h('tr', null, h('th', {scope: 'row'}, label(lik[i])),
			(counts[i] || []).map((n, j) => h('td', {
				class: 'hm-cell ' + levelClass(hm.matrix && hm.matrix[i] ? hm.matrix[i][j] : ''),
				dataset: {l: String(i + 1), c: String(j + 1), count: String(n)},
			}, n ? String(n) : ''))));
	}
	const heat = tableWrap(h('table', {class: 'data compact forum-heat', id: 'forum-heatmap'},
		h('caption', null, t('forum_heat')),
		h('thead', null, h('tr', null, h('th', {scope: 'col'}, t('forum_likelihood') + ' \\ ' + t('forum_consequence')),
			con.map((c) => h('th', {scope: 'col'}, label(c))))),
		h('tbody', null, body)), t('forum_heat'));
	const byId = new Map((reg.risks || []).map((x) => [x.id, x]));
	const top = (reg.top || []).map((id) => byId.get(id)).filter(Boolean);
	const topEl = top.length
		? table('forum-top-risks', title, ['#', t('title'), t('level'), t('forum_score'), t('forum_trend')],
			top.map((x) => h('tr', {dataset: {risk: x.id}},
				h('td', {class: 'num'}, String(x.position ?? '')),
				h('td', null, x.title || x.id),
				h('td', null, levelBadge(x.level)),
				h('td', {class: 'num'}, String(x.score ?? '–')),
				h('td', null, term('trend', x.trend)))))
		: h('p', {class: 'empty'}, t('forum_no_risks'));
	return section('forum-risks', title, topEl, heat);
}

function concentrationSection(r, src) {
	const title = t('forum_concentration');
	if (r.status === 'rejected') return section('forum-concentration', title, sourceNote(null, src), errorBox(r.reason));
	const types = (r.value && r.value.types) || [];
	const list = h('ul', {class: 'hhi-chart', id: 'hhi-chart'});
	for (const ty of types) {
		const name = ty.service_type + ' ' + nameEn(ty, 'name_da', 'name_en');
		if (ty.suppressed) {
			list.append(h('li', {class: 'hhi-row suppressed', dataset: {type: ty.service_type}},
				h('span', {class: 'hhi-label'}, name),
				h('span', {class: 'hhi-value muted'}, t('forum_suppressed'))));
			continue;
		}
		const hhi = Number(ty.hhi) || 0;
		const bar = h('span', {class: 'hhi-bar band-' + (ty.band || 'low')});
		bar.style.width = Math.max(0, Math.min(100, hhi / 100)) + '%'; // CSSOM, which the CSP allows
		list.append(h('li', {class: 'hhi-row', dataset: {type: ty.service_type, hhi: String(hhi)}},
			h('span', {class: 'hhi-label'}, name,
				h('small', {class: 'sub'}, t('forum_relationships', {n: ty.relationships, p: ty.providers}))),
			h('span', {class: 'hhi-track', role: 'img',
				'aria-label': name + ': HHI ' + Math.round(hhi) + ' (' + term('hhi_band', ty.band) + ')'}, bar),
			h('span', {class: 'hhi-value'}, Math.round(hhi) + ' · ' + term('hhi_band', ty.band))));
	}
	return section('forum-concentration', title, sourceNote(r.value, src),
		types.length ? list : h('p', {class: 'empty'}, t('none')), h('p', {class: 'hint'}, t('forum_hhi_note')));
}

/*
 * Providers' footprint; relied is a Set of provider ids the member relies on (or null), src the
 * source asked for. A provider is an organisation of skjold (the maps) or a code from the registers
 * ("lei:…", shown "LEI …"); from the registers the answer also gives its legal name, shown first.
 */
function footprintSection(r, relied, src) {
	const title = relied ? t('forum_providers') : t('forum_footprint');
	if (r.status === 'rejected') return section('forum-footprint', title, sourceNote(null, src), errorBox(r.reason));
	const note = sourceNote(r.value, src);
	const ps = (r.value && r.value.providers) || [];
	if (!ps.length) {
		// a member's own providers, when the sector figures leave every one out (fewer than 5)
		const own = relied && Array.isArray(r.value && r.value.providers_in_your_view) ? r.value.providers_in_your_view : [];
		return section('forum-footprint', title, note, h('p', {class: 'empty'}, t('none')),
			own.length ? h('p', {class: 'meta', id: 'footprint-own'}, t('fsrc_your_view') + ': ',
				joined(own.map((p) => h('span', {dataset: {provider: p}}, providerText(p))))) : null);
	}
	const catName = (c) => (getLang() === 'en' ? c.category : (c.category_da || c.category));
	const rows = ps.map((p) => h('tr', {dataset: {provider: p.provider, flagged: p.flagged ? '1' : '0'}},
		h('td', null, p.name ? [p.name, ' ', h('small', {class: 'sub'}, providerText(p.provider))] : providerText(p.provider),
			relied && relied.has(p.provider) ? h('small', {class: 'sub relied'}, t('forum_relied')) : null),
		h('td', {class: 'num'}, figure(p.members)),
		relied ? null : h('td', {class: 'num'}, figure(p.members_direct)),
		relied ? null : h('td', {class: 'num'}, figure(p.only_through_subcontractors)),
		h('td', null, p.flagged ? h('span', {class: 'badge warn'}, t('yes')) : t('no')),
		h('td', null, joined((p.categories || []).filter((c) => c.flagged).map((c) =>
			h('span', {class: 'cat'}, catName(c) + ' (' + figure(c.members) + ')'))))));
	const heads = relied
		? [t('forum_provider'), t('forum_members'), t('forum_flagged'), t('forum_flagged_cats')]
		: [t('forum_provider'), t('forum_members'), t('forum_direct'), t('forum_via_sub'), t('forum_flagged'),
			t('forum_flagged_cats')];
	return section('forum-footprint', title, note, r.value.rule ? h('p', {class: 'hint'}, r.value.rule) : null,
		table('footprint-table', title, heads, rows));
}

/* ---- a member's page ---------------------------------------------------------------------- */

async function member(view, ctx, base, crisis) {
	const [spof, foot, conc, pic] = await settle([
		get(base('spof')),
		get(base('footprint')),
		get(base('concentration')),
		crisis ? get(base('views', 'picture') + query({crisis: crisis.id})) : Promise.resolve(null),
	]);
	// the status report names the functions of the map; the source switch changes only the figures
	const fns = ownFunctions(spof, ctx.org);

	const ownStatus = h('div', {id: 'own-status'});
	const sectorEl = h('div', {id: 'sector-figures'});
	const showPicture = (p) => {
		ownStatus.replaceChildren(...ownStatusContent(p, ctx.org));
		sectorEl.replaceChildren(...sectorContent(p));
	};
	if (crisis) {
		if (pic.status === 'rejected') ownStatus.append(errorBox(pic.reason));
		else showPicture(pic.value);
	}
	const refresh = async () => {
		try {
			showPicture(await get(base('views', 'picture') + query({crisis: crisis.id})));
		} catch (e) {
			ownStatus.replaceChildren(errorBox(e));
		}
	};
	view.append(crisis
		? section('forum-report', t('forum_report'), h('p', {class: 'meta'}, t('forum_report_for', {title: crisis.body.title || crisis.id})),
			reportForm(ctx, base, crisis, fns, refresh), ownStatus, h('h3', null, t('forum_sector')), sectorEl)
		: section('forum-report', t('forum_report'), h('p', {class: 'empty'}, t('forum_no_crisis'))));
	let posEl = positionSection(spof, fns, ctx.org, 'map');
	let concEl = concentrationSection(conc, 'map');
	let footEl = footprintSection(foot, reliedOn(fns, ctx.org), 'map');
	const sw = sourceSwitch('forum-source', 'map', async (src) => {
		const q = sourceQuery(src);
		const [sp, c, fp] = await settle([get(base('spof') + q), get(base('concentration') + q), get(base('footprint') + q)]);
		const own = ownFunctions(sp, ctx.org);
		posEl = swap(posEl, positionSection(sp, own, ctx.org, src));
		concEl = swap(concEl, concentrationSection(c, src));
		footEl = swap(footEl, footprintSection(fp, reliedOn(own, ctx.org), src));
	});
	view.append(h('div', {class: 'source-bar'}, sw));
	view.append(posEl);
	view.append(h('div', {class: 'dash-grid forum-grid'}, concEl, footEl));
}

/* The member's own functions in a spof answer (settled). */
function ownFunctions(spof, org) {
	return spof.status === 'fulfilled' && spof.value && Array.isArray(spof.value.functions)
		? spof.value.functions.filter((f) => f.org === org) : [];
}

/* The providers (organisations or register codes) the member's functions depend on. */
function reliedOn(fns, org) {
	const relied = new Set();
	for (const f of fns) for (const s of f.single_points_of_failure || []) if (s.org !== org) relied.add(s.org);
	return relied;
}

function ownStatusContent(p, org) {
	const m = (p && Array.isArray(p.members) ? p.members : []).find((x) => x.member === org);
	const out = [h('h3', null, t('forum_my_status'))];
	if (!m || !m.latest_report) {
		out.push(h('p', {class: 'empty', id: 'own-latest', dataset: {worst: ''}}, t('forum_not_reported') +
			(m && m.next_due_at ? ' · ' + t('forum_next_due') + ' ' + fmtInstant(m.next_due_at) : '')));
		return out;
	}
	const lr = m.latest_report;
	out.push(h('p', {id: 'own-latest', dataset: {worst: m.worst_status || ''}},
		colourBadge(m.worst_status), ' ', fmtInstant(lr.at), ' · ', t('forum_next_due') + ' ', fmtInstant(m.next_due_at),
		m.late ? h('strong', {class: 'error'}, ' · ' + t('forum_minutes_late', {n: m.minutes_late})) : null));
	out.push(h('ul', {class: 'own-services'}, (lr.services || []).map((s) => h('li', {dataset: {service: s.service}},
		colourBadge(s.status), ' ', s.name || s.service))));
	return out;
}

/* The sector figures of the picture exactly as the API gives them: counts, or "fewer than 5". */
function sectorContent(p) {
	const s = p && p.sector;
	if (!s) return [h('p', {class: 'empty'}, '–')];
	if (s.suppressed) return [h('p', {class: 'suppressed', dataset: {suppressed: '1'}}, t('forum_suppressed'))];
	return [colourCounts('sector-counts', s.counts),
		h('p', {class: 'meta'}, t('forum_sector_reporting') + ': ' + figure(s.members_reporting))];
}

function positionSection(r, fns, org, src) {
	const title = t('forum_position');
	if (r.status === 'rejected') return section('forum-position', title, sourceNote(null, src), errorBox(r.reason));
	const note = sourceNote(r.value, src);
	if (!fns.length) return section('forum-position', title, note, h('p', {class: 'empty'}, t('forum_no_spof')));
	const rows = fns.map((f) => h('tr', {dataset: {function: f.node}},
		h('td', null, f.name || f.node, h('small', {class: 'sub'}, f.node)),
		h('td', null, h('ul', {class: 'spof-list'}, (f.single_points_of_failure || []).map((s) =>
			h('li', {dataset: {node: s.node}, class: s.org !== org ? 'outside' : null},
				(s.name || s.node) + ' ', h('small', {class: 'muted'}, s.node + (s.not_shared ? ' · ' + t('forum_not_shared') : '')))))),
		h('td', {class: 'num'}, String(f.outside_own_organisation ?? '–'))));
	return section('forum-position', title, note,
		table('spof-table', title, [t('forum_function'), t('forum_spofs'), t('forum_outside')], rows));
}

function reportForm(ctx, base, crisis, fns, refresh) {
	const form = h('form', {id: 'report-form', novalidate: true});
	const colourOpts = COLOURS.map((c) => [c, term('colour', c)]);
	const services = fns.map((f) => ({id: f.node.split('/').slice(1).join('/'), name: f.name || f.node}));
	const svcBox = h('fieldset', {class: 'services'}, h('legend', null, t('forum_services')));
	const rows = [];
	for (const s of services) {
		const f = field(t('forum_service_status', {name: s.name}), 'select',
			{name: 'status.' + s.id, value: 'green', dataset: {service: s.id}}, colourOpts);
		rows.push({service: s.id, name: s.name, control: f.control});
		svcBox.append(f);
	}
	// a service not among the shared critical functions
	const otherId = field(t('forum_add_service'), 'input', {name: 'other_service', placeholder: 'p-…'});
	const otherSt = field(t('status'), 'select', {name: 'other_status', value: 'green'}, colourOpts);
	svcBox.append(h('div', {class: 'grid'}, otherId, otherSt));
	const cause = field(t('forum_cause'), 'textarea', {name: 'cause', rows: '2'});
	const cont = field(t('forum_continuity'), 'input', {type: 'checkbox', name: 'continuity_plan_active'});
	const assist = field(t('forum_assistance'), 'textarea', {name: 'assistance_needed', rows: '2'});
	const comm = field(t('forum_comm'), 'select', {name: 'communication_status', value: 'none'},
		['none', 'internal', 'customers', 'public', 'media'].map((c) => [c, term('comm_status', c)]));
	const next = field(t('forum_next_update'), 'input', {type: 'datetime-local', name: 'next_update_at'});
	const tlp = field(t('forum_tlp'), 'select', {name: 'tlp', value: 'AMBER'},
		['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT'].map((x) => [x, 'TLP:' + x]), t('forum_tlp_hint'));
	const status = statusLine();
	status.id = 'report-status';
	const btn = h('button', {type: 'submit', id: 'report-submit'}, t('forum_report_submit'));
	form.append(svcBox, h('div', {class: 'grid'}, comm, next, tlp), cause, assist, cont, btn, status);
	if (!ctx.can.submit && !['admin', 'isk', 'secretariat'].includes(ctx.role)) btn.disabled = true;
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		const svc = rows.map((r) => ({service: r.service, name: r.name, status: r.control.value}));
		const oid = otherId.control.value.trim();
		if (oid) svc.push({service: oid, status: otherSt.control.value});
		const body = {
			at: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
			services: svc,
			continuity_plan_active: cont.control.checked,
			communication_status: comm.control.value,
		};
		if (cause.control.value.trim()) body.cause = cause.control.value.trim();
		if (assist.control.value.trim()) body.assistance_needed = assist.control.value.trim();
		const nu = localToISO(next.control.value);
		if (nu) body.next_update_at = nu;
		await submitting(btn, status, async () => {
			const a = await post(base('items', 'report') + query({parent: crisis.id}), {body, tlp: tlp.control.value});
			status.show(t('forum_report_ok', {id: a && a.id ? a.id : '–'}), 'ok');
			status.dataset.report = a && a.id ? a.id : '';
			await refresh();
		});
	});
	return form;
}
