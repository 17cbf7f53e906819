// The organisation's webhooks (docs/webhooks.md), a panel of its settings page for its admins:
// the endpoints with their last deliveries (GET /orgs/{org}/webhooks), a form to add one
// (POST: the secret is shown once, here), a ping and removal. The same panel on the forum's
// crisis tab keeps the forum's endpoints (/orgs/{org}/forums/{forum}/webhooks: the crisis
// events) for the admins of its secretariat.

import {get, post, del, orgPath} from './api.js';
import {t} from './i18n.js';
import {h, field, statusLine, errorText, fmtInstant, tableWrap, submitting} from './dom.js';

const EVENTS = ['incident.created', 'incident.classified', 'deadline.due_soon', 'deadline.overdue', 'risk.above_appetite',
	'treatment.overdue'];
const FORUM_EVENTS = ['crisis.opened', 'crisis.closed', 'crisis.report_late'];
const CEILINGS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'];
const evText = (e) => t('wh_ev_' + e.replace('.', '_'));

function lastDeliveries(hook) {
	const ds = hook.last_deliveries || [];
	if (!ds.length) return t('wh_no_deliveries');
	return h('ul', {class: 'plain'}, ...ds.map((d) => {
		const last = (d.tries || [])[(d.tries || []).length - 1];
		const code = last && last.http_code ? ' · HTTP ' + last.http_code : '';
		const err = last && last.error ? ' · ' + last.error : '';
		return h('li', null, fmtInstant(d.occurred_at) + ' ', h('code', null, d.event), ': ',
			t('wh_st_' + d.status) + code + err);
	}));
}

/* The panel of the organisation's endpoints, or with forum those of the forum it is the secretariat of. */
export async function webhooksPanel(ctx, forum = null) {
	const card = h('section', {class: 'card', id: forum ? 'forum-webhooks' : 'org-webhooks', 'aria-labelledby': 'wh-h'},
		h('h2', {id: 'wh-h'}, t(forum ? 'wh_forum_title' : 'wh_title')), h('p', {class: 'hint'}, t(forum ? 'wh_forum_intro' : 'wh_intro')));
	const list = h('div');
	const status = statusLine();
	status.id = 'wh-status';
	card.append(list, status);
	const base = forum ? orgPath(ctx.org, 'forums', forum, 'webhooks') : orgPath(ctx.org, 'webhooks');

	async function load() {
		list.replaceChildren();
		let hooks = [];
		try {
			hooks = (await get(base)).webhooks || [];
		} catch (e) {
			status.show(errorText(e), 'error');
			return;
		}
		if (!hooks.length) {
			list.append(h('p', {class: 'empty'}, t('wh_none')));
			return;
		}
		const tbody = h('tbody');
		for (const w of hooks) {
			const ping = h('button', {type: 'button', class: 'secondary', dataset: {hook: w.id}}, t('wh_test'));
			ping.addEventListener('click', () => submitting(ping, status, async () => {
				const r = await post(base + '/' + encodeURIComponent(w.id) + '/test');
				const last = ((r.delivery || {}).tries || []).slice(-1)[0] || {};
				await load();
				return r.delivered ? t('wh_test_ok') : t('wh_test_failed', {error: last.error || ''});
			}));
			const rm = h('button', {type: 'button', class: 'danger', dataset: {hook: w.id}}, t('wh_remove'));
			rm.addEventListener('click', () => {
				if (!confirm(t('wh_remove_confirm', {id: w.id}))) return;
				submitting(rm, status, async () => {
					await del(base + '/' + encodeURIComponent(w.id));
					await load();
					return '';
				});
			});
			tbody.append(h('tr', {dataset: {hook: w.id}},
				h('td', null, h('code', null, w.id)),
				h('td', null, h('code', null, w.url)),
				h('td', null, (w.events || []).map(evText).join(', ')),
				h('td', null, 'TLP:' + w.tlp),
				h('td', null, w.enabled ? '✓' : '–'),
				h('td', null, lastDeliveries(w)),
				h('td', null, ping, ' ', rm)));
		}
		list.append(tableWrap(h('table', {class: 'data', id: 'webhook-table'},
			h('thead', null, h('tr', null, ...['wh_id', 'wh_url', 'wh_events', 'wh_tlp', 'wh_enabled', 'wh_last']
				.map((k) => h('th', {scope: 'col'}, t(k))), h('th', {scope: 'col'}, h('span', {class: 'sr-only'}, t('wh_remove'))))),
			tbody), t('wh_title')));
	}

	card.append(addForm(base, forum ? FORUM_EVENTS : EVENTS, load));
	await load();
	return card;
}

function addForm(base, events, reload) {
	const url = field(t('wh_url'), 'input', {name: 'url', id: 'wh-url', type: 'url', required: true,
		placeholder: 'https://…', autocomplete: 'off'});
	const tlp = field(t('wh_tlp'), 'select', {name: 'tlp', id: 'wh-tlp', value: 'AMBER+STRICT'},
		CEILINGS.map((c) => [c, 'TLP:' + c]));
	const boxes = events.map((e) => field(evText(e), 'input', {name: 'event', value: e, type: 'checkbox',
		id: 'wh-ev-' + e.replace('.', '-'), checked: e.startsWith('incident.') || e.startsWith('crisis.')}));
	const status = statusLine();
	status.id = 'wh-form-status';
	const secret = h('div', {id: 'wh-secret', 'aria-live': 'polite'});
	const btn = h('button', {type: 'submit', id: 'wh-add'}, t('wh_add'));
	const form = h('form', {id: 'wh-form', novalidate: true},
		h('h3', null, t('wh_add_title')),
		h('div', {class: 'grid'}, url, tlp),
		h('fieldset', null, h('legend', null, t('wh_events')), ...boxes),
		btn, status, secret);
	form.addEventListener('submit', (ev) => {
		ev.preventDefault();
		const events = boxes.filter((b) => b.control.checked).map((b) => b.control.value);
		if (!events.length) {
			status.show(t('wh_pick_event'), 'error');
			return;
		}
		submitting(btn, status, async () => {
			secret.replaceChildren();
			const r = await post(base, {url: url.control.value.trim(), events, tlp: tlp.control.value});
			secret.append(h('p', {class: 'notice'}, t('wh_secret')), h('pre', null, h('code', null, r.secret)));
			url.control.value = '';
			await reload();
			return '';
		});
	});
	return form;
}
