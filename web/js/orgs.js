// The organisation picker: the session's memberships (with names from GET /orgs), and for a
// system administrator a form to create an organisation (POST /orgs; the creator becomes its
// admin). An organisation's admin edits its settings here (reporting, webhooks, single sign-on); a
// system administrator also downloads the audit log for a SIEM (integrations.js).

import {get, post, patch, items, loadSession, orgPath, getWithEtag} from './api.js';
import {t, term, termKeys, LEVELS, levelText} from './i18n.js';
import {h, field, statusLine, errorText, pageTitle, tableWrap} from './dom.js';
import {webhooksPanel} from './webhooks.js';
import {ssoPanel, auditExport} from './integrations.js';

export async function render(view, ctx) {
	view.append(pageTitle(t('orgs_title')));
	const s = ctx.session;
	const ms = s.memberships || [];
	let known = [];
	try {
		known = items(await get('/orgs?limit=1000'));
	} catch (_) { /* the memberships alone will do */ }
	const byId = new Map(known.map((o) => [o.id, o]));

	if (!ms.length) {
		view.append(h('p', {class: 'empty'}, t('orgs_none')));
	} else {
		const tbody = h('tbody');
		for (const m of ms) {
			const o = byId.get(m.org) || {};
			const btn = h('button', {
				type: 'button', class: 'link-button', dataset: {org: m.org},
				onclick: () => {
					ctx.chooseOrg(m.org);
					ctx.navigate('/dashboard');
				},
			}, m.name || o.name || m.org);
			if (m.org === ctx.org) btn.setAttribute('aria-current', 'true');
			tbody.append(h('tr', null,
				h('td', null, btn),
				h('td', null, h('code', null, m.org)),
				h('td', null, term('org_kind', o.kind)),
				h('td', null, term('role', m.role))));
		}
		view.append(tableWrap(h('table', {class: 'data', id: 'org-table'},
			h('thead', null, h('tr', null,
				h('th', {scope: 'col'}, t('org_name')), h('th', {scope: 'col'}, t('org_id')),
				h('th', {scope: 'col'}, t('org_kind')), h('th', {scope: 'col'}, t('role')))),
			tbody), t('orgs_title')));
	}

	if (ctx.org && ctx.role === 'admin') view.append(await reportingForm(ctx), await webhooksPanel(ctx));
	// its admin or a system administrator may require single sign-on
	if (ctx.org && (ctx.role === 'admin' || (s.user && s.user.admin))) view.append(await ssoPanel(ctx));
	if (s.user && s.user.admin) view.append(auditExport());
	if (s.user && (s.user.admin || !ms.length)) view.append(createForm(ctx));
}

/*
 * What the regulators' forms ask of the organisation itself (issue 14): the LEI (ISO 17442 check
 * digits, checked by the server), the competent authority's code (DORA field 3.1), the primary and
 * secondary contact (fields 1.7-1.12), and the DORA settings of 2025/301 art. 5(6) and DORA
 * art. 16(1). Saved with PATCH under If-Match.
 */
async function reportingForm(ctx) {
	let org = {};
	let etag = null;
	try {
		const r = await getWithEtag(orgPath(ctx.org));
		org = r.data || {};
		etag = r.etag;
	} catch (_) { /* the form stays empty; saving will say why */ }
	const ent = org.entity || {};
	const contacts = org.contacts || [];
	const c1 = contacts.find((c) => c.role === 'primary') || {};
	const c2 = contacts.find((c) => c.role === 'secondary') || {};
	const lei = field(t('org_lei'), 'input', {name: 'lei', id: 'org-lei', value: org.lei || '', maxlength: 20,
		pattern: '[A-Z0-9]{18}[0-9]{2}', autocomplete: 'off'});
	const ca = field(t('org_competent_authority'), 'input', {name: 'competent_authority', id: 'org-ca',
		value: org.competent_authority || '', placeholder: 'DK_FSA', autocomplete: 'off'});
	const contact = (prefix, c) => [
		field(t('contact_name'), 'input', {name: prefix + '_name', id: 'org-' + prefix + '-name', value: c.name || ''}),
		field(t('contact_email'), 'input', {name: prefix + '_email', id: 'org-' + prefix + '-email', type: 'email', value: c.email || ''}),
		field(t('contact_phone'), 'input', {name: prefix + '_phone', id: 'org-' + prefix + '-phone', type: 'tel', value: c.phone || '',
			placeholder: '+45 …'}),
	];
	const p1 = contact('primary', c1);
	const p2 = contact('secondary', c2);
	const withdrawn = field(t('org_relief_withdrawn'), 'input', {name: 'dora_relief_withdrawn', id: 'org-relief-withdrawn',
		type: 'checkbox', checked: !!ent.dora_relief_withdrawn});
	const simplified = field(t('org_simplified'), 'input', {name: 'dora_simplified_framework', id: 'org-simplified',
		type: 'checkbox', checked: !!ent.dora_simplified_framework});
	const status = statusLine();
	const btn = h('button', {type: 'submit', id: 'org-reporting-save'}, t('save'));
	const form = h('form', {class: 'card', id: 'org-reporting', novalidate: true},
		h('h2', null, t('org_reporting_title')),
		h('div', {class: 'grid'}, lei, ca),
		h('h3', null, t('contact_primary')), h('div', {class: 'grid'}, ...p1),
		h('h3', null, t('contact_secondary')), h('div', {class: 'grid'}, ...p2),
		withdrawn, simplified, btn, status);
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		const person = (role, [n, e, ph]) => {
			const o = {role, email: e.control.value.trim()};
			if (n.control.value.trim()) o.name = n.control.value.trim();
			if (ph.control.value.trim()) o.phone = ph.control.value.trim();
			return o;
		};
		const list = [];
		if (p1[1].control.value.trim()) list.push(person('primary', p1));
		if (p2[1].control.value.trim()) list.push(person('secondary', p2));
		const body = {
			lei: lei.control.value.trim() || null,
			competent_authority: ca.control.value.trim() || null,
			contacts: list.length ? list : null,
			entity: {dora_relief_withdrawn: withdrawn.control.checked, dora_simplified_framework: simplified.control.checked},
		};
		btn.disabled = true;
		status.show(t('saving'), 'busy');
		try {
			await patch(orgPath(ctx.org), body, etag ? {ifMatch: etag} : {});
			const r = await getWithEtag(orgPath(ctx.org));
			etag = r.etag;
			status.show(t('saved'), 'ok');
		} catch (e) {
			status.show(errorText(e), 'error');
		} finally {
			btn.disabled = false;
		}
	});
	return form;
}

function createForm(ctx) {
	const id = field(t('org_id'), 'input', {name: 'id', required: true, pattern: '[a-z0-9][a-z0-9._-]*', autocomplete: 'off'});
	const name = field(t('org_name'), 'input', {name: 'name', required: true});
	const kind = field(t('org_kind'), 'select', {name: 'kind'}, termKeys('org_kind').map((k) => [k, term('org_kind', k)]));
	const nis2 = field(t('org_nis2'), 'select', {name: 'nis2', value: 'none'}, termKeys('nis2').map((k) => [k, term('nis2', k)]));
	const dora = field(t('org_dora'), 'select', {name: 'dora'},
		[['', t('not_dora')], ...termKeys('dora_type').map((k) => [k, term('dora_type', k)])]);
	const psd2 = field(t('org_psd2'), 'input', {name: 'psd2_psp', type: 'checkbox'});
	const appetite = field(t('org_appetite'), 'select', {name: 'risk_appetite', value: 'Medium'},
		LEVELS.map((l) => [l, levelText(l)]));
	const status = statusLine();
	const btn = h('button', {type: 'submit', id: 'org-create'}, t('org_create_button'));
	const form = h('form', {class: 'card', id: 'org-form', novalidate: true},
		h('h2', null, t('org_create_title')),
		h('div', {class: 'grid'}, id, name, kind, nis2, dora, appetite), psd2, btn, status);
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		const body = {
			id: id.control.value.trim(),
			name: name.control.value.trim(),
			kind: kind.control.value,
			entity: {
				nis2: nis2.control.value,
				dora: dora.control.value || false,
				psd2_psp: psd2.control.checked,
			},
			risk_appetite: appetite.control.value,
		};
		btn.disabled = true;
		status.show(t('saving'), 'busy');
		try {
			const o = await post('/orgs', body);
			await loadSession();
			ctx.chooseOrg((o && o.id) || body.id);
			ctx.navigate('/dashboard');
		} catch (e) {
			status.show(errorText(e), 'error');
		} finally {
			btn.disabled = false;
		}
	});
	return form;
}
