// The integrations of issue 18 in the UI, each where it is used:
//   forumExport   the forum page: what the organisation may see of the forum as a STIX 2.1 bundle
//                 or a MISP event (GET …/forums/{forum}/export?format=stix|misp; docs/forum.md
//                 "Sharing out"), links the browser downloads with the session
//   ssoPanel      the organisation's settings: require single sign-on (PATCH /orgs/{org}
//                 {"require_sso"}; docs/sso.md "Requiring single sign-on")
//   kitosPanel    the map page: a KITOS export read from a file, compared (?dry_run=true) and
//                 imported (POST /orgs/{org}/import/kitos; docs/kitos.md), the summary listed
//   auditExport   the organisations page of a system administrator: the audit log for a SIEM
//                 (GET /audit/export?since=&until=&format=jsonl|cef; docs/operations.md "SIEM")

import {get, patch, post, orgPath, query, downloadHref} from './api.js';
import {t, term} from './i18n.js';
import {h, field, statusLine, submitting, todayISO} from './dom.js';

/* The forum's export for the acting organisation: two download links. */
export function forumExport(f) {
	const href = (format) => downloadHref(f.base('export')) + query({format});
	return h('section', {class: 'card no-print', id: 'forum-export', 'aria-labelledby': 'forum-export-h'},
		h('h2', {id: 'forum-export-h'}, t('fx_title')),
		h('p', {class: 'hint'}, t('fx_hint')),
		h('p', {class: 'downloads'},
			h('a', {class: 'button secondary', id: 'forum-export-stix', download: '', href: href('stix')}, t('fx_stix')), ' ',
			h('a', {class: 'button secondary', id: 'forum-export-misp', download: '', href: href('misp')}, t('fx_misp'))));
}

/* Requiring single sign-on: a checkbox saved as it changes, showing the organisation's current value. */
export async function ssoPanel(ctx) {
	let org = {};
	try {
		org = (await get(orgPath(ctx.org))) || {};
	} catch (_) { /* unchecked; saving will say why */ }
	const box = field(t('sso_require'), 'input', {name: 'require_sso', id: 'org-require-sso', type: 'checkbox',
		checked: !!org.require_sso}, null, t('sso_require_hint'));
	const status = statusLine();
	status.id = 'org-sso-status';
	box.control.addEventListener('change', () => {
		const on = box.control.checked;
		if (on && !confirm(t('sso_confirm'))) {
			box.control.checked = false;
			return;
		}
		submitting(box.control, status, async () => {
			try {
				const r = await patch(orgPath(ctx.org), {require_sso: on});
				box.control.checked = !!(r && 'require_sso' in r ? r.require_sso : on);
			} catch (e) {
				box.control.checked = !on;
				throw e;
			}
			return t(on ? 'sso_on' : 'sso_off');
		});
	});
	return h('section', {class: 'card', id: 'org-sso', 'aria-labelledby': 'org-sso-h'},
		h('h2', {id: 'org-sso-h'}, t('sso_title')), box, status);
}

function summaryList(id, title, rows) {
	if (!rows.length) return null;
	return h('div', {id}, h('h3', null, title + ' (' + rows.length + ')'), h('ul', {class: 'plain'}, ...rows.map((r) => h('li', null, ...r))));
}

/* The import's answer: counts, then what was (or would be) created, changed, linked and left. */
function summary(r) {
	const created = r.created || [], updated = r.updated || [], edges = r.edges_added || [], gone = r.not_in_kitos || [];
	return h('div', {id: 'kitos-result', dataset: {dryRun: r.dry_run ? '1' : '0'}},
		h('p', {class: r.dry_run ? 'notice' : 'ok'}, t(r.dry_run ? 'kitos_dry_done' : 'kitos_done'), ' ',
			t('kitos_summary', {systems: r.systems ?? 0, suppliers: r.suppliers ?? 0, created: created.length,
				updated: updated.length, unchanged: r.unchanged ?? 0, edges: edges.length})),
		summaryList('kitos-created', t('kitos_created'), created.map((n) => [h('code', null, n.id), ' ', n.name || '', ' · ',
			term('node_kind', n.kind)])),
		summaryList('kitos-updated', t('kitos_updated'), updated.map((n) => [h('code', null, n.id), ' ', n.name || '', ' · ',
			t('kitos_fields') + ': ' + (n.fields || []).join(', ')])),
		summaryList('kitos-edges', t('kitos_edges'), edges.map((e) => [h('code', null, e.from), ' → ', h('code', null, e.to), ' · ',
			term('edge_type', e.type)])),
		summaryList('kitos-not-in', t('kitos_not_in'), gone.map((n) => [h('code', null, n.id), ' ', n.name || ''])));
}

/* The KITOS import for those who may change the map; done() runs after an import that wrote. */
export function kitosPanel(ctx, done) {
	const file = field(t('kitos_file'), 'input', {name: 'kitos', id: 'kitos-file', type: 'file', accept: '.json,application/json'});
	const status = statusLine();
	status.id = 'kitos-status';
	const out = h('div', {'aria-live': 'polite'});
	const run = (btn, dry) => {
		const f = file.control.files && file.control.files[0];
		if (!f) {
			status.show(t('kitos_pick_file'), 'error');
			return;
		}
		submitting(btn, status, async () => {
			out.replaceChildren();
			const r = await post(orgPath(ctx.org, 'import', 'kitos') + (dry ? query({dry_run: 'true'}) : ''), f,
				{contentType: 'application/json'});
			out.replaceChildren(summary(r));
			const wrote = !dry && ((r.created || []).length || (r.updated || []).length || (r.edges_added || []).length);
			if (wrote && done) await done();
			return '';
		}, t(dry ? 'kitos_checking' : 'kitos_importing'));
	};
	const dryBtn = h('button', {type: 'button', class: 'secondary', id: 'kitos-dry'}, t('kitos_dry'));
	const goBtn = h('button', {type: 'button', id: 'kitos-import'}, t('kitos_import'));
	dryBtn.addEventListener('click', () => run(dryBtn, true));
	goBtn.addEventListener('click', () => run(goBtn, false));
	return h('section', {class: 'card', id: 'kitos-panel', 'aria-labelledby': 'kitos-h'},
		h('h2', {id: 'kitos-h'}, t('kitos_title')), h('p', {class: 'hint'}, t('kitos_hint')),
		file, h('p', null, dryBtn, ' ', goBtn), status, out);
}

/* The audit log's export for a SIEM: from (and until) a date, a format, and a link the browser downloads with the session. */
export function auditExport() {
	const month = new Date(Date.now() - 30 * 86400000).toISOString().slice(0, 10); // a month back
	const since = field(t('audit_since'), 'input', {name: 'since', id: 'audit-since', type: 'date', required: true, value: month});
	const until = field(t('audit_until'), 'input', {name: 'until', id: 'audit-until', type: 'date', value: ''});
	const format = field(t('audit_format'), 'select', {name: 'format', id: 'audit-format', value: 'jsonl'},
		[['jsonl', t('audit_jsonl')], ['cef', t('audit_cef')]]);
	const link = h('a', {class: 'button', id: 'audit-export', download: ''}, t('download'));
	const update = () => {
		link.href = downloadHref('/audit/export') + query({since: since.control.value || todayISO(), until: until.control.value,
			format: format.control.value});
	};
	for (const c of [since, until, format]) c.control.addEventListener('change', update);
	for (const c of [since, until]) c.control.addEventListener('input', update);
	update();
	return h('section', {class: 'card', id: 'audit-export-panel', 'aria-labelledby': 'audit-export-h'},
		h('h2', {id: 'audit-export-h'}, t('audit_export_title')), h('p', {class: 'hint'}, t('audit_export_hint')),
		h('div', {class: 'grid'}, since, until, format), link);
}
