// The organisation picker: the session's memberships (with names from GET /orgs), and for a
// system administrator a form to create an organisation (POST /orgs; the creator becomes its
// admin).

import {get, post, items, loadSession} from './api.js';
import {t, term, termKeys, LEVELS, levelText} from './i18n.js';
import {h, field, statusLine, errorText, pageTitle, tableWrap} from './dom.js';

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

	if (s.user && (s.user.admin || !ms.length)) view.append(createForm(ctx));
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
