// The sector forum's programme tabs (docs/forum.md, docs/internals/{frisk,redteam,baseline}.md):
//   register  the forum risk register: risks with level, trend and refresh, heat map, rating
//             history, measures; the secretariat adds, edits and re-rates risks and keeps measures
//   redteam   TIBER-DK: a member's own tests, phases, deliverables, cycle and findings; the
//             secretariat's status across members and the anonymised aggregate
//   baseline  catalogues, campaigns (the secretariat opens and closes them), a member's answers and
//             its feedback against the sector once a campaign has closed; the secretariat's aggregate
//   survey    the annual concern survey: the secretariat opens it, members rank their concerns,
//             the Borda ranking, and the secretariat turns candidates into forum risks
// Every write goes through the forum's item API; the server decides what each user may see and
// write (TLP, the kind's writer), the forms are only hidden for roles that cannot write. After a
// write the tab is drawn again from the server's answer, and the form's status line keeps the
// message (flash below). An edit of a stored item that someone else changed meanwhile opens the
// conflict panel in its form (conflict.js); discarding the change draws the tab again.

import {get, post, items, query} from './api.js';
import {t, term, termKeys, getLang} from './i18n.js';
import {h, field, levelBadge, statusLine, submitting, errorText, errorBox, fmtDate, todayISO} from './dom.js';
import {TLPS, section, table, tlpBadge, figure, nameEn, joined, settle, replaceItem} from './forum_common.js';
import {guardedSave} from './conflict.js';

/* ---- shared pieces ------------------------------------------------------------------------- */

const WRITERS = ['admin', 'isk', 'secretariat'];
const canWrite = (f) => WRITERS.includes(f.ctx.role);

// the message of the last write, shown by the form that made it once the tab is drawn again
let flash = null;

/* Draw the tab again; the form with id keeps msg in its status line. */
async function redraw(view, f, render, id, msg) {
	flash = {id, msg};
	try {
		view.replaceChildren();
		await render(view, f);
	} finally {
		flash = null;
	}
}

/* Selections that survive a redraw (the risk shown, the campaign picked, …), per tab. */
function state(f, tab) {
	f.fp = f.fp || {};
	f.fp[tab] = f.fp[tab] || {};
	return f.fp[tab];
}

/*
 * A form with its submit button and status line; run(ui) does the write and returns the message.
 * ui = {host: the form, status: its status line}, for the conflict panel of an edit (replace below).
 */
function form(id, submitText, children, run, extra = null) {
	const status = statusLine();
	status.id = id + '-status';
	const btn = h('button', {type: 'submit', id: id + '-submit'}, submitText);
	const el = h('form', {id, novalidate: true}, children, h('div', {class: 'buttons'}, btn, extra), status);
	if (flash && flash.id === id) status.show(flash.msg, 'ok');
	el.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		await submitting(btn, status, () => run({host: el, status}));
	});
	return el;
}

/* A labelled TLP select; AMBER goes to the secretariat unless recipients are named (the server). */
function tlpField(value, kinds = TLPS, hint = t('fp_tlp_hint')) {
	return field(t('forum_tlp'), 'select', {name: 'tlp', value}, kinds.map((x) => [x, 'TLP:' + x]), hint);
}

const input = (label, name, attrs = {}, hint = null) => field(label, 'input', {name, ...attrs}, null, hint);
const dateInput = (label, name, value, hint = null) => input(label, name, {type: 'date', value: value || ''}, hint);
const textarea = (label, name, value = '') => field(label, 'textarea', {name, rows: '2', value});
const select = (label, name, value, options, hint = null) => field(label, 'select', {name, value}, options, hint);
const termOptions = (group) => termKeys(group).map((k) => [k, term(group, k)]);
const val = (fld) => fld.control.value.trim();
const num = (fld) => (fld.control.value === '' ? null : Number(fld.control.value));

/* The items of a kind the acting organisation may see (optionally under one parent). */
async function list(f, kind, parent) {
	return items(await get(f.base('items', kind) + query({parent, limit: 1000})));
}

/* A settled answer's value, or the fallback when it failed. */
const ok = (r, fallback) => (r.status === 'fulfilled' ? r.value : fallback);

/* A record's title in the UI's language (campaigns and surveys carry title, surveys title_en). */
const recTitle = (x) => daEn((x.body || {}).title, (x.body || {}).title_en) || x.id;

/* A select among records; the choice is kept in s[key] and the tab drawn again with it. */
function picker(label, name, s, key, recs, cur, again, text = recTitle) {
	const p = select(label, name, cur.id, recs.map((x) => [x.id, text(x)]));
	p.control.addEventListener('change', () => { s[key] = p.control.value; again(null, null); });
	return p;
}

/* A view of the forum: [answer, null], or [null, the error] for the section to show. */
async function loadView(f, name, params) {
	try {
		return [await get(f.base('views', name) + query(params)), null];
	} catch (e) {
		return [null, e];
	}
}

/* A figure the API may give as a number, "suppressed" or "fewer than 5". */
function fig(v) {
	if (v === 'suppressed') return t('fp_suppressed');
	return figure(v);
}

/* A copy of a stored body without null members, to send back (the validators fill them in again). */
function bare(o) {
	const out = {};
	for (const [k, v] of Object.entries(o || {})) if (v !== null && v !== undefined) out[k] = v;
	return out;
}

/* The next free id "P1", "P2", … among the ids given. */
function nextId(prefix, ids) {
	const used = new Set(ids);
	let n = ids.length + 1;
	while (used.has(prefix + n)) n += 1;
	return prefix + n;
}

/* A value of a five-step scale ({value, da, en}); in English the Danish name with the English beside it. */
function scaleText(o) {
	if (!o) return '–';
	const en = getLang() === 'en' && o.en && o.en !== o.da ? ' (' + o.en + ')' : '';
	return o.value + ' ' + o.da + en;
}

/* A Danish name with the English beside it in English ({name, name_en} or {name_da, name}). */
function daEn(da, en) {
	if (getLang() !== 'en' || !en || en === da) return da || en || '';
	return (da || '') + ' (' + en + ')';
}

/* A progress bar 0–100 whose width the script sets through the CSSOM (the CSP allows it). */
function progressBar(p) {
	const v = Math.max(0, Math.min(100, Number(p) || 0));
	const bar = h('span', {class: 'fp-bar'});
	bar.style.width = v + '%';
	return h('span', {class: 'fp-progress', role: 'img', 'aria-label': t('fp_progress') + ' ' + v + ' %'},
		h('span', {class: 'fp-track'}, bar), h('span', {class: 'fp-pct'}, v + ' %'));
}

/* A member's new record of its own kind: the server makes its id (docs/forum.md). */
function addMemberItem(f, kind, parent, body, tlp) {
	return post(f.base('items', kind) + query({parent}), {body, tlp});
}

/*
 * Replace an item of one's own as the user read it (forum_common.js): the saved item, or null when
 * the user discarded the change in the conflict panel (the tab is then drawn again).
 */
function replace(f, kind, item, body, tlp, ui, again) {
	return replaceItem(f, kind, item, body, tlp, {...ui, discard: () => again(null, null)});
}

const readOnlyNote = () => h('p', {class: 'hint fp-readonly'}, t('fp_read_only'));

/* ---- 1. the risk register ------------------------------------------------------------------ */

export async function renderRegister(view, f) {
	const s = state(f, 'register');
	const [regR, risksR, measR, memR] = await settle([
		get(f.base('views', 'register')), list(f, 'risk'), list(f, 'measure'),
		f.secretariat ? get(f.base('members')) : Promise.resolve([]),
	]);
	if (regR.status === 'rejected') {
		view.append(section('fp-register', t('forum_tab_register'), errorBox(regR.reason)));
		return;
	}
	const reg = regR.value;
	const riskItems = new Map(ok(risksR, []).map((x) => [x.id, x]));
	const measures = ok(measR, []);
	const members = items(ok(memR, [])).filter((m) => m.status === 'active');
	const write = f.secretariat && canWrite(f);
	const again = (id, msg) => redraw(view, f, renderRegister, id, msg);

	view.append(registerSection(reg, s, again));
	if (s.risk && riskItems.has(s.risk)) view.append(riskDetail(f, reg, riskItems.get(s.risk), write, s, again));
	view.append(h('div', {class: 'dash-grid forum-grid'}, heatSection(reg), topSection(reg)));
	view.append(measuresSection(f, reg, measures, write, members, again));
	if (write) view.append(riskFormSection(f, reg, riskItems, s, again));
	else view.append(readOnlyNote());
}

function registerSection(reg, s, again) {
	const title = t('fp_register');
	const risks = reg.risks || [];
	const counts = h('dl', {class: 'figures fp-levels', id: 'register-levels'}, (reg.levels || []).map((l) =>
		h('div', {class: 'figure', dataset: {level: l.code}}, h('dt', null, levelBadge(l.code)), h('dd', null, String(l.count ?? 0)))));
	const rows = risks.map((r) => h('tr', {
		dataset: {risk: r.id, level: r.level || '', score: String(r.score ?? ''), trend: r.trend || ''},
		class: r.refresh_overdue ? 'overdue' : null,
	},
	h('td', {class: 'num'}, String(r.position ?? '')),
	h('td', null, h('strong', null, r.title || r.id), h('small', {class: 'sub'}, r.id + (r.category ? ' · ' + r.category : ''))),
	h('td', null, levelBadge(r.level)),
	h('td', {class: 'nowrap'}, h('span', {class: 'fp-lc'}, r.likelihood + ' × ' + r.consequence + ' = ' + r.score)),
	h('td', {class: 'fp-trend'}, term('fp_trend', r.trend)),
	h('td', {class: 'nowrap'}, fmtDate(r.rated_on), h('small', {class: 'sub'}, t('fp_ratings', {n: r.ratings ?? 1}))),
	h('td', {class: 'nowrap fp-due'}, fmtDate(r.refresh_due),
		r.refresh_overdue ? h('span', {class: 'badge warn'}, t('fp_overdue')) : null),
	h('td', null, sourcesList(r.sources)),
	h('td', {class: 'fp-measures'}, (r.measures || []).length
		? [t('fp_open_of', {open: r.measures_open ?? 0, n: r.measures.length}), progressBar(r.progress)]
		: h('span', {class: 'muted'}, t('none'))),
	h('td', null, h('button', {type: 'button', class: 'small secondary', dataset: {action: 'detail', risk: r.id},
		'aria-label': t('fp_history_of', {title: r.title || r.id}),
		'aria-pressed': s.risk === r.id ? 'true' : 'false',
		onclick: () => { s.risk = s.risk === r.id ? null : r.id; again(null, null); }}, t('fp_details')))));
	const tbl = risks.length
		? table('register-table', title, ['#', t('fp_risk'), t('level'), t('fp_lc_score'), t('forum_trend'), t('fp_rated_on'),
			t('fp_refresh_due'), t('fp_sources'), t('fp_measures'), ''], rows)
		: h('p', {class: 'empty', id: 'register-empty'}, t('forum_no_risks'));
	return section('fp-register', title, h('p', {class: 'meta'}, t('fp_register_meta', {
		date: reg.as_of || '–', months: reg.refresh_months ?? '–', scale: (reg.scale && reg.scale.name) || '–'})),
	counts, tbl);
}

function sourcesList(sources) {
	if (!sources || !sources.length) return h('span', {class: 'muted'}, '–');
	return h('ul', {class: 'fp-sources'}, sources.map((x) => h('li', {dataset: {kind: x.kind, ref: x.ref || ''}},
		h('span', {class: 'badge'}, term('fp_source', x.kind)), ' ', x.ref || '', x.note ? h('small', {class: 'sub'}, x.note) : null)));
}

/* The heat map: likelihood rows from the highest down, consequence columns, counts per cell. */
function heatSection(reg) {
	const hm = reg.heat_map || {};
	const counts = hm.counts || [];
	const lik = hm.likelihood || [];
	const con = hm.consequence || [];
	const lvl = (code) => 'lvl-' + (['Lav', 'Medium', 'Høj', 'Kritisk'].indexOf(code) + 1);
	const rows = [];
	for (let i = counts.length - 1; i >= 0; i--) {
		rows.push(h('tr', null, h('th', {scope: 'row'}, scaleText(lik[i])), (counts[i] || []).map((n, j) => {
			const code = hm.matrix && hm.matrix[i] ? hm.matrix[i][j] : '';
			return h('td', {class: 'hm-cell ' + lvl(code), title: code, dataset: {l: String(i + 1), c: String(j + 1), count: String(n)}},
				n ? String(n) : '');
		})));
	}
	const tbl = table('register-heatmap', t('forum_heat'),
		[t('forum_likelihood') + ' \\ ' + t('forum_consequence'), ...con.map(scaleText)], rows);
	tbl.querySelector('table').classList.add('compact', 'forum-heat'); // the dashboard's heat-map colours
	return section('fp-heat', t('forum_heat'), tbl);
}

function topSection(reg) {
	const byId = new Map((reg.risks || []).map((x) => [x.id, x]));
	const names = (ids) => (ids || []).map((id) => (byId.get(id) || {title: id}).title || id);
	const lst = (id, label, xs) => h('div', {id}, h('h3', null, label),
		xs.length ? h('ol', null, xs.map((x) => h('li', null, x))) : h('p', {class: 'empty'}, t('none')));
	const overdue = (reg.overdue_refresh || []).map((o) => (o.title || o.id) + ' – ' + t('fp_days_overdue', {n: o.days_overdue}));
	const mOver = (reg.measures_overdue || []).map((m) => (m.title || m.id) + (m.due ? ' – ' + fmtDate(m.due) : ''));
	const unlinked = (reg.measures_unlinked || []).map((m) => (m.title || m.id || String(m)));
	return section('fp-top', t('fp_top', {n: reg.top_n ?? 10}),
		lst('register-top', t('fp_top_list'), names(reg.top)),
		lst('register-top-open', t('fp_top_without'), names(reg.top_without_open_measures)),
		lst('register-refresh-overdue', t('fp_refresh_overdue'), overdue),
		lst('register-measures-overdue', t('fp_measures_overdue'), mOver),
		unlinked.length ? lst('register-measures-unlinked', t('fp_measures_unlinked'), unlinked) : null);
}

/* One risk: its rating history (append-only), re-rating and the edit button. */
function riskDetail(f, reg, item, write, s, again) {
	const b = item.body || {};
	const hist = (b.history || []).map((x, i) => h('tr', {dataset: {i: String(i), level: x.level || ''}},
		h('td', {class: 'nowrap'}, fmtDate(x.rated_on)),
		h('td', {class: 'num'}, String(x.likelihood)), h('td', {class: 'num'}, String(x.consequence)),
		h('td', {class: 'num'}, String(x.score)), h('td', null, levelBadge(x.level)),
		h('td', null, x.rationale || ''), h('td', null, x.by || '')));
	const head = h('p', {class: 'meta'}, h('strong', null, b.title || item.id), ' · ', tlpBadge(item.tlp),
		' · ', t('fp_version', {n: item.version}), b.description ? h('span', {class: 'sub'}, b.description) : null);
	const parts = [head, table('risk-history', t('fp_history'), [t('fp_rated_on'), t('forum_likelihood'), t('forum_consequence'),
		t('forum_score'), t('level'), t('fp_rationale'), t('fp_by')], hist)];
	if (write) {
		parts.push(h('div', {class: 'buttons'}, h('button', {type: 'button', class: 'secondary', id: 'risk-edit',
			onclick: () => { s.edit = item.id; again(null, null).then(() => document.getElementById('risk-form')?.scrollIntoView()); }},
		t('fp_edit_risk'))));
		parts.push(rerateForm(f, reg, item, again));
	}
	const el = section('risk-detail', t('fp_history_of', {title: b.title || item.id}), ...parts);
	el.dataset.risk = item.id;
	return el;
}

function likelihoodSelect(reg, value, name = 'likelihood') {
	return select(t('forum_likelihood'), name, value, ((reg.scale && reg.scale.likelihood) || []).map((o) => [o.value, scaleText(o)]));
}
function consequenceSelect(reg, value, name = 'consequence') {
	return select(t('forum_consequence'), name, value, ((reg.scale && reg.scale.consequence) || []).map((o) => [o.value, scaleText(o)]));
}

/* Confirm or re-rate: POST …/items/risk/{id}/rerate always appends to the history (frisk.md). */
function rerateForm(f, reg, item, again) {
	const b = item.body || {};
	const l = likelihoodSelect(reg, b.likelihood);
	const c = consequenceSelect(reg, b.consequence);
	const on = dateInput(t('fp_rated_on'), 'rated_on', todayISO());
	const why = textarea(t('fp_rationale'), 'rationale');
	const el = form('rerate-form', t('fp_rerate'), [h('h3', null, t('fp_rerate_title')), h('p', {class: 'hint'}, t('fp_rerate_hint')),
		h('div', {class: 'grid'}, l, c, on), why], async (ui) => {
		const body = {likelihood: num(l), consequence: num(c)};
		if (val(on)) body.rated_on = val(on);
		if (val(why)) body.rationale = val(why);
		// the rating route takes the version (If-Match guards the item's own path, not this one)
		const rating = (x) => ({likelihood: x.likelihood, consequence: x.consequence, rated_on: x.rated_on, rationale: x.rationale});
		const r = await guardedSave(ui.host, {
			read: f.base('items', 'risk', item.id), mine: rating(body), theirs: (x) => rating(x.body || {}),
			status: ui.status, discard: () => again(null, null),
			write: (cur) => post(f.base('items', 'risk', item.id, 'rerate'), {...body, version: cur ? cur.data.version : item.version}),
		});
		if (!r) return null;
		const sb = (r.answer && r.answer.body) || {};
		await again('rerate-form', t('fp_rerated', {id: item.id, level: sb.level || '–', score: sb.score ?? '–'}));
		return null;
	});
	el.dataset.risk = item.id;
	return el;
}

/* Add a risk, or edit the one chosen (PUT with version: 412 when someone changed it meanwhile). */
function riskFormSection(f, reg, riskItems, s, again) {
	const item = s.edit ? riskItems.get(s.edit) : null;
	const b = item ? item.body || {} : {};
	const ids = [...riskItems.keys()];
	const id = input(t('fp_id'), 'id', {value: item ? item.id : nextId('R', ids), disabled: !!item}, t('fp_id_hint'));
	const title = input(t('title'), 'title', {value: b.title || ''});
	const category = input(t('forum_category'), 'category', {value: b.category || '', list: 'fp-categories'});
	const cats = h('datalist', {id: 'fp-categories'}, ['cyber', 'operational', 'third_party', 'infrastructure', 'geopolitical']
		.map((x) => h('option', {value: x})));
	const desc = textarea(t('fp_description'), 'description', b.description || '');
	const l = likelihoodSelect(reg, b.likelihood || 3);
	const c = consequenceSelect(reg, b.consequence || 3);
	const on = dateInput(t('fp_rated_on'), 'rated_on', b.rated_on || todayISO(), item ? t('fp_rated_on_edit') : null);
	const why = textarea(t('fp_rationale'), 'rationale', b.rationale || '');
	const tlp = tlpField(item ? item.tlp : 'GREEN', TLPS, t('fp_risk_tlp_hint'));
	const sources = sourcesFieldset(b.sources || []);
	const cancel = item ? h('button', {type: 'button', class: 'secondary', id: 'risk-form-cancel',
		onclick: () => { s.edit = null; again(null, null); }}, t('cancel')) : null;
	const el = form('risk-form', item ? t('fp_save_risk') : t('fp_add_risk'), [
		h('div', {class: 'grid'}, id, title, category, tlp), cats, desc,
		h('div', {class: 'grid'}, l, c, on), why, sources.el,
	], async (ui) => {
		const body = {...(item ? bare(b) : {}), id: item ? item.id : val(id), title: val(title), likelihood: num(l),
			consequence: num(c), rated_on: val(on) || null, sources: sources.value()};
		delete body.history;
		delete body.score;
		delete body.level;
		for (const [k, fl] of [['category', category], ['description', desc], ['rationale', why]]) {
			if (val(fl)) body[k] = val(fl);
			else delete body[k];
		}
		const saved = item ? await replace(f, 'risk', item, body, tlp.control.value, ui, again)
			: await post(f.base('items', 'risk'), {body, tlp: tlp.control.value});
		if (!saved) return null;
		s.edit = null;
		s.risk = saved.id;
		await again('risk-form', t(item ? 'fp_risk_saved' : 'fp_risk_added', {id: saved.id}));
		return null;
	}, cancel);
	el.dataset.mode = item ? 'edit' : 'new';
	if (item) {
		el.dataset.risk = item.id;
		el.dataset.version = String(item.version);
	}
	return section('fp-risk-form', item ? t('fp_edit_title', {id: item.id}) : t('fp_new_risk'), el);
}

/* The risk's sources: rows of kind, reference and note; rows are added and removed in place. */
function sourcesFieldset(initial) {
	const rows = h('div', {class: 'fp-source-rows'});
	const add = (x = {}) => {
		const kind = select(t('fp_source_kind'), 'source_kind', x.kind || 'dependency', termOptions('fp_source'));
		const ref = input(t('fp_source_ref'), 'source_ref', {value: x.ref || ''});
		const note = input(t('fp_source_note'), 'source_note', {value: x.note || ''});
		const row = h('div', {class: 'grid fp-source-row'}, kind, ref, note);
		row.append(h('div', {class: 'field fp-remove'}, h('button', {type: 'button', class: 'small secondary',
			onclick: () => row.remove()}, t('fp_remove'))));
		row.read = () => ({kind: kind.control.value, ref: val(ref) || undefined, note: val(note) || undefined});
		rows.append(row);
	};
	for (const x of initial) add(x);
	const el = h('fieldset', {id: 'risk-sources', class: 'sub'}, h('legend', null, t('fp_sources')), rows,
		h('button', {type: 'button', class: 'small secondary', id: 'add-source', onclick: () => add()}, t('fp_add_source')));
	return {el, value: () => [...rows.children].map((r) => r.read()).filter((x) => x.ref || x.note)};
}

/* Measures: the table, a new measure, and an update (progress, status, note) appended to it. */
function measuresSection(f, reg, measures, write, members, again) {
	const title = t('fp_measures');
	const riskTitle = new Map((reg.risks || []).map((r) => [r.id, r.title || r.id]));
	const overdue = new Set((reg.measures_overdue || []).map((m) => m.id || m));
	const rows = measures.map((m) => {
		const b = m.body || {};
		const last = (b.updates || [])[b.updates ? b.updates.length - 1 : 0];
		return h('tr', {dataset: {measure: m.id, status: b.status || '', progress: String(b.progress ?? 0),
			updates: String((b.updates || []).length)},
			class: overdue.has(m.id) ? 'overdue' : null},
		h('td', null, h('strong', null, b.title || m.id), h('small', {class: 'sub'}, m.id)),
		h('td', null, joined((b.risks || []).map((r) => h('span', {class: 'fp-risk-ref', dataset: {risk: r}}, riskTitle.get(r) || r)))),
		h('td', null, b.owner === 'secretariat' ? t('forum_secretariat') : (b.owner || '–')),
		h('td', {class: 'nowrap'}, fmtDate(b.decided_on)),
		h('td', {class: 'nowrap'}, fmtDate(b.due), overdue.has(m.id) ? h('span', {class: 'badge warn'}, t('fp_overdue')) : null),
		h('td', null, term('fp_measure_status', b.status)),
		h('td', null, progressBar(b.progress)),
		h('td', {class: 'fp-updates'}, String((b.updates || []).length),
			last ? h('small', {class: 'sub'}, fmtDate(last.date) + (last.note ? ': ' + last.note : '')) : null));
	});
	const parts = [measures.length
		? table('measure-table', title, [t('title'), t('fp_risks'), t('fp_owner'), t('fp_decided_on'), t('fp_due'), t('status'),
			t('fp_progress'), t('fp_updates')], rows)
		: h('p', {class: 'empty', id: 'measure-empty'}, t('fp_no_measures'))];
	if (write) {
		parts.push(h('div', {class: 'forms-2 fp-forms'}, measureForm(f, reg, measures, members, again),
			measures.length ? measureUpdateForm(f, measures, again) : null));
	}
	return section('fp-measures', title, ...parts);
}

function ownerSelect(value, members) {
	return select(t('fp_owner'), 'owner', value, [['secretariat', t('forum_secretariat')],
		...members.map((m) => [m.org, m.name || m.org])]);
}

function measureForm(f, reg, measures, members, again) {
	const id = input(t('fp_id'), 'id', {value: nextId('M', measures.map((m) => m.id))}, t('fp_id_hint'));
	const title = input(t('title'), 'title');
	const desc = textarea(t('fp_description'), 'description');
	const risks = field(t('fp_risks'), 'select', {name: 'risks', multiple: true},
		(reg.risks || []).map((r) => [r.id, (r.title || r.id) + ' (' + r.id + ')']), t('fp_multi_hint'));
	const owner = ownerSelect('secretariat', members);
	const decided = dateInput(t('fp_decided_on'), 'decided_on', todayISO());
	const due = dateInput(t('fp_due'), 'due', '');
	const status = select(t('status'), 'status', 'planned', termOptions('fp_measure_status'));
	const progress = input(t('fp_progress_pct'), 'progress', {type: 'number', min: '0', max: '100', step: '1', value: '0'});
	// no label of its own: the server gives it its risks' (the narrowest), never a wider one
	const tlp = field(t('forum_tlp'), 'select', {name: 'tlp', value: ''},
		[['', t('fp_tlp_like_risks')], ...TLPS.map((x) => [x, 'TLP:' + x])], t('fp_measure_tlp_hint'));
	return form('measure-form', t('fp_add_measure'), [h('h3', null, t('fp_new_measure')),
		h('div', {class: 'grid'}, id, title, owner), desc, risks,
		h('div', {class: 'grid'}, decided, due, status, progress, tlp)], async () => {
		const body = {id: val(id), title: val(title), risks: [...risks.control.selectedOptions].map((o) => o.value),
			owner: owner.control.value, decided_on: val(decided), status: status.control.value, progress: num(progress)};
		if (val(due)) body.due = val(due);
		if (val(desc)) body.description = val(desc);
		const saved = await post(f.base('items', 'measure'), {body, tlp: tlp.control.value || undefined});
		await again('measure-form', t('fp_measure_added', {id: saved.id}));
		return null;
	});
}

function measureUpdateForm(f, measures, again) {
	const pick = select(t('fp_measure'), 'measure', measures[0].id, measures.map((m) => [m.id, (m.body.title || m.id) + ' (' + m.id + ')']));
	const date = dateInput(t('fp_date'), 'date', todayISO());
	const status = select(t('status'), 'status', '', [['', t('fp_unchanged')], ...termOptions('fp_measure_status')]);
	const progress = input(t('fp_progress_pct'), 'progress', {type: 'number', min: '0', max: '100', step: '1'});
	const note = textarea(t('fp_note'), 'note');
	return form('measure-update-form', t('fp_add_update'), [h('h3', null, t('fp_update_measure')),
		h('div', {class: 'grid'}, pick, date, status, progress), note], async (ui) => {
		const m = measures.find((x) => x.id === pick.control.value);
		const b = bare(m.body);
		const u = {date: val(date)};
		if (val(note)) u.note = val(note);
		if (progress.control.value !== '') u.progress = num(progress);
		if (status.control.value) u.status = status.control.value;
		b.updates = [...(m.body.updates || []).map(bare), u];
		if (u.progress !== undefined) b.progress = u.progress;
		if (u.status) b.status = u.status;
		if (!await replace(f, 'measure', m, b, m.tlp, ui, again)) return null;
		await again('measure-update-form', t('fp_measure_updated', {id: m.id}));
		return null;
	});
}

/* ---- 2. the red-team programme (TIBER-DK) -------------------------------------------------- */

const PHASES = ['preparation', 'threat_intelligence', 'red_team', 'closure', 'completed'];
// deliverables in the order produced, with their phase (docs/internals/redteam.md)
const DELIVERABLES = [
	['scope_specification', 'preparation'], ['tti_report', 'threat_intelligence'], ['red_team_test_plan', 'red_team'],
	['red_team_test_report', 'closure'], ['blue_team_report', 'closure'], ['replay_workshop', 'closure'],
	['purple_teaming', 'closure'], ['feedback_360', 'closure'], ['test_summary_report', 'closure'],
	['remediation_plan', 'closure'], ['attestation', 'closure'],
];

const testTitle = (x) => (x.body.title || x.id) + ' · ' + term('fp_phase', x.body.phase);

export async function renderRedteam(view, f) {
	const s = state(f, 'redteam');
	const [testsR, findR, statusR, aggR] = await settle([
		list(f, 'redteam'), list(f, 'finding'), get(f.base('views', 'redteam-status')),
		f.secretariat ? get(f.base('views', 'redteam-aggregate')) : Promise.resolve(null),
	]);
	const again = (id, msg) => redraw(view, f, renderRedteam, id, msg);
	const tests = ok(testsR, []).filter((x) => f.secretariat || x.owner === f.ctx.org);
	const findings = ok(findR, []).filter((x) => f.secretariat || x.owner === f.ctx.org);
	if (f.secretariat) {
		view.append(cycleSection(statusR, true));
		view.append(aggregateSection(aggR));
		view.append(testsSection(f, tests, findings, false, s, again));
		return;
	}
	const write = canWrite(f);
	view.append(cycleSection(statusR, false));
	view.append(testsSection(f, tests, findings, write, s, again));
	view.append(findingsSection(f, tests, findings, write, again));
	if (!write) view.append(readOnlyNote());
}

/* The three-year cycle (DORA art. 26(1)) per member: the member's own, or all for the secretariat. */
function cycleSection(r, all) {
	const title = all ? t('fp_rt_status_all') : t('fp_rt_status');
	if (r.status === 'rejected') return section('redteam-status', title, errorBox(r.reason));
	const ms = (r.value && r.value.members) || [];
	if (!ms.length) return section('redteam-status', title, h('p', {class: 'empty'}, t('fp_rt_no_tests')));
	const rows = ms.map((m) => {
		const cy = m.cycle || {};
		const fo = m.findings || {};
		const cur = (m.tests || []).find((x) => x.id === m.current_test);
		const overdueD = (m.tests || []).reduce((n, x) => n + (x.overdue_deliverables || []).length, 0);
		return h('tr', {dataset: {member: m.member, cycle: cy.status || '', due: cy.next_test_due || ''},
			class: cy.status === 'overdue' ? 'overdue' : null},
		all ? h('td', null, m.member) : null,
		h('td', null, h('span', {class: 'badge fp-cycle fp-cycle-' + (cy.status || 'none')}, term('fp_cycle', cy.status)),
			cy.test_in_progress ? h('small', {class: 'sub'}, t('fp_test_in_progress')) : null),
		h('td', {class: 'nowrap'}, fmtDate(cy.last_attestation)),
		h('td', {class: 'nowrap fp-next-due'}, fmtDate(cy.next_test_due),
			cy.basis === 'authority_override' ? h('small', {class: 'sub'}, t('fp_override', {reason: cy.override_reason || ''})) : null),
		h('td', null, cur ? term('fp_phase', cur.phase) + ' · ' + t('fp_since', {date: cur.phase_since || '–'}) : '–'),
		h('td', {class: 'num fp-overdue-deliverables'}, String(overdueD)),
		h('td', {class: 'num fp-open-findings'}, String(fo.open ?? 0)),
		h('td', {class: 'num fp-overdue-remediations'}, String((fo.overdue_remediations || []).length)));
	});
	const heads = [t('fp_cycle_status'), t('fp_last_attestation'), t('fp_next_test_due'), t('fp_current_phase'),
		t('fp_overdue_deliverables'), t('fp_open_findings'), t('fp_overdue_remediations')];
	return section('redteam-status', title, h('p', {class: 'hint'}, t('fp_cycle_hint')),
		table('redteam-status-table', title, all ? [t('org_label'), ...heads] : heads, rows));
}

/* The anonymised aggregate: counts, remediation shares and median days; small cells suppressed. */
function aggregateSection(r) {
	const title = t('fp_rt_aggregate');
	if (!r || r.status === 'rejected') return section('redteam-aggregate', title, errorBox(r && r.reason));
	const a = r.value || {};
	const dl = h('dl', {class: 'figures', id: 'redteam-aggregate-figures'},
		h('div', {class: 'figure', dataset: {figure: 'tested_members'}}, h('dt', null, t('fp_tested_members')), h('dd', null, fig(a.tested_members))),
		h('div', {class: 'figure', dataset: {figure: 'findings'}}, h('dt', null, t('fp_findings_total')), h('dd', null, fig(a.findings))));
	const pct = (x) => (x === undefined || x === null ? '–' : x + ' %');
	const sev = (a.by_severity || []).map((x) => h('tr', {dataset: {severity: x.severity, findings: String(x.findings)}},
		h('td', null, term('fp_severity', x.severity)), h('td', {class: 'num'}, fig(x.findings)),
		h('td', {class: 'num'}, pct(x.open_pct)), h('td', {class: 'num'}, pct(x.in_progress_pct)),
		h('td', {class: 'num'}, pct(x.done_pct)), h('td', {class: 'num'}, pct(x.risk_accepted_pct)),
		h('td', {class: 'num'}, fig(x.median_days_to_done ?? x.median_days))));
	const cells = (a.cells || []).filter((x) => x.findings !== 0).map((x) => h('tr', {dataset: {severity: x.severity, category: x.category}},
		h('td', null, term('fp_severity', x.severity)), h('td', null, daEn(x.category_name_da, x.category_name)),
		h('td', {class: 'num'}, fig(x.findings))));
	return section('redteam-aggregate', title, h('p', {class: 'hint'}, a.basis || ''), dl,
		table('redteam-aggregate-severity', t('fp_by_severity'), [t('fp_severity_h'), t('fp_findings'), t('fp_open_pct'),
			t('fp_in_progress_pct'), t('fp_done_pct'), t('fp_accepted_pct'), t('fp_median_days')], sev),
		cells.length ? table('redteam-aggregate-cells', t('fp_by_cell'), [t('fp_severity_h'), t('fp_category'), t('fp_findings')], cells)
			: h('p', {class: 'hint'}, t('fp_no_cells')),
		h('p', {class: 'hint'}, a.suppression || ''));
}

/* Delivered deliverables as a count with the latest; those still to come with their planned dates. */
function deliverableSummary(b) {
	const d = b.deliverables || {};
	const names = DELIVERABLES.map(([k]) => k).filter((k) => d[k]);
	const done = names.filter((k) => d[k].actual);
	const last = done[done.length - 1];
	return h('ul', {class: 'fp-deliverables', dataset: {delivered: String(done.length)}},
		last ? h('li', {class: 'fp-done'}, '✓ ' + t('fp_delivered', {n: done.length}) + ' · ' + term('fp_deliverable', last) + ' ' + d[last].actual) : null,
		names.filter((k) => !d[k].actual).map((k) => h('li', {dataset: {deliverable: k}},
			term('fp_deliverable', k) + ': ', h('span', {class: 'muted'}, t('fp_planned', {date: d[k].planned || '–'})))));
}

function testsSection(f, tests, findings, write, s, again) {
	const title = t('fp_rt_tests');
	const rows = tests.map((x) => {
		const b = x.body || {};
		const ph = b.phases || {};
		return h('tr', {dataset: {test: x.id, phase: b.phase || ''}},
			f.secretariat ? h('td', null, x.owner) : null,
			h('td', null, h('strong', null, b.title || b.id || x.id), h('small', {class: 'sub'}, term('fp_framework', b.framework))),
			h('td', null, h('span', {class: 'badge fp-phase'}, term('fp_phase', b.phase))),
			h('td', null, h('ol', {class: 'fp-phases'}, PHASES.slice(0, 4).filter((p) => ph[p]).map((p) =>
				h('li', {dataset: {phase: p}}, term('fp_phase', p) + ': ' + (ph[p].start || '–') + ' – ' + (ph[p].end || ''))))),
			h('td', null, deliverableSummary(b)),
			h('td', null, (b.critical_functions || []).join(', ') || '–'),
			h('td', {class: 'num'}, String(findings.filter((fi) => fi.parent === x.id).length)),
			h('td', null, tlpBadge(x.tlp)));
	});
	const parts = [tests.length
		? table('redteam-table', title, [...(f.secretariat ? [t('org_label')] : []), t('fp_test'), t('fp_phase_h'), t('fp_phases'),
			t('fp_deliverables'), t('fp_critical_functions'), t('fp_findings'), 'TLP'], rows)
		: h('p', {class: 'empty', id: 'redteam-empty'}, t('fp_rt_no_tests'))];
	if (write) parts.push(h('div', {class: 'forms-2 fp-forms'}, testForm(f, again), tests.length ? phaseForm(f, tests, s, again) : null));
	return section('fp-redteam-tests', title, ...parts);
}

function testForm(f, again) {
	const title = input(t('title'), 'title', {value: 'TIBER-DK ' + todayISO().slice(0, 4)});
	const framework = select(t('fp_framework'), 'framework', 'tiber-dk', termOptions('fp_framework'));
	const start = dateInput(t('fp_prep_start'), 'start', todayISO());
	const scope = dateInput(t('fp_scope_planned'), 'scope_planned', '');
	const fns = input(t('fp_critical_functions'), 'critical_functions', {}, t('fp_comma_hint'));
	const tlp = tlpField('AMBER+STRICT');
	return form('redteam-form', t('fp_add_test'), [h('h3', null, t('fp_new_test')), h('div', {class: 'grid'}, title, framework, start, scope),
		fns, tlp], async () => {
		const body = {title: val(title), framework: framework.control.value, phase: 'preparation',
			phases: {preparation: {start: val(start)}}};
		if (val(scope)) body.deliverables = {scope_specification: {planned: val(scope)}};
		const cf = val(fns).split(',').map((x) => x.trim()).filter(Boolean);
		if (cf.length) body.critical_functions = cf;
		const saved = await addMemberItem(f, 'redteam', null, body, tlp.control.value);
		await again('redteam-form', t('fp_test_added', {id: saved.id}));
		return null;
	});
}

/* Deliverable dates and the move to the next phase of one test (phases never move back). */
function phaseForm(f, tests, s, again) {
	const open = tests.filter((x) => x.body && x.body.phase !== 'completed');
	if (!open.length) return null;
	const cur = open.find((x) => x.id === s.test) || open[0];
	const b = cur.body || {};
	const pick = picker(t('fp_test'), 'test', s, 'test', open, cur, again, testTitle);
	const idx = PHASES.indexOf(b.phase);
	const next = PHASES[idx + 1];
	const move = field(t('fp_move_to', {phase: term('fp_phase', next)}), 'input', {type: 'checkbox', name: 'advance'});
	const on = dateInput(t('fp_phase_date'), 'phase_date', todayISO(), t('fp_phase_date_hint'));
	const fns = input(t('fp_critical_functions'), 'critical_functions', {value: (b.critical_functions || []).join(', ')}, t('fp_comma_hint'));
	const rt = (b.phases || {}).red_team || {};
	const aStart = dateInput(t('fp_active_start'), 'active_start', rt.active_start);
	const aEnd = dateInput(t('fp_active_end'), 'active_end', rt.active_end);
	// the deliverables of the phases reached so far and of the next one
	const shown = DELIVERABLES.filter(([, p]) => PHASES.indexOf(p) <= idx + 1 && PHASES.indexOf(p) <= 3);
	const dl = (b.deliverables || {});
	const dRows = shown.map(([k]) => {
		const planned = dateInput(t('fp_planned_on', {name: term('fp_deliverable', k)}), 'planned_' + k, (dl[k] || {}).planned);
		const actual = dateInput(t('fp_actual_on', {name: term('fp_deliverable', k)}), 'actual_' + k, (dl[k] || {}).actual);
		return {k, planned, actual, el: h('div', {class: 'grid fp-deliverable-row', dataset: {deliverable: k}}, planned, actual)};
	});
	const el = form('phase-form', t('fp_save_test'), [h('h3', null, t('fp_update_test')), h('div', {class: 'grid'}, pick, on), move,
		fns, idx >= 2 || next === 'red_team' ? h('div', {class: 'grid'}, aStart, aEnd) : null,
		h('fieldset', {class: 'sub'}, h('legend', null, t('fp_deliverables')), dRows.map((r) => r.el))], async (ui) => {
		const nb = JSON.parse(JSON.stringify(cur.body || {}));
		delete nb.id; // the item's id (the server fills it in)
		delete nb.member;
		nb.deliverables = nb.deliverables || {};
		for (const r of dRows) {
			const d = {...(nb.deliverables[r.k] || {})};
			if (val(r.planned)) d.planned = val(r.planned); else delete d.planned;
			if (val(r.actual)) d.actual = val(r.actual); else delete d.actual;
			if (Object.keys(d).length) nb.deliverables[r.k] = d; else delete nb.deliverables[r.k];
		}
		const cf = val(fns).split(',').map((x) => x.trim()).filter(Boolean);
		if (cf.length) nb.critical_functions = cf; else delete nb.critical_functions;
		nb.phases = nb.phases || {};
		if (nb.phases.red_team || (move.control.checked && next === 'red_team')) {
			nb.phases.red_team = {...(nb.phases.red_team || {})};
			if (val(aStart)) nb.phases.red_team.active_start = val(aStart);
			if (val(aEnd)) nb.phases.red_team.active_end = val(aEnd);
		}
		if (move.control.checked && next) {
			nb.phases[b.phase] = {...(nb.phases[b.phase] || {}), end: val(on)};
			if (next !== 'completed') nb.phases[next] = {...(nb.phases[next] || {}), start: val(on)};
			nb.phase = next;
		}
		if (!await replace(f, 'redteam', cur, nb, cur.tlp, ui, again)) return null;
		s.test = cur.id;
		await again('phase-form', t('fp_test_saved', {phase: term('fp_phase', nb.phase)}));
		return null;
	});
	el.dataset.test = cur.id;
	return el;
}

function findingsSection(f, tests, findings, write, again) {
	const title = t('fp_rt_findings');
	const testTitle = new Map(tests.map((x) => [x.id, (x.body && x.body.title) || x.id]));
	const today = todayISO();
	const rows = findings.map((x) => {
		const b = x.body || {};
		const rem = b.remediation || null;
		const late = rem && rem.due && rem.due < today && ['open', 'in_progress', undefined, null].includes(rem.status);
		return h('tr', {dataset: {finding: x.id, severity: b.severity || '', remediation: (rem && rem.status) || 'none'},
			class: late ? 'overdue' : null},
		h('td', null, h('strong', null, b.title || x.id), h('small', {class: 'sub'}, testTitle.get(x.parent) || x.parent || '')),
		h('td', null, term('fp_severity', b.severity)), h('td', null, term('fp_category', b.category)),
		h('td', null, b.critical_function || '–'), h('td', {class: 'nowrap'}, fmtDate(b.reported_on)),
		h('td', null, rem ? [term('fp_remediation', rem.status || 'open'), h('small', {class: 'sub'},
			(rem.owner || '–') + ' · ' + t('fp_due_on', {date: rem.due || '–'}) + (rem.done_on ? ' · ' + t('fp_done_on', {date: rem.done_on}) : ''))]
			: h('span', {class: 'badge warn'}, t('fp_no_remediation'))),
		h('td', null, rem ? progressBar(rem.progress) : '–'),
		h('td', null, late ? h('span', {class: 'badge warn'}, t('fp_overdue')) : ''));
	});
	const parts = [findings.length
		? table('finding-table', title, [t('fp_finding'), t('fp_severity_h'), t('fp_category'), t('fp_critical_function'),
			t('fp_reported_on'), t('fp_remediation_h'), t('fp_progress'), ''], rows)
		: h('p', {class: 'empty', id: 'finding-empty'}, t('fp_no_findings'))];
	if (write && tests.length) {
		parts.push(h('div', {class: 'forms-2 fp-forms'}, findingForm(f, tests, again),
			findings.length ? remediationForm(f, findings, again) : null));
	}
	return section('fp-redteam-findings', title, ...parts);
}

function findingForm(f, tests, again) {
	const usable = tests.filter((x) => PHASES.indexOf(x.body && x.body.phase) >= 2);
	const pick = select(t('fp_test'), 'test', (usable[0] || tests[0]).id, tests.map((x) => [x.id, testTitle(x)]), t('fp_finding_test_hint'));
	const title = input(t('title'), 'title');
	const desc = textarea(t('fp_description'), 'description');
	const sev = select(t('fp_severity_h'), 'severity', 'high', termOptions('fp_severity'));
	const cat = select(t('fp_category'), 'category', 'initial_access', termOptions('fp_category'));
	const cf = input(t('fp_critical_function'), 'critical_function');
	const rep = dateInput(t('fp_reported_on'), 'reported_on', todayISO());
	const owner = input(t('fp_remediation_owner'), 'remediation_owner');
	const due = dateInput(t('fp_remediation_due'), 'remediation_due', '');
	const tlp = tlpField('AMBER+STRICT');
	return form('finding-form', t('fp_add_finding'), [h('h3', null, t('fp_new_finding')), h('div', {class: 'grid'}, pick, title, sev, cat),
		desc, h('div', {class: 'grid'}, cf, rep, owner, due, tlp)], async () => {
		const body = {title: val(title), severity: sev.control.value, category: cat.control.value, reported_on: val(rep)};
		if (val(desc)) body.description = val(desc);
		if (val(cf)) body.critical_function = val(cf);
		if (val(owner) || val(due)) body.remediation = {owner: val(owner), due: val(due), status: 'open', progress: 0};
		const saved = await addMemberItem(f, 'finding', pick.control.value, body, tlp.control.value);
		await again('finding-form', t('fp_finding_added', {id: saved.id}));
		return null;
	});
}

function remediationForm(f, findings, again) {
	const first = findings[0];
	const rem0 = (first.body && first.body.remediation) || {};
	const pick = select(t('fp_finding'), 'finding', first.id, findings.map((x) => [x.id, (x.body.title || x.id)]));
	const owner = input(t('fp_remediation_owner'), 'owner', {value: rem0.owner || ''});
	const due = dateInput(t('fp_remediation_due'), 'due', rem0.due);
	const status = select(t('status'), 'status', rem0.status || 'open', termOptions('fp_remediation'));
	const progress = input(t('fp_progress_pct'), 'progress', {type: 'number', min: '0', max: '100', step: '1', value: String(rem0.progress ?? 0)});
	const done = dateInput(t('fp_done_on_h'), 'done_on', rem0.done_on);
	const note = textarea(t('fp_note'), 'note', rem0.note || '');
	pick.control.addEventListener('change', () => {
		const x = findings.find((y) => y.id === pick.control.value);
		const r = (x && x.body.remediation) || {};
		owner.control.value = r.owner || '';
		due.control.value = r.due || '';
		status.control.value = r.status || 'open';
		progress.control.value = String(r.progress ?? 0);
		done.control.value = r.done_on || '';
		note.control.value = r.note || '';
	});
	return form('remediation-form', t('fp_save_remediation'), [h('h3', null, t('fp_update_remediation')),
		h('div', {class: 'grid'}, pick, owner, due, status, progress, done), note], async (ui) => {
		const x = findings.find((y) => y.id === pick.control.value);
		const nb = JSON.parse(JSON.stringify(x.body || {}));
		delete nb.id; // the item's id (the server fills it in)
		delete nb.member;
		delete nb.test;
		nb.remediation = {owner: val(owner), due: val(due), status: status.control.value, progress: num(progress) ?? 0};
		if (val(done)) nb.remediation.done_on = val(done);
		if (val(note)) nb.remediation.note = val(note);
		if (!await replace(f, 'finding', x, nb, x.tlp, ui, again)) return null;
		await again('remediation-form', t('fp_remediation_saved', {title: nb.title || x.id}));
		return null;
	});
}

/* ---- 3. the baseline ------------------------------------------------------------------------ */

const MATURITY = [0, 1, 2, 3, 4, 5];

export async function renderBaseline(view, f) {
	const s = state(f, 'baseline');
	const [catR, campR, ansR] = await settle([get(f.base('views', 'catalogues')), list(f, 'campaign'),
		f.secretariat ? Promise.resolve([]) : list(f, 'answer')]);
	const again = (id, msg) => redraw(view, f, renderBaseline, id, msg);
	const cats = Array.isArray(ok(catR, null)) ? catR.value : items(ok(catR, []));
	const campaigns = ok(campR, []);
	if (campR.status === 'rejected') view.append(errorBox(campR.reason));
	const catName = (id) => {
		const c = cats.find((x) => x.id === id);
		return c ? nameEn(c, 'name_da', 'name') || c.id : id;
	};
	const write = canWrite(f);
	view.append(campaignsSection(f, campaigns, catName, write && f.secretariat, again));
	if (f.secretariat) {
		if (write) view.append(section('fp-campaign-form', t('fp_new_campaign'), campaignForm(f, cats, campaigns, again)));
		view.append(await baselineAggregate(f, campaigns, cats, s, again));
	} else {
		const mine = ok(ansR, []).filter((a) => a.owner === f.ctx.org);
		if (write) view.append(answerSection(f, campaigns, cats, mine, s, again));
		else view.append(readOnlyNote());
		view.append(await feedbackSection(f, campaigns, s, again));
	}
	view.append(cataloguesSection(cats));
}

function campaignsSection(f, campaigns, catName, write, again) {
	const title = t('fp_campaigns');
	const rows = campaigns.map((c) => {
		const b = c.body || {};
		const nextStatus = b.status === 'draft' ? 'open' : b.status === 'open' ? 'closed' : null;
		return h('tr', {dataset: {campaign: c.id, status: b.status || ''}},
			h('td', null, h('strong', null, b.title || c.id), h('small', {class: 'sub'}, c.id)),
			h('td', null, catName(b.catalogue)),
			h('td', {class: 'nowrap'}, fmtDate(b.opens_on) + ' – ' + fmtDate(b.closes_on)),
			h('td', null, h('span', {class: 'badge fp-status-' + (b.status || '')}, term('fp_campaign_status', b.status))),
			write ? h('td', null, nextStatus ? h('button', {type: 'button', class: 'small', dataset: {campaign: c.id, to: nextStatus},
				onclick: async (ev) => {
					const btn = ev.currentTarget;
					btn.disabled = true;
					try {
						const ui = {host: btn.closest('section')};
						if (!await replace(f, 'campaign', c, {...bare(b), status: nextStatus}, c.tlp, ui, again)) return;
						await again('campaign-form', t(nextStatus === 'closed' ? 'fp_campaign_closed' : 'fp_campaign_opened', {id: c.id}));
					} catch (e) {
						btn.disabled = false;
						btn.after(h('span', {class: 'form-status error', role: 'alert'}, ' ' + errorText(e)));
					}
				}}, t(nextStatus === 'closed' ? 'fp_close_campaign' : 'fp_open_campaign')) : '') : null);
	});
	return section('fp-campaigns', title, h('p', {class: 'hint'}, t('fp_campaign_hint')), campaigns.length
		? table('campaign-table', title, [t('title'), t('fp_catalogue'), t('fp_period'), t('status'), ...(write ? [''] : [])], rows)
		: h('p', {class: 'empty', id: 'campaign-empty'}, t('fp_no_campaigns')));
}

function campaignForm(f, cats, campaigns, again) {
	const year = todayISO().slice(0, 4);
	const id = input(t('fp_id'), 'id', {value: nextId('baseline-' + year + '-', campaigns.map((c) => c.id))}, t('fp_id_hint'));
	const title = input(t('title'), 'title', {value: 'Baseline ' + year});
	const cat = select(t('fp_catalogue'), 'catalogue', cats[0] ? cats[0].id : '', cats.map((c) => [c.id, nameEn(c, 'name_da', 'name') || c.id]));
	const opens = dateInput(t('fp_opens_on'), 'opens_on', todayISO());
	const closes = dateInput(t('fp_closes_on'), 'closes_on', '');
	const status = select(t('status'), 'status', 'open', [['draft', term('fp_campaign_status', 'draft')], ['open', term('fp_campaign_status', 'open')]]);
	const desc = textarea(t('fp_description'), 'description');
	const tlp = tlpField('GREEN');
	return form('campaign-form', t('fp_add_campaign'), [h('div', {class: 'grid'}, id, title, cat, opens, closes, status, tlp), desc], async () => {
		const body = {id: val(id), title: val(title), catalogue: cat.control.value, opens_on: val(opens), closes_on: val(closes),
			status: status.control.value};
		if (val(desc)) body.description = val(desc);
		const saved = await post(f.base('items', 'campaign'), {body, tlp: tlp.control.value});
		await again('campaign-form', t('fp_campaign_added', {id: saved.id}));
		return null;
	});
}

const maturityOptions = () => [['', t('fp_not_answered')], ...MATURITY.map((m) => [String(m), m + ' ' + term('fp_maturity', String(m))]),
	['na', t('fp_not_applicable')]];

/* A member's answers to an open campaign: a maturity per item with its evidence. */
function answerSection(f, campaigns, cats, mine, s, again) {
	const title = t('fp_answer');
	const open = campaigns.filter((c) => c.body && c.body.status === 'open');
	if (!open.length) return section('fp-answer', title, h('p', {class: 'empty'}, t('fp_no_open_campaign')));
	const camp = open.find((c) => c.id === s.answer) || open[0];
	const cat = cats.find((c) => c.id === camp.body.catalogue);
	const pick = picker(t('fp_campaign'), 'campaign', s, 'answer', open, camp, again);
	if (!cat) return section('fp-answer', title, pick, errorBox({message: t('fp_no_catalogue', {id: camp.body.catalogue})}));
	const existing = mine.find((a) => a.parent === camp.id);
	const prev = new Map(((existing && existing.body.items) || []).map((x) => [x.item, x]));
	const ctrls = [];
	const areas = (cat.areas || []).map((ar) => h('fieldset', {class: 'sub fp-area', dataset: {area: ar.id}},
		h('legend', null, daEn(ar.name_da || ar.name, ar.name)),
		(ar.items || []).map((it) => {
			const p = prev.get(it.id) || {};
			const text = getLang() === 'en' ? (it.title || it.text) : (it.title_da || it.text_da || it.title || it.text);
			const m = select(it.id + ' ' + (text || '').slice(0, 120), 'maturity', p.not_applicable ? 'na' : p.maturity ?? '', maturityOptions());
			m.control.dataset.item = it.id;
			const ev = input(t('fp_evidence_for', {item: it.id}), 'evidence', {value: p.evidence || '', dataset: {item: it.id}});
			ctrls.push({item: it.id, m, ev});
			return h('div', {class: 'grid fp-answer-item', dataset: {item: it.id}}, m, ev);
		})));
	const tlp = tlpField(existing ? existing.tlp : 'AMBER', ['GREEN', 'AMBER', 'AMBER+STRICT']);
	const el = form('answer-form', existing ? t('fp_update_answer') : t('fp_submit_answer'), [
		h('p', {class: 'hint'}, t('fp_answer_hint')), pick, areas, tlp], async (ui) => {
		const out = [];
		for (const c of ctrls) {
			const v = c.m.control.value;
			if (v === '') continue;
			const x = v === 'na' ? {item: c.item, not_applicable: true} : {item: c.item, maturity: Number(v)};
			if (val(c.ev)) x.evidence = val(c.ev);
			out.push(x);
		}
		const body = {items: out};
		if (existing) {
			if (!await replace(f, 'answer', existing, body, tlp.control.value, ui, again)) return null;
		} else {
			await post(f.base('items', 'answer') + query({parent: camp.id}), {body, tlp: tlp.control.value});
		}
		s.answer = camp.id;
		await again('answer-form', t('fp_answer_saved', {n: out.length}));
		return null;
	});
	el.dataset.campaign = camp.id;
	if (existing) el.dataset.answer = existing.id;
	return section('fp-answer', title + ': ' + (camp.body.title || camp.id), el);
}

/* Feedback against the sector: served once the campaign has closed (one frozen release). */
async function feedbackSection(f, campaigns, s, again) {
	const title = t('fp_feedback');
	const closed = campaigns.filter((c) => c.body && c.body.status === 'closed');
	if (!closed.length) return section('baseline-feedback', title, h('p', {class: 'empty', dataset: {state: 'none'}}, t('fp_feedback_wait')));
	const camp = closed.find((c) => c.id === s.feedback) || closed[0];
	const pick = picker(t('fp_campaign'), 'feedback_campaign', s, 'feedback', closed, camp, again);
	const [fb, err] = await loadView(f, 'baseline-feedback', {campaign: camp.id});
	if (err) return section('baseline-feedback', title, pick, errorBox(err));
	const rows = (fb.areas || []).map((a) => {
		const sec = a.sector || {};
		return h('tr', {dataset: {area: a.area, suppressed: a.suppressed ? '1' : '0', percentile: a.percentile ?? ''}},
			h('td', null, daEn(a.name_da, a.name)),
			h('td', {class: 'num fp-own'}, a.member_score === null || a.member_score === undefined ? '–' : String(a.member_score),
				h('small', {class: 'sub'}, t('fp_items_answered', {n: a.items_answered ?? 0, of: a.items_total ?? 0}))),
			a.suppressed ? h('td', {class: 'fp-suppressed', colspan: '5'}, figure(a.members))
				: [h('td', {class: 'num fp-members'}, fig(sec.members)), h('td', {class: 'num fp-median'}, fig(sec.median)),
					h('td', {class: 'num fp-q1'}, fig(sec.q1)), h('td', {class: 'num fp-q3'}, fig(sec.q3)),
					h('td', {class: 'num fp-percentile'}, a.percentile === null || a.percentile === undefined ? '–' : String(a.percentile))]);
	});
	const el = section('baseline-feedback', title + ': ' + (camp.body.title || camp.id), pick, h('p', {class: 'hint'}, t('fp_feedback_hint')),
		table('baseline-feedback-table', title, [t('fp_area'), t('fp_own_score'), t('forum_members'), t('fp_median'), t('fp_q1'),
			t('fp_q3'), t('fp_percentile')], rows));
	el.dataset.campaign = camp.id;
	return el;
}

/* The secretariat's aggregate over one campaign: per area and item, level distributions. */
async function baselineAggregate(f, campaigns, cats, s, again) {
	const title = t('fp_baseline_aggregate');
	if (!campaigns.length) return section('baseline-aggregate', title, h('p', {class: 'empty'}, t('fp_no_campaigns')));
	const camp = campaigns.find((c) => c.id === s.aggregate) || campaigns.find((c) => c.body.status === 'closed') || campaigns[0];
	const pick = picker(t('fp_campaign'), 'aggregate_campaign', s, 'aggregate', campaigns, camp, again);
	const [ag, err] = await loadView(f, 'baseline-aggregate', {campaign: camp.id});
	if (err) return section('baseline-aggregate', title, pick, errorBox(err));
	const dist = (d) => (d ? joined(Object.entries(d).map(([k, v]) => h('span', {class: 'fp-level', dataset: {level: k}},
		k + ': ' + fig(v))), ' · ') : '–');
	const rows = [];
	for (const a of ag.areas || []) {
		rows.push(h('tr', {class: 'fp-area-row', dataset: {area: a.area, members: String(a.members)}},
			h('th', {scope: 'row'}, daEn(a.name_da, a.name)), h('td', {class: 'num'}, fig(a.members)),
			h('td', {class: 'num'}, fig(a.median)), h('td', {class: 'num'}, fig(a.q1)), h('td', {class: 'num'}, fig(a.q3)), h('td', null, '')));
		for (const it of a.items || []) {
			rows.push(h('tr', {class: 'fp-item-row', dataset: {item: it.item}},
				h('td', null, it.item), h('td', {class: 'num'}, fig(it.members)), h('td', {class: 'num'}, fig(it.median)),
				h('td', {class: 'num'}, fig(it.q1)), h('td', {class: 'num'}, fig(it.q3)),
				h('td', null, dist(it.distribution), it.not_applicable ? ' · ' + t('fp_not_applicable') + ': ' + fig(it.not_applicable) : '')));
		}
	}
	const el = section('baseline-aggregate', title + ': ' + (camp.body.title || camp.id), pick,
		h('p', {class: 'meta', id: 'baseline-aggregate-members', dataset: {members: String(ag.members)}},
			t('fp_respondents') + ': ' + fig(ag.members) + ' · ' + term('fp_campaign_status', camp.body.status)),
		camp.body.status !== 'closed' ? h('p', {class: 'hint'}, t('fp_aggregate_open_hint')) : null,
		table('baseline-aggregate-table', title, [t('fp_area'), t('forum_members'), t('fp_median'), t('fp_q1'), t('fp_q3'),
			t('fp_distribution')], rows),
		h('p', {class: 'hint'}, ag.suppression || ''));
	el.dataset.campaign = camp.id;
	return el;
}

function cataloguesSection(cats) {
	const title = t('fp_catalogues');
	const rows = cats.map((c) => h('tr', {dataset: {catalogue: c.id}},
		h('td', null, h('strong', null, nameEn(c, 'name_da', 'name') || c.id), h('small', {class: 'sub'}, c.id + (c.version ? ' · ' + c.version : ''))),
		// the legal source, quoted as written (in English, naming Danish acts by their Danish titles)
		h('td', null, c.source ? h('cite', {lang: 'en'}, c.source) : '–'),
		h('td', {class: 'num'}, String((c.areas || []).length)),
		h('td', {class: 'num'}, String((c.areas || []).reduce((n, a) => n + (a.items || []).length, 0))),
		h('td', null, c.shipped ? t('fp_shipped') : t('fp_forum_own'))));
	return section('fp-catalogues', title, table('catalogue-table', title, [t('fp_catalogue'), t('fp_source'), t('fp_areas'),
		t('fp_items'), ''], rows));
}

/* ---- 4. the annual survey ------------------------------------------------------------------ */

/* A survey's results reach members when its year is over (the server's rule: one frozen release). */
const surveyClosed = (sv) => Number((sv.body || {}).year) < Number(todayISO().slice(0, 4));

export async function renderSurvey(view, f) {
	const s = state(f, 'survey');
	const [svR, respR] = await settle([list(f, 'survey'), list(f, 'response')]);
	const again = (id, msg) => redraw(view, f, renderSurvey, id, msg);
	const surveys = ok(svR, []);
	if (svR.status === 'rejected') view.append(errorBox(svR.reason));
	const responses = ok(respR, []);
	const write = canWrite(f);
	view.append(surveysSection(f, surveys, responses));
	if (f.secretariat && write) view.append(section('fp-survey-form', t('fp_new_survey'), surveyForm(f, surveys, again)));
	if (!f.secretariat) {
		if (write) view.append(responseSection(f, surveys, responses.filter((r) => r.owner === f.ctx.org), s, again));
		else view.append(readOnlyNote());
	}
	if (!surveys.length) return;
	const shown = f.secretariat ? surveys : surveys.filter(surveyClosed);
	const sv = shown.find((x) => x.id === s.results) || shown[0];
	view.append(await resultsSection(f, sv, shown, s, again));
	if (f.secretariat && sv) view.append(await candidatesSection(f, sv, write, again));
}

function surveysSection(f, surveys, responses) {
	const title = t('fp_surveys');
	const rows = surveys.map((x) => {
		const b = x.body || {};
		const n = responses.filter((r) => r.parent === x.id).length;
		return h('tr', {dataset: {survey: x.id, closed: surveyClosed(x) ? '1' : '0'}},
			h('td', null, h('strong', null, daEn(b.title, b.title_en) || x.id), h('small', {class: 'sub'}, x.id)),
			h('td', {class: 'num'}, String(b.year ?? '–')),
			h('td', {class: 'num'}, String((b.questions || []).length)),
			h('td', null, surveyClosed(x) ? t('fp_survey_closed') : t('fp_survey_open', {year: b.year})),
			h('td', {class: 'num fp-responses'}, f.secretariat ? String(n) : (n ? t('yes') : t('no'))));
	});
	return section('fp-surveys', title, h('p', {class: 'hint'}, t('fp_survey_hint')), surveys.length
		? table('survey-table', title, [t('title'), t('fp_year'), t('fp_questions'), t('status'),
			f.secretariat ? t('fp_responses') : t('fp_answered')], rows)
		: h('p', {class: 'empty', id: 'survey-empty'}, t('fp_no_surveys')));
}

/* A survey: one concern ranking over the default concern list, an optional scale and free-text question. */
function surveyForm(f, surveys, again) {
	const year = Number(todayISO().slice(0, 4));
	const id = input(t('fp_id'), 'id', {value: nextId('survey-' + year + '-', surveys.map((x) => x.id))}, t('fp_id_hint'));
	const yr = input(t('fp_year'), 'year', {type: 'number', min: '2000', max: '2100', value: String(year)}, t('fp_year_hint'));
	const title = input(t('title'), 'title', {value: t('fp_survey_default_title', {year})});
	yr.control.addEventListener('change', () => {
		// the default title follows the year until the user writes one of their own
		if (/^\D*\d{4}\D*$/.test(title.control.value)) title.control.value = t('fp_survey_default_title', {year: yr.control.value});
	});
	const desc = textarea(t('fp_description'), 'description');
	const q1 = input(t('fp_q_ranking'), 'ranking_text', {value: t('fp_q_ranking_default')});
	const rank = input(t('fp_rank_count'), 'rank_count', {type: 'number', min: '1', max: '10', value: '5'});
	const q2 = input(t('fp_q_scale'), 'scale_text', {}, t('fp_optional_q'));
	const q3 = input(t('fp_q_free'), 'free_text', {}, t('fp_optional_q'));
	const tlp = tlpField('GREEN');
	return form('survey-form', t('fp_add_survey'), [h('div', {class: 'grid'}, id, yr, title, tlp), desc,
		h('div', {class: 'grid'}, q1, rank), h('p', {class: 'hint'}, t('fp_topics_hint')), h('div', {class: 'grid'}, q2, q3)], async () => {
		const questions = [{id: 'q1', kind: 'concern_ranking', text: val(q1), rank_count: num(rank)}];
		if (val(q2)) questions.push({id: 'q2', kind: 'scale', text: val(q2)});
		if (val(q3)) questions.push({id: 'q3', kind: 'free_text', text: val(q3)});
		const body = {id: val(id), year: num(yr), title: val(title), questions};
		if (val(desc)) body.description = val(desc);
		const saved = await post(f.base('items', 'survey'), {body, tlp: tlp.control.value});
		await again('survey-form', t('fp_survey_added', {id: saved.id}));
		return null;
	});
}

const topicName = (tp) => daEn(tp.name, tp.name_en) || tp.id;

/* A member's response: a ranking of the top concerns, a scale value, free text. */
function responseSection(f, surveys, mine, s, again) {
	const title = t('fp_response');
	if (!surveys.length) return section('fp-response', title, h('p', {class: 'empty'}, t('fp_no_surveys')));
	const sv = surveys.find((x) => x.id === s.respond) || surveys[surveys.length - 1];
	const pick = picker(t('fp_survey'), 'survey', s, 'respond', surveys, sv, again);
	const existing = mine.find((r) => r.parent === sv.id);
	const prev = new Map(((existing && existing.body.answers) || []).map((a) => [a.question, a]));
	const readers = [];
	const qs = (sv.body.questions || []).map((q) => {
		const p = prev.get(q.id) || {};
		const qtext = daEn(q.text, q.text_en);
		if (q.kind === 'concern_ranking') {
			const opts = [['', t('fp_none_chosen')], ...(q.topics || []).map((tp) => [tp.id, topicName(tp)])];
			const places = [];
			for (let i = 0; i < (q.rank_count || 5); i++) {
				const sel = select(t('fp_place', {n: i + 1}), 'rank_' + q.id + '_' + (i + 1), (p.ranking || [])[i] || '', opts);
				sel.control.dataset.place = String(i + 1);
				places.push(sel);
			}
			readers.push(() => {
				const ranking = places.map((x) => x.control.value).filter(Boolean);
				return ranking.length ? {question: q.id, ranking} : null;
			});
			return h('fieldset', {class: 'sub fp-question', dataset: {question: q.id}}, h('legend', null, qtext),
				h('p', {class: 'hint'}, t('fp_rank_hint', {n: q.rank_count || 5})), h('div', {class: 'grid'}, places));
		}
		if (q.kind === 'scale') {
			const sc = q.scale || {min: 1, max: 5};
			const opts = [['', t('fp_not_answered')]];
			for (let v = sc.min ?? 1; v <= (sc.max ?? 5); v++) opts.push([String(v), String(v)]);
			const sel = select(qtext, 'value_' + q.id, p.value ?? '', opts,
				sc.min_label || sc.max_label ? (sc.min ?? 1) + ': ' + (sc.min_label || '') + ' · ' + (sc.max ?? 5) + ': ' + (sc.max_label || '') : null);
			readers.push(() => (sel.control.value ? {question: q.id, value: Number(sel.control.value)} : null));
			return h('div', {class: 'fp-question', dataset: {question: q.id}}, sel);
		}
		const ta = textarea(qtext, 'text_' + q.id, p.text || '');
		readers.push(() => (val(ta) ? {question: q.id, text: val(ta)} : null));
		return h('div', {class: 'fp-question', dataset: {question: q.id}}, ta, h('small', {class: 'hint'}, t('fp_free_text_hint')));
	});
	const tlp = tlpField(existing ? existing.tlp : 'AMBER', ['GREEN', 'AMBER', 'AMBER+STRICT']);
	const el = form('response-form', existing ? t('fp_update_response') : t('fp_submit_response'), [pick, qs, tlp], async (ui) => {
		const body = {answers: readers.map((r) => r()).filter(Boolean)};
		if (existing) {
			if (!await replace(f, 'response', existing, body, tlp.control.value, ui, again)) return null;
		} else {
			await post(f.base('items', 'response') + query({parent: sv.id}), {body, tlp: tlp.control.value});
		}
		s.respond = sv.id;
		await again('response-form', t('fp_response_saved'));
		return null;
	});
	el.dataset.survey = sv.id;
	return section('fp-response', title + ': ' + (daEn(sv.body.title, sv.body.title_en) || sv.id), el);
}

/* The Borda ranking per question, scale statistics; suppressed below the group of 5. */
async function resultsSection(f, sv, shown, s, again) {
	const title = t('fp_results');
	if (!sv) return section('survey-results', title, h('p', {class: 'empty', dataset: {state: 'wait'}}, t('fp_results_wait')));
	const pick = picker(t('fp_survey'), 'results_survey', s, 'results', shown, sv, again);
	const [res, err] = await loadView(f, 'survey-results', {survey: sv.id});
	if (err) return section('survey-results', title, pick, errorBox(err));
	const qs = (res.questions || []).map((q) => {
		const head = h('h3', null, daEn(q.text, q.text_en) || q.question);
		if (q.suppressed) {
			return h('div', {class: 'fp-result', dataset: {question: q.question, suppressed: '1'}}, head,
				h('p', {class: 'suppressed'}, t('fp_respondents') + ': ' + figure(q.respondents)));
		}
		const meta = h('p', {class: 'meta'}, t('fp_respondents') + ': ' + fig(q.respondents) + (q.method ? ' · ' + q.method : ''));
		if (q.kind === 'concern_ranking') {
			const rows = (q.ranking || []).map((r) => h('tr', {dataset: {topic: r.topic, rank: String(r.rank), score: String(r.score)}},
				h('td', {class: 'num'}, String(r.rank)), h('td', null, topicName({id: r.topic, name: r.name, name_en: r.name_en})),
				h('td', {class: 'num'}, String(r.score)), h('td', {class: 'num'}, fig(r.mentioned_by))));
			return h('div', {class: 'fp-result', dataset: {question: q.question}}, head, meta,
				table('survey-ranking-' + q.question, daEn(q.text, q.text_en), [t('fp_rank'), t('fp_topic'), t('fp_borda'),
					t('fp_mentioned_by')], rows));
		}
		if (q.kind === 'scale') {
			return h('div', {class: 'fp-result', dataset: {question: q.question}}, head, meta,
				h('dl', {class: 'figures'}, [['fp_median', q.median], ['fp_q1', q.q1], ['fp_q3', q.q3], ['fp_mean', q.mean]].map(([k, v]) =>
					h('div', {class: 'figure'}, h('dt', null, t(k)), h('dd', null, fig(v))))));
		}
		return h('div', {class: 'fp-result', dataset: {question: q.question}}, head, h('p', {class: 'hint'}, t('fp_free_text_hint')));
	});
	const el = section('survey-results', title + ': ' + (daEn(res.title, res.title_en) || sv.id), pick,
		h('p', {class: 'meta', id: 'survey-respondents', dataset: {respondents: String(res.respondents)}},
			t('fp_respondents') + ': ' + fig(res.respondents)),
		!f.secretariat || surveyClosed(sv) ? null : h('p', {class: 'hint'}, t('fp_results_open_hint', {year: sv.body.year})), qs);
	el.dataset.survey = sv.id;
	return el;
}

/* Candidates for the forum's risk register; each may become a forum risk with the survey as its source. */
async function candidatesSection(f, sv, write, again) {
	const title = t('fp_candidates');
	const [[cands, e1], [reg, e2]] = await Promise.all([loadView(f, 'survey-candidates', {survey: sv.id}), loadView(f, 'register')]);
	if (e1 || e2) return section('survey-candidates', title, errorBox(e1 || e2));
	const cs = Array.isArray(cands) ? cands : items(cands);
	// a candidate is in the register when a risk cites it (SURVEY/QUESTION/TOPIC)
	const used = new Set();
	for (const r of reg.risks || []) for (const x of r.sources || []) if (x.kind === 'survey') used.add(x.ref);
	const isUsed = (c) => used.has(c.ref);
	const topics = new Map();
	for (const q of sv.body.questions || []) for (const tp of q.topics || []) topics.set(sv.id + '/' + q.id + '/' + tp.id, tp);
	const ids = (reg.risks || []).map((r) => r.id);
	const rows = cs.map((c) => h('tr', {dataset: {ref: c.ref, used: isUsed(c) ? '1' : '0'}},
		h('td', null, c.ref), h('td', null, c.note || ''),
		h('td', null, isUsed(c) ? h('span', {class: 'badge'}, t('fp_in_register'))
			: write ? h('button', {type: 'button', class: 'small', dataset: {candidate: c.ref}, onclick: () => {
				const box = document.getElementById('candidate-box');
				box.replaceChildren(candidateForm(f, reg, sv, c, topics.get(c.ref), ids, again));
				box.querySelector('input[name=title]').focus();
			}}, t('fp_make_risk')) : '')));
	return section('survey-candidates', title, h('p', {class: 'hint'}, t('fp_candidates_hint')), cs.length
		? table('survey-candidates-table', title, [t('fp_source_ref'), t('fp_source_note'), ''], rows)
		: h('p', {class: 'empty'}, t('fp_no_candidates')), h('div', {id: 'candidate-box'}),
	flash && flash.id === 'candidate-form' ? h('p', {class: 'form-status ok', role: 'status', id: 'candidate-form-status'}, flash.msg) : null);
}

/* The risk cites the candidate as the view gives it (SURVEY/QUESTION/TOPIC, docs/api.md), with its note. */
function candidateForm(f, reg, sv, c, topic, ids, again) {
	const id = input(t('fp_id'), 'id', {value: nextId('R', ids)}, t('fp_id_hint'));
	const title = input(t('title'), 'title', {value: topic ? topic.name : c.ref});
	const l = likelihoodSelect(reg, 3);
	const cq = consequenceSelect(reg, 3);
	const on = dateInput(t('fp_rated_on'), 'rated_on', todayISO());
	const tlp = tlpField('GREEN');
	const el = form('candidate-form', t('fp_make_risk'), [h('h3', null, t('fp_candidate_title', {ref: c.ref})),
		h('p', {class: 'hint'}, c.note || ''), h('div', {class: 'grid'}, id, title, l, cq, on, tlp)], async () => {
		const body = {id: val(id), title: val(title), likelihood: num(l), consequence: num(cq), rated_on: val(on),
			sources: [{kind: 'survey', ref: c.ref, note: c.note}]};
		const saved = await post(f.base('items', 'risk'), {body, tlp: tlp.control.value});
		await again('candidate-form', t('fp_candidate_done', {id: saved.id}));
		return null;
	});
	el.dataset.ref = c.ref;
	return el;
}
