// The DORA Register of Information (docs/roi.md, docs/api.md "The DORA Register of Information"):
// the check for a reference date (GET …/roi/check?as_of) with its violations by table, row and
// column; the xBRL-CSV package to download (GET …/roi/package?as_of), offered only while the check
// passes; the register's providers, arrangements, functions and branches as tables, their closed
// lists shown by the labels of GET /formats/eba-roi/codes; forms to add, change and delete an
// arrangement or a provider (the whole register PUT back under If-Match, a 412 opening the
// conflict panel of conflict.js); and, for the admin, the import of a package (POST …/roi/import,
// the zip as the body, all or nothing).

import {get, put, request, getWithEtag, getAll, orgPath, query, downloadHref} from './api.js';
import {t, getLang} from './i18n.js';
import {h, field, clear, statusLine, errorText, errorBox, tableWrap, pageTitle, fmtDate, todayISO} from './dom.js';
import {guardedSave} from './conflict.js';

let codesPromise = null;

/* The closed lists (they do not change while the server runs): fetched once. */
function loadCodes() {
	if (!codesPromise) {
		codesPromise = get('/formats/eba-roi/codes').catch((e) => {
			codesPromise = null;
			throw e;
		});
	}
	return codesPromise;
}

/* 31 December of last year, Copenhagen time: the yearly register's reference date (the server's default). */
function defaultAsOf() {
	return (Number(todayISO().slice(0, 4)) - 1) + '-12-31';
}

const isDate = (s) => /^\d{4}-\d{2}-\d{2}$/.test(s || '');
const copy = (x) => JSON.parse(JSON.stringify(x === undefined ? null : x));
const list = (x) => (Array.isArray(x) ? x : []);

export async function render(view, ctx) {
	const canEdit = !!ctx.can.map; // PUT/PATCH …/roi need the map permission (docs/api.md)
	const isAdmin = ctx.role === 'admin'; // the import needs admin
	const asOf = isDate(ctx.params.get('as_of')) ? ctx.params.get('as_of') : defaultAsOf();
	const state = {ctx, canEdit, isAdmin, asOf, doc: {}, etag: null, nodes: new Map(), check: null, checkError: null};
	view.append(pageTitle(t('roi_title')), h('p', {class: 'intro'}, t('roi_intro')));

	const [codes, reg, nodes] = await Promise.allSettled([
		loadCodes(), getWithEtag(orgPath(ctx.org, 'roi')), getAll(orgPath(ctx.org, 'nodes')),
	]);
	if (codes.status === 'rejected') throw codes.reason;
	if (reg.status === 'rejected') throw reg.reason;
	state.codes = codes.value;
	state.index = {};
	for (const [name, l] of Object.entries((state.codes && state.codes.lists) || {})) {
		state.index[name] = new Map((l.codes || []).map((c) => [c.key, c]));
	}
	setDoc(state, reg.value);
	if (nodes.status === 'fulfilled') state.nodes = new Map(nodes.value.map((n) => [n.id, n]));

	state.statusBox = h('section', {class: 'card', id: 'roi-status', 'aria-labelledby': 'roi-status-h'});
	state.tablesBox = h('div', {class: 'roi-tables', id: 'roi-content'});
	if (!canEdit) view.append(h('p', {class: 'notice', id: 'roi-read-only'}, t('roi_read_only')));
	view.append(state.statusBox, state.tablesBox);
	renderStatusBox(state);
	if (isAdmin) view.append(importSection(state));
	await runCheck(state);
	renderTables(state);
}

function setDoc(state, r) {
	state.doc = r.data && typeof r.data === 'object' ? r.data : {};
	state.etag = r.etag;
}

/* The register and the check read again (after a save, an import, or a discarded change). */
async function reload(state) {
	setDoc(state, await getWithEtag(orgPath(state.ctx.org, 'roi')));
	try {
		state.nodes = new Map((await getAll(orgPath(state.ctx.org, 'nodes'))).map((n) => [n.id, n]));
	} catch (_) { /* the names fall back to the node ids */ }
	await runCheck(state);
	renderTables(state);
}

/* ---- labels of the closed lists ---- */

function codeOf(state, name, key) {
	const m = state.index[name];
	return m ? m.get(String(key)) : null;
}

/* The label of a key in the UI's language (the key itself when the list does not know it). */
function label(state, name, key) {
	if (key === null || key === undefined || key === '') return '–';
	const c = codeOf(state, name, key);
	if (!c) return String(key);
	return (getLang() === 'en' ? c.en : c.da) || c.da || String(key);
}

/* A service type with its code: "S17 Cloudtjenester: IaaS". */
function serviceLabel(state, key) {
	return codeOf(state, 'service_type', key) ? key + ' ' + label(state, 'service_type', key) : label(state, 'service_type', key);
}

/* [[key, label]…] of a list for a select; countries and currencies sorted by their label. */
function choices(state, name) {
	const codes = ((state.codes.lists[name] || {}).codes || []).map((c) => {
		const text = name === 'service_type' ? serviceLabel(state, c.key)
			: name === 'currency' ? c.key + ' – ' + label(state, name, c.key)
				: label(state, name, c.key);
		return [c.key, text];
	});
	if (name === 'country') codes.sort((a, b) => a[1].localeCompare(b[1], getLang() === 'en' ? 'en' : 'da'));
	return codes;
}

function fmtMoney(n, currency) {
	if (n === null || n === undefined || n === '') return '–';
	const s = typeof n === 'number' ? new Intl.NumberFormat(getLang() === 'en' ? 'en-GB' : 'da-DK').format(n) : String(n);
	return currency ? s + ' ' + currency : s;
}

function nodeName(state, id) {
	const n = state.nodes.get(id);
	return n && n.name ? n.name : id;
}

function providerOf(state, node) {
	return list(state.doc.providers).find((p) => p.node === node) || null;
}

function providerName(state, p) {
	return (p && (p.legal_name || nodeName(state, p.node))) || '–';
}

/* A function node as the register names it: "F1 Betalingsformidling". */
function functionName(state, node) {
	const f = list(state.doc.functions).find((x) => x.node === node);
	return (f ? f.id + ' ' : '') + nodeName(state, node);
}

/* ---- status: the check and the package ---- */

function renderStatusBox(state) {
	const box = clear(state.statusBox);
	const asOf = field(t('roi_as_of'), 'input', {type: 'date', id: 'roi-as-of', name: 'as_of', value: state.asOf, required: true,
		'aria-describedby': 'roi-as-of-hint'});
	const btn = h('button', {type: 'submit', id: 'roi-check-run'}, t('roi_run_check'));
	const form = h('form', {class: 'roi-check-form', id: 'roi-check-form', novalidate: true},
		h('div', {class: 'roi-check-row'}, asOf, h('div', {class: 'field'}, btn)),
		h('p', {class: 'hint', id: 'roi-as-of-hint'}, t('roi_as_of_hint')));
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		const v = asOf.control.value;
		if (!isDate(v)) {
			asOf.control.setAttribute('aria-invalid', 'true');
			asOf.control.focus();
			return;
		}
		asOf.control.removeAttribute('aria-invalid');
		state.asOf = v;
		btn.disabled = true;
		try {
			await runCheck(state);
		} finally {
			btn.disabled = false;
		}
	});
	state.checkBox = h('div', {id: 'roi-check', 'aria-live': 'polite'});
	state.packageBox = h('div', {id: 'roi-package-box'});
	box.append(h('h2', {id: 'roi-status-h'}, t('roi_status_h')), form, state.checkBox,
		h('h3', null, t('roi_package_h')), state.packageBox);
}

async function runCheck(state) {
	clear(state.checkBox).append(h('p', {class: 'loading'}, t('roi_checking')));
	state.checkBox.dataset.state = 'busy';
	try {
		state.check = await get(orgPath(state.ctx.org, 'roi', 'check') + query({as_of: state.asOf}));
		state.checkError = null;
	} catch (e) {
		state.check = null;
		state.checkError = e;
	}
	renderCheck(state);
	renderPackage(state);
}

function renderCheck(state) {
	const box = clear(state.checkBox);
	const c = state.check;
	if (!c) {
		box.dataset.state = 'error';
		box.append(errorBox(state.checkError));
		return;
	}
	const date = c.as_of || state.asOf;
	const vs = list(c.violations);
	box.dataset.state = c.ok ? 'ok' : 'violations';
	if (c.ok) {
		box.append(h('p', {class: 'roi-verdict ok', id: 'roi-ready'},
			h('span', {class: 'badge roi-ok'}, t('roi_ready')), ' ', t('roi_ready_detail', {date})));
	} else {
		box.append(h('p', {class: 'roi-verdict fail', id: 'roi-not-ready', dataset: {count: String(vs.length)}},
			h('span', {class: 'badge warn'}, vs.length === 1 ? t('roi_not_ready_1') : t('roi_not_ready', {n: vs.length})),
			' (' + fmtDate(date) + ')'));
		const en = getLang() === 'en';
		const rows = vs.map((v) => h('tr', {dataset: {table: v.table, row: String(v.row), column: v.column, rule: v.rule}},
			h('td', {class: 'nowrap'}, v.table), h('td', {class: 'num'}, String(v.row)), h('td', {class: 'nowrap'}, h('code', null, v.column)),
			h('td', null, v.rule), h('td', null, (en ? v.message : v.message_da) || v.message || '')));
		const table = h('table', {class: 'data compact', id: 'roi-violations'},
			h('caption', {class: 'sr-only'}, t('roi_violations')),
			h('thead', null, h('tr', null, ['roi_v_table', 'roi_v_row', 'roi_v_column', 'roi_v_rule', 'roi_v_message']
				.map((k) => h('th', {scope: 'col'}, t(k))))),
			h('tbody', null, rows));
		box.append(tableWrap(table, t('roi_violations')));
	}
}

function renderPackage(state) {
	const box = clear(state.packageBox);
	const c = state.check;
	const date = (c && c.as_of) || state.asOf;
	if (c && c.ok) {
		box.append(h('p', {class: 'downloads'}, h('a', {
			class: 'button', id: 'roi-package', download: '',
			href: downloadHref(orgPath(state.ctx.org, 'roi', 'package')) + query({as_of: date}),
		}, t('roi_package', {date}))));
		return;
	}
	box.append(h('p', {class: 'downloads'},
		h('button', {type: 'button', id: 'roi-package', disabled: true, 'aria-describedby': 'roi-package-why'}, t('roi_package', {date}))),
	h('p', {class: 'hint', id: 'roi-package-why'}, c ? t('roi_package_blocked', {date}) : t('roi_package_unknown')));
}

/* ---- the register as tables ---- */

function section(id, title, ...children) {
	return h('section', {class: 'card roi-section', id, 'aria-labelledby': id + '-h'}, h('h2', {id: id + '-h'}, title), children);
}

function dataTable(id, caption, heads, rows) {
	if (!rows.length) return h('p', {class: 'empty', id: id + '-empty'}, t('roi_none_rows'));
	return tableWrap(h('table', {class: 'data compact', id},
		h('caption', {class: 'sr-only'}, caption),
		h('thead', null, h('tr', null, heads.map((k) => h('th', {scope: 'col'}, t(k))))),
		h('tbody', null, rows)), caption);
}

function rowButtons(state, what, onEdit, onDelete) {
	if (!state.canEdit) return null;
	return h('td', {class: 'nowrap'},
		h('button', {type: 'button', class: 'small secondary', dataset: {action: 'edit'}, 'aria-label': t('roi_edit_label', {x: what}), onclick: onEdit},
			t('roi_edit')), ' ',
		h('button', {type: 'button', class: 'small danger', dataset: {action: 'delete'}, 'aria-label': t('roi_delete_label', {x: what}), onclick: onDelete},
			t('roi_delete')));
}

function renderTables(state) {
	const box = clear(state.tablesBox);
	const d = state.doc;
	if (!Object.keys(d).length) box.append(h('p', {class: 'notice', id: 'roi-empty'}, t('roi_empty')));
	const actions = state.canEdit ? ['roi_actions'] : [];

	// arrangements (B_02.01, B_02.02)
	state.arrFormBox = h('div', {class: 'roi-form-box', id: 'roi-arrangement-form-box'});
	const arrRows = list(d.arrangements).map((a) => {
		const p = providerOf(state, a.provider);
		const type = a.type ? label(state, 'arrangement_type', a.type) : '–';
		return h('tr', {dataset: {ref: a.ref}},
			h('td', {class: 'nowrap'}, h('code', null, a.ref)),
			h('td', {class: 'roi-type'}, type, a.type === 'subsequent' && a.overarching ? ' → ' + a.overarching : null,
				a.intra_group ? [' ', h('span', {class: 'badge muted'}, t('roi_intra_group'))] : null),
			h('td', null, p ? providerName(state, p) : a.provider || '–'),
			h('td', {class: 'nowrap'}, fmtDate(a.start)),
			h('td', {class: 'nowrap'}, a.end ? fmtDate(a.end) : t('roi_open_ended')),
			h('td', {class: 'roi-services'}, h('ul', {class: 'plain'}, list(a.services).map((s) => h('li', {dataset: {type: s.type || ''}}, serviceLabel(state, s.type))))),
			h('td', null, h('ul', {class: 'plain'}, [...new Set(list(a.services).flatMap((s) => list(s.functions)))]
				.map((f) => h('li', null, functionName(state, f))))),
			h('td', {class: 'num nowrap roi-cost'}, fmtMoney(a.annual_cost, a.currency || (p && p.currency) || d.currency)),
			rowButtons(state, a.ref, () => openArrangementForm(state, a), () => deleteArrangement(state, a)));
	});
	const addArr = state.canEdit ? h('p', {class: 'buttons'}, h('button', {type: 'button', id: 'roi-add-arrangement',
		onclick: () => openArrangementForm(state, null)}, t('roi_add_arrangement'))) : null;
	box.append(section('roi-arrangements', t('roi_arrangements'),
		dataTable('roi-arrangement-table', t('roi_arrangements'),
			['roi_ref', 'roi_type', 'roi_provider', 'roi_start', 'roi_end', 'roi_services', 'roi_service_functions', 'roi_annual_cost', ...actions],
			arrRows), addArr, state.arrFormBox));

	// providers (B_05.01)
	state.provFormBox = h('div', {class: 'roi-form-box', id: 'roi-provider-form-box'});
	const provRows = list(d.providers).map((p) => {
		const parent = p.parent_code ? list(d.providers).find((x) => x.code === p.parent_code) : null;
		return h('tr', {dataset: {node: p.node}},
			h('td', null, providerName(state, p)),
			h('td', {class: 'nowrap'}, h('code', null, p.code || '–')),
			h('td', null, label(state, 'code_type', p.code_type)),
			h('td', {class: 'roi-country'}, label(state, 'country', p.country)),
			h('td', null, label(state, 'person_type', p.person_type)),
			h('td', null, p.parent_code ? [parent ? providerName(state, parent) + ' ' : '', h('code', null, p.parent_code)] : '–'),
			h('td', null, h('a', {href: '#/map?node=' + encodeURIComponent(p.node)}, p.node)),
			rowButtons(state, providerName(state, p), () => openProviderForm(state, p), () => deleteProvider(state, p)));
	});
	const addProv = state.canEdit ? h('p', {class: 'buttons'}, h('button', {type: 'button', id: 'roi-add-provider',
		onclick: () => openProviderForm(state, null)}, t('roi_add_provider'))) : null;
	box.append(section('roi-providers', t('roi_providers'),
		dataTable('roi-provider-table', t('roi_providers'),
			['roi_name', 'roi_code', 'roi_code_type', 'roi_country', 'roi_person_type', 'roi_parent', 'roi_node', ...actions], provRows),
		addProv, state.provFormBox));

	// functions (B_06.01)
	const hours = (v, minutes) => {
		if (v !== null && v !== undefined) return String(v);
		if (typeof minutes === 'number') return [String(Math.floor(minutes / 60)), ' ', h('span', {class: 'muted'}, '(' + t('roi_from_map') + ')')];
		return '–';
	};
	const fnRows = list(d.functions).map((f) => {
		const n = state.nodes.get(f.node) || {};
		return h('tr', {dataset: {id: f.id}},
			h('td', {class: 'nowrap'}, h('code', null, f.id)),
			h('td', null, h('a', {href: '#/map?node=' + encodeURIComponent(f.node)}, nodeName(state, f.node))),
			h('td', null, label(state, 'licensed_activity', f.licensed_activity)),
			h('td', null, label(state, 'assessment', f.assessment)),
			h('td', null, label(state, 'impact', f.impact)),
			h('td', {class: 'num nowrap'}, hours(f.rto_hours, n.rto_minutes)),
			h('td', {class: 'num nowrap'}, hours(f.rpo_hours, n.rpo_minutes)));
	});
	box.append(section('roi-functions', t('roi_functions'),
		dataTable('roi-function-table', t('roi_functions'),
			['roi_function_id', 'roi_function_name', 'roi_licensed_activity', 'roi_assessment', 'roi_impact', 'roi_rto', 'roi_rpo'], fnRows)));

	// branches (B_01.03)
	const brRows = list(d.branches).map((b) => h('tr', {dataset: {id: b.id}},
		h('td', {class: 'nowrap'}, h('code', null, b.id)), h('td', null, b.name || '–'),
		h('td', null, label(state, 'country', b.country)), h('td', {class: 'nowrap'}, b.head_office_lei || '–')));
	box.append(section('roi-branches', t('roi_branches'),
		dataTable('roi-branch-table', t('roi_branches'), ['roi_branch_id', 'roi_name', 'roi_country', 'roi_head_office'], brRows)));
}

/* ---- the forms ---- */

/*
 * One control of a form from its spec {key, label, kind, list, options, required, hint}: kind text,
 * textarea, date, int (a whole number), list (a closed list), choice (spec.options) or bool (Ja/Nej,
 * and "not set": unset and false differ in the check). The control carries data-path, the field's
 * path inside the object the form edits, as the server names it in an error.
 */
function control(state, idPrefix, spec, value, path) {
	const id = idPrefix + '-' + path.replace(/[^a-z0-9_]+/gi, '-').replace(/-$/, '');
	const attrs = {id, name: path, required: spec.required || null};
	let w;
	if (spec.kind === 'list' || spec.kind === 'choice' || spec.kind === 'bool') {
		const opts = spec.kind === 'list' ? choices(state, spec.list)
			: spec.kind === 'bool' ? [['true', t('yes')], ['false', t('no')]] : spec.options;
		const empty = spec.emptyText || (spec.required ? t('roi_choose') : t('roi_not_set'));
		const v = value === true ? 'true' : value === false ? 'false' : value === null || value === undefined ? '' : String(value);
		const all = [['', empty], ...opts];
		if (v && !all.some((o) => o[0] === v)) all.push([v, v]); // a value the list does not know stays as it is
		w = field(spec.label, 'select', {...attrs, value: v}, all, spec.hint || null);
	} else if (spec.kind === 'textarea') {
		w = field(spec.label, 'textarea', {...attrs, rows: '2', value: value ?? ''}, null, spec.hint || null);
	} else {
		const type = spec.kind === 'date' ? 'date' : spec.kind === 'int' ? 'number' : 'text';
		const extra = spec.kind === 'int' ? {min: '0', step: '1', inputmode: 'numeric'} : {autocomplete: 'off'};
		w = field(spec.label, 'input', {...attrs, ...extra, type, value: value ?? ''}, null, spec.hint || null);
	}
	w.control.dataset.path = path;
	w.spec = spec;
	return w;
}

/* The control's value as the register stores it; undefined for "not set". */
function valueOf(w) {
	const c = w.control;
	const v = c.value.trim();
	if (v === '') return undefined;
	switch (w.spec.kind) {
	case 'bool': return v === 'true';
	case 'int': return /^\d+$/.test(v) ? Number(v) : v; // the server names a value that is no whole number
	default: return v;
	}
}

/* Write the controls' values over obj (a copy of what was read, so fields the form does not show stay). */
function collect(obj, controls) {
	for (const w of controls) {
		const v = valueOf(w);
		if (v === undefined) delete obj[w.spec.key];
		else obj[w.spec.key] = v;
	}
	return obj;
}

/* Mark the control the server's error names (path relative to the edited object), and focus it. */
function markField(form, e, prefix) {
	for (const el of form.querySelectorAll('[aria-invalid="true"]')) el.removeAttribute('aria-invalid');
	if (!e || !e.field || !prefix || !e.field.startsWith(prefix)) return;
	const rel = e.field.slice(prefix.length);
	const el = [...form.querySelectorAll('[data-path]')].find((x) => x.dataset.path === rel);
	if (el) {
		el.setAttribute('aria-invalid', 'true');
		el.focus();
	}
}

function closeForms(state) {
	clear(state.arrFormBox);
	clear(state.provFormBox);
}

/*
 * Save a change of the register: change(doc) alters a copy of the register (the one read, or on
 * "overwrite" the one stored now) and the whole is PUT back under If-Match. mine/theirs name the
 * changed object for the conflict panel. → true once saved, false when the user discarded it.
 */
async function saveChange(state, host, status, change, mine, theirs) {
	const path = orgPath(state.ctx.org, 'roi');
	const r = await guardedSave(host, {
		read: path, mine, theirs, status,
		discard: () => reload(state).catch((e) => status.show(errorText(e), 'error')),
		write: (cur) => put(path, change(copy(cur ? cur.data : state.doc)), {ifMatch: cur ? cur.etag : state.etag}),
	});
	if (!r) return false;
	await reload(state);
	return true;
}

/* The form's frame: heading, fields, submit and cancel, status line; run(ui) does the save. */
function formFrame(id, title, body, submitText, run, onCancel) {
	const status = statusLine();
	status.id = id + '-status';
	const btn = h('button', {type: 'submit', id: id + '-submit'}, submitText);
	const cancel = h('button', {type: 'button', class: 'secondary', id: id + '-cancel', onclick: onCancel}, t('cancel'));
	const head = h('h3', {id: id + '-h', tabindex: '-1'}, title);
	const form = h('form', {class: 'card roi-form', id, novalidate: true, 'aria-labelledby': id + '-h'},
		head, body, h('div', {class: 'buttons'}, btn, cancel), status);
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		btn.disabled = true;
		status.show(t('saving'), 'busy');
		try {
			const msg = await run({form, status});
			if (typeof msg === 'string') status.show(msg, msg ? 'ok' : null);
		} catch (e) {
			status.show(errorText(e), 'error');
		} finally {
			btn.disabled = false;
		}
	});
	form.focusHead = () => head.focus();
	return form;
}

/* A required field left empty: the status names it and the control is focused. */
function missing(form, controls) {
	for (const el of form.querySelectorAll('[aria-invalid="true"]')) el.removeAttribute('aria-invalid');
	const w = controls.find((x) => x.spec.required && valueOf(x) === undefined);
	if (!w) return null;
	w.control.setAttribute('aria-invalid', 'true');
	w.control.focus();
	return t('roi_required', {f: w.spec.label});
}

/* ---- arrangements ---- */

const SERVICE_FIELDS = [
	['type', 'roi_service_type', 'list', 'service_type', true],
	['provision_country', 'roi_provision_country', 'list', 'country'],
	['storage', 'roi_storage', 'bool'],
	['storage_country', 'roi_storage_country', 'list', 'country'],
	['processing_country', 'roi_processing_country', 'list', 'country'],
	['sensitiveness', 'roi_sensitiveness', 'list', 'sensitiveness'],
	['reliance', 'roi_reliance', 'list', 'reliance'],
	['substitutability', 'roi_substitutability', 'list', 'substitutability'],
	['not_substitutable_reason', 'roi_not_subst_reason', 'list', 'not_substitutable_reason'],
	['last_audit', 'roi_last_audit', 'date'],
	['exit_plan', 'roi_exit_plan', 'bool'],
	['reintegration', 'roi_reintegration', 'list', 'reintegration'],
	['impact', 'roi_impact', 'list', 'impact'],
	['alternatives', 'roi_alternatives', 'list', 'assessment'],
	['alternative_providers', 'roi_alternative_providers', 'text'],
];

function openArrangementForm(state, arr) {
	closeForms(state);
	const d = state.doc;
	const orig = arr ? copy(arr) : {type: 'standalone', services: [{}]};
	const idp = 'roi-arr';
	const spec = (key, lab, kind, extra = {}) => ({key, label: t(lab), kind, ...extra});
	const providers = list(d.providers).map((p) => [p.node, providerName(state, p) + (p.code ? ' (' + p.code + ')' : '')]);
	const overarching = list(d.arrangements).filter((a) => a.type === 'overarching' && (!arr || a.ref !== arr.ref))
		.map((a) => [a.ref, a.ref]);
	const top = [
		spec('ref', 'roi_ref', 'text', {required: true}),
		spec('type', 'roi_type', 'list', {list: 'arrangement_type'}),
		spec('overarching', 'roi_overarching', 'choice', {options: overarching}),
		spec('provider', 'roi_provider', 'choice', {options: providers, required: true}),
		spec('intra_group', 'roi_intra_group', 'bool'),
		spec('start', 'roi_start', 'date'),
		spec('end', 'roi_end', 'date'),
		spec('annual_cost', 'roi_annual_cost', 'int'),
		spec('currency', 'roi_currency', 'list', {list: 'currency', emptyText: t('roi_currency_default', {c: d.currency || '–'})}),
		spec('termination_reason', 'roi_termination', 'list', {list: 'termination'}),
		spec('notice_entity_days', 'roi_notice_entity', 'int'),
		spec('notice_provider_days', 'roi_notice_provider', 'int'),
		spec('governing_law', 'roi_governing_law', 'list', {list: 'country'}),
		spec('description', 'roi_description', 'textarea'),
	].map((s) => control(state, idp, s, orig[s.key], s.key));
	const desc = top.pop();

	// the services: each a fieldset; adding or removing one draws them again from what is typed
	let services = list(orig.services).map(copy);
	const svcBox = h('div', {class: 'roi-services-edit', id: 'roi-arr-services'});
	let svcControls = [];
	const fnOptions = list(d.functions).map((f) => [f.node, f.id + ' ' + nodeName(state, f.node)]);
	const collectServices = () => svcControls.map(({orig: o, controls, checks}) => {
		const s = collect(copy(o), controls);
		const fns = checks.filter((c) => c.checked).map((c) => c.value);
		if (fns.length) s.functions = fns;
		else delete s.functions;
		return s;
	});
	const drawServices = () => {
		clear(svcBox);
		svcControls = services.map((s, i) => {
			const controls = SERVICE_FIELDS.map(([key, lab, kind, l, req]) =>
				control(state, idp, {key, label: t(lab), kind, list: l, required: !!req}, s[key], 'services[' + i + '].' + key));
			const known = new Set(fnOptions.map((o) => o[0]));
			const opts = [...fnOptions, ...list(s.functions).filter((f) => !known.has(f)).map((f) => [f, f])];
			const checks = [];
			const fs = h('fieldset', {class: 'sub roi-fns', dataset: {path: 'services[' + i + '].functions'}},
				h('legend', null, t('roi_service_functions')),
				opts.map(([node, text]) => {
					const id = idp + '-services-' + i + '-fn-' + node.replace(/[^a-z0-9_]+/gi, '-');
					const cb = h('input', {type: 'checkbox', id, name: 'services[' + i + '].functions', value: node,
						checked: list(s.functions).includes(node)});
					checks.push(cb);
					return h('span', {class: 'radio'}, cb, h('label', {for: id}, text));
				}));
			const n = i + 1;
			const remove = h('button', {type: 'button', class: 'small secondary', id: idp + '-services-' + i + '-remove',
				onclick: () => {
					services = collectServices();
					services.splice(i, 1);
					drawServices();
					document.getElementById('roi-arr-add-service').focus();
				}}, t('roi_remove_service', {n}));
			svcBox.append(h('fieldset', {class: 'roi-service', dataset: {index: String(i)}},
				h('legend', null, t('roi_service_n', {n})), h('div', {class: 'grid'}, controls), fs, h('p', {class: 'buttons'}, remove)));
			return {orig: s, controls, checks};
		});
	};
	drawServices();
	const addSvc = h('button', {type: 'button', class: 'secondary', id: 'roi-arr-add-service', onclick: () => {
		services = collectServices();
		services.push({});
		drawServices();
		const sel = document.getElementById(idp + '-services-' + (services.length - 1) + '-type');
		if (sel) sel.focus();
	}}, t('roi_add_service'));

	const body = [h('div', {class: 'grid'}, top), desc,
		h('fieldset', null, h('legend', null, t('roi_services')), svcBox, h('p', {class: 'buttons'}, addSvc))];
	const oldRef = arr ? arr.ref : null;
	const form = formFrame('roi-arrangement-form', arr ? t('roi_arrangement_form_edit', {ref: arr.ref}) : t('roi_arrangement_form_new'),
		body, t('roi_save_arrangement'), async ({form: f, status}) => {
			const miss = missing(f, [...top, ...svcControls.flatMap((s) => s.controls)]);
			if (miss) return miss;
			const a = collect(copy(orig), [...top, desc]);
			a.services = collectServices();
			if (!a.services.length) delete a.services;
			if (a.ref !== oldRef && list(state.doc.arrangements).some((x) => x.ref === a.ref)) {
				top[0].control.setAttribute('aria-invalid', 'true');
				top[0].control.focus();
				return t('roi_ref_taken', {ref: a.ref});
			}
			let index = -1;
			const change = (doc) => {
				const arrs = list(doc.arrangements).slice();
				const at = oldRef ? arrs.findIndex((x) => x.ref === oldRef) : -1;
				if (at >= 0) arrs[at] = a;
				else arrs.push(a);
				index = at >= 0 ? at : arrs.length - 1;
				doc.arrangements = arrs;
				return doc;
			};
			let ok;
			try {
				ok = await saveChange(state, f, status, change, a,
					(stored) => list(stored.arrangements).find((x) => x.ref === (oldRef || a.ref)) || {});
			} catch (e) {
				markField(f, e, 'arrangements[' + index + '].');
				throw e;
			}
			if (!ok) return null;
			// the tables were drawn again: the form closes and the row says it is saved
			announce(state, t('roi_saved_arrangement', {ref: a.ref}), 'roi-arrangement-table', 'tr[data-ref="' + cssq(a.ref) + '"]');
			return null;
		}, () => {
			closeForms(state);
			const b = document.getElementById('roi-add-arrangement');
			if (b) b.focus();
		});
	state.arrFormBox.append(form);
	form.scrollIntoView({block: 'nearest'});
	form.focusHead();
}

async function deleteArrangement(state, a) {
	if (!window.confirm(t('roi_delete_confirm', {x: a.ref}))) return;
	closeForms(state);
	const status = statusLine();
	status.id = 'roi-delete-status';
	state.arrFormBox.append(status);
	try {
		const ok = await saveChange(state, state.arrFormBox, status,
			(doc) => ({...doc, arrangements: list(doc.arrangements).filter((x) => x.ref !== a.ref)}),
			a, (stored) => list(stored.arrangements).find((x) => x.ref === a.ref) || {});
		if (ok) announce(state, t('roi_deleted', {x: a.ref}), 'roi-arrangement-table');
	} catch (e) {
		status.show(errorText(e), 'error');
	}
}

/* ---- providers ---- */

function openProviderForm(state, prov) {
	closeForms(state);
	const d = state.doc;
	const orig = prov ? copy(prov) : {code_type: 'lei', person_type: 'legal', country: d.country || undefined};
	const idp = 'roi-prov';
	const taken = new Set(list(d.providers).map((p) => p.node));
	const suppliers = [...state.nodes.values()].filter((n) => n.kind === 'supplier' && (!taken.has(n.id) || (prov && prov.node === n.id)))
		.sort((a, b) => String(a.name || a.id).localeCompare(String(b.name || b.id), 'da'))
		.map((n) => [n.id, (n.name || n.id) + ' (' + n.id + ')']);
	const spec = (key, lab, kind, extra = {}) => ({key, label: t(lab), kind, ...extra});
	const controls = [
		spec('node', 'roi_supplier_node', 'choice', {options: suppliers, required: true, hint: t('roi_supplier_node_hint')}),
		spec('legal_name', 'roi_legal_name', 'text', {hint: t('roi_legal_name_hint')}),
		spec('code', 'roi_code', 'text', {required: true}),
		spec('code_type', 'roi_code_type', 'list', {list: 'code_type', required: true}),
		spec('person_type', 'roi_person_type', 'list', {list: 'person_type'}),
		spec('country', 'roi_country', 'list', {list: 'country'}),
		spec('currency', 'roi_currency', 'list', {list: 'currency', emptyText: t('roi_currency_default', {c: d.currency || '–'})}),
		spec('parent_code', 'roi_parent_code', 'text'),
		spec('parent_code_type', 'roi_parent_code_type', 'list', {list: 'code_type'}),
	].map((s) => control(state, idp, s, orig[s.key], s.key));
	const body = [h('div', {class: 'grid'}, controls),
		!suppliers.length ? h('p', {class: 'notice', id: 'roi-no-suppliers'}, t('roi_no_supplier_nodes')) : null];
	const oldNode = prov ? prov.node : null;
	const form = formFrame('roi-provider-form', prov ? t('roi_provider_form_edit', {name: providerName(state, prov)}) : t('roi_provider_form_new'),
		body, t('roi_save_provider'), async ({form: f, status}) => {
			const miss = missing(f, controls);
			if (miss) return miss;
			const p = collect(copy(orig), controls);
			let index = -1;
			const change = (doc) => {
				const ps = list(doc.providers).slice();
				const at = oldNode ? ps.findIndex((x) => x.node === oldNode) : -1;
				if (at >= 0) ps[at] = p;
				else ps.push(p);
				index = at >= 0 ? at : ps.length - 1;
				doc.providers = ps;
				// the arrangements follow their provider to its new node
				if (oldNode && p.node !== oldNode) {
					doc.arrangements = list(doc.arrangements).map((a) => (a.provider === oldNode ? {...a, provider: p.node} : a));
				}
				return doc;
			};
			let ok;
			try {
				ok = await saveChange(state, f, status, change, p,
					(stored) => list(stored.providers).find((x) => x.node === (oldNode || p.node)) || {});
			} catch (e) {
				markField(f, e, 'providers[' + index + '].');
				throw e;
			}
			if (!ok) return null;
			announce(state, t('roi_saved_provider', {name: providerName(state, p)}), 'roi-provider-table', 'tr[data-node="' + cssq(p.node) + '"]');
			return null;
		}, () => {
			closeForms(state);
			const b = document.getElementById('roi-add-provider');
			if (b) b.focus();
		});
	state.provFormBox.append(form);
	form.scrollIntoView({block: 'nearest'});
	form.focusHead();
}

async function deleteProvider(state, p) {
	const name = providerName(state, p);
	const refs = list(state.doc.arrangements).filter((a) => a.provider === p.node).map((a) => a.ref);
	const q = refs.length ? t('roi_delete_provider_used', {x: name, refs: refs.join(', ')}) : t('roi_delete_confirm', {x: name});
	if (!window.confirm(q)) return;
	closeForms(state);
	const status = statusLine();
	status.id = 'roi-delete-status';
	state.provFormBox.append(status);
	try {
		const ok = await saveChange(state, state.provFormBox, status,
			(doc) => ({...doc, providers: list(doc.providers).filter((x) => x.node !== p.node)}),
			p, (stored) => list(stored.providers).find((x) => x.node === p.node) || {});
		if (ok) announce(state, t('roi_deleted', {x: name}), 'roi-provider-table');
	} catch (e) {
		status.show(errorText(e), 'error');
	}
}

const cssq = (s) => String(s).replace(/["\\]/g, '\\$&');

/* After a save the tables are new: a status line under the table says what happened, the row gets focus. */
function announce(state, msg, tableId, rowSel) {
	const table = document.getElementById(tableId);
	const sec = table ? table.closest('section') : state.tablesBox;
	const status = statusLine();
	status.id = 'roi-saved-status';
	document.getElementById('roi-saved-status')?.remove();
	status.show(msg, 'ok');
	const row = table && rowSel ? table.querySelector(rowSel) : null;
	if (row) row.classList.add('focus');
	const host = sec || state.tablesBox;
	const buttons = host.querySelector('.buttons');
	if (buttons) buttons.before(status);
	else host.append(status);
	const b = row ? row.querySelector('button[data-action="edit"]') : null;
	if (b) b.focus();
}

/* ---- import (admin) ---- */

function importSection(state) {
	const file = field(t('roi_import_file'), 'input', {type: 'file', id: 'roi-import-file', name: 'package', accept: '.zip,application/zip'});
	const btn = h('button', {type: 'submit', id: 'roi-import-run', class: 'secondary'}, t('roi_import_run'));
	const status = statusLine();
	status.id = 'roi-import-status';
	const result = h('div', {id: 'roi-import-result', 'aria-live': 'polite'});
	const form = h('form', {id: 'roi-import-form', novalidate: true}, h('p', {class: 'hint'}, t('roi_import_hint')),
		h('div', {class: 'grid'}, file), h('div', {class: 'buttons'}, btn), status, result);
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		clear(result);
		const f = file.control.files && file.control.files[0];
		if (!f) {
			status.show(t('roi_import_pick'), 'error');
			file.control.focus();
			return;
		}
		if (!window.confirm(t('roi_import_confirm'))) return;
		btn.disabled = true;
		status.show(t('roi_importing'), 'busy');
		try {
			const r = await request('POST', orgPath(state.ctx.org, 'roi', 'import'), f, {contentType: 'application/zip'});
			status.show(t('roi_imported', {package: r.package || f.name, p: r.providers ?? 0, f: r.functions ?? 0,
				a: r.arrangements ?? 0, n: r.nodes_added ?? 0, e: r.edges_added ?? 0}), 'ok');
			file.control.value = '';
			await reload(state);
		} catch (e) {
			status.show(t('roi_import_failed') + ': ' + (e.message || String(e)), 'error');
			// the server names the first violation as "B_05.01 row 3 c0020"
			const m = e.field ? /^(\S+) row (\d+) (\S+)$/.exec(e.field) : null;
			if (m) {
				result.append(tableWrap(h('table', {class: 'data compact', id: 'roi-import-error'},
					h('caption', {class: 'sr-only'}, t('roi_violations')),
					h('thead', null, h('tr', null, ['roi_v_table', 'roi_v_row', 'roi_v_column'].map((k) => h('th', {scope: 'col'}, t(k))))),
					h('tbody', null, h('tr', {dataset: {table: m[1], row: m[2], column: m[3]}},
						h('td', null, m[1]), h('td', {class: 'num'}, m[2]), h('td', null, h('code', null, m[3]))))), t('roi_violations')));
			} else if (e.field) {
				result.append(h('p', {class: 'error'}, t('field') + ': ' + e.field));
			}
		} finally {
			btn.disabled = false;
		}
	});
	return h('section', {class: 'card', id: 'roi-import', 'aria-labelledby': 'roi-import-h'},
		h('h2', {id: 'roi-import-h'}, t('roi_import_h')), form);
}
