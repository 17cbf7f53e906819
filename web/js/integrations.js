// The integrations of issue 18 in the UI, each where it is used:
//   forumExport   the forum page: what the organisation may see of the forum as a STIX 2.1 bundle
//                 or a MISP event (GET …/forums/{forum}/export?format=stix|misp; docs/forum.md
//                 "Sharing out"), links the browser downloads with the session
//   ssoPanel      the organisation's settings: require single sign-on (PATCH /orgs/{org}
//                 {"require_sso"}; docs/sso.md "Requiring single sign-on")

import {get, patch, orgPath, query, downloadHref} from './api.js';
import {t} from './i18n.js';
import {h, field, statusLine, submitting} from './dom.js';

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
