// The sector forum's sharing tab (docs/forum.md "Sharing and TLP 2.0"): what the acting
// organisation shares with the forum and under which TLP 2.0 label, and the form to share more —
// its dependency map by rule (all nodes, the critical functions and everything they depend on,
// node kinds) or one node or incident at a time, or WITHHOLD one node from a rule — and its DORA
// register of information, whole (kind "roi": no target, no filter; docs/forum.md "The sector's
// providers from the registers of information"). The server enforces every label on every read;
// AMBER needs recipient organisations, RED named users.

import {get, post, del, orgPath, getAll} from './api.js';
import {t, term, termKeys} from './i18n.js';
import {h, field, statusLine, submitting, errorText, errorBox, fmtInstant, uid} from './dom.js';
import {section, table, tlpBadge, TLPS, settle} from './forum_common.js';

export async function render(view, f) {
	const org = f.ctx.org;
	const [shares, members, nodes, incidents] = await settle([
		get(f.base('shares')),
		get(f.base('members')),
		getAll(orgPath(org, 'nodes'), 5000),
		getAll(orgPath(org, 'incidents'), 2000),
	]);
	const listEl = h('div', {id: 'share-list'});
	const refresh = async () => {
		try {
			listEl.replaceChildren(sharesTable(f, await get(f.base('shares')), refresh));
		} catch (e) {
			listEl.replaceChildren(errorBox(e));
		}
	};
	if (shares.status === 'rejected') listEl.append(errorBox(shares.reason));
	else listEl.append(sharesTable(f, shares.value, refresh));
	// who an AMBER share can go to: the secretariat and the other active members
	const others = [];
	if (f.forum.secretariat && f.forum.secretariat !== org) others.push(f.forum.secretariat);
	if (members.status === 'fulfilled') {
		for (const m of (Array.isArray(members.value) ? members.value : [])) {
			if (m.org !== org && !others.includes(m.org) && (!m.status || m.status === 'active')) others.push(m.org);
		}
	}
	view.append(section('forum-shares', t('fs_shares'), h('p', {class: 'hint'}, t('fs_shares_hint')), listEl));
	view.append(section('forum-share-new', t('fs_new'),
		shareForm(f, others, nodes.status === 'fulfilled' ? nodes.value : [],
			incidents.status === 'fulfilled' ? incidents.value : [], refresh)));
}

/* ---- what is shared ------------------------------------------------------------------------- */

function scopeText(s) {
	if (s.kind === 'roi') return t('fs_scope_roi');
	if (s.target) return t('fs_scope_one', {id: s.target});
	const fl = s.filter || {};
	const parts = [];
	if (fl.critical_only) parts.push(t('fs_scope_critical'));
	if (Array.isArray(fl.kinds) && fl.kinds.length) parts.push(t('fs_scope_kinds') + ': ' + fl.kinds.map((k) => term('node_kind', k)).join(', '));
	return parts.length ? parts.join(' · ') : t('fs_scope_all');
}

function sharesTable(f, answer, refresh) {
	const list = Array.isArray(answer) ? answer : [];
	if (!list.length) return h('p', {class: 'empty', id: 'share-none'}, t('fs_none'));
	const rows = list.map((s) => {
		const status = statusLine();
		const btn = h('button', {type: 'button', class: 'secondary small', dataset: {unshare: s.id}}, t('fs_unshare'));
		btn.addEventListener('click', async () => {
			if (!window.confirm(t('fs_unshare_confirm'))) return;
			btn.disabled = true;
			try {
				// no If-Match: a share is never changed, only made and removed (docs/api.md,
				// "Concurrent edits"); one removed meanwhile answers 404
				await del(f.base('shares', s.id));
				await refresh();
			} catch (e) {
				status.show(errorText(e), 'error');
				btn.disabled = false;
			}
		});
		return h('tr', {dataset: {share: s.id, kind: s.kind, tlp: s.tlp}},
			h('td', null, term('fs_kind', s.kind)),
			h('td', null, scopeText(s)),
			h('td', null, s.tlp === 'WITHHOLD' ? h('span', {class: 'badge muted'}, t('fs_withhold')) : tlpBadge(s.tlp)),
			h('td', null, (s.recipients || []).join(', ') || '–'),
			h('td', {class: 'nowrap'}, fmtInstant(s.created_at), h('small', {class: 'sub'}, s.by || '')),
			h('td', null, btn, status));
	});
	return table('share-table', t('fs_shares'), [t('fs_kind'), t('fs_scope'), t('forum_tlp'), t('fs_recipients'),
		t('fs_created'), ''], rows);
}

/* ---- share more ----------------------------------------------------------------------------- */

function shareForm(f, others, nodes, incidents, refresh) {
	const form = h('form', {id: 'share-form', novalidate: true});
	const kind = field(t('fs_kind'), 'select', {name: 'kind', value: 'node'},
		['node', 'incident', 'roi'].map((k) => [k, term('fs_kind', k)]));
	const roiHint = h('p', {class: 'hint', id: 'share-roi-hint'}, t('fs_roi_hint'));
	// the scope: a rule over the map, or one item
	const scopeName = uid('scope');
	const scopes = ['all', 'critical', 'kinds', 'one'];
	const scopeBox = h('fieldset', {class: 'scope'}, h('legend', null, t('fs_scope')));
	const radios = {};
	for (const s of scopes) {
		const id = uid('scope-' + s);
		radios[s] = h('input', {type: 'radio', name: scopeName, id, value: s, checked: s === 'critical'});
		scopeBox.append(h('div', {class: 'field check'}, radios[s], h('label', {for: id}, t(s === 'one' ? 'fs_scope_item' : 'fs_scope_' + s))));
	}
	const kindsBox = h('fieldset', {class: 'kinds', id: 'share-kinds'}, h('legend', null, t('fs_scope_kinds')),
		termKeys('node_kind').map((k) => field(term('node_kind', k), 'input', {type: 'checkbox', name: 'kind.' + k, value: k})));
	const nodeSel = field(t('fs_target_node'), 'select', {name: 'target_node', id: 'share-target-node'},
		nodes.map((n) => [n.id, (n.name || n.id) + ' · ' + n.id]));
	const incSel = field(t('fs_target_incident'), 'select', {name: 'target_incident', id: 'share-target-incident'},
		incidents.map((i) => [i.id, (i.title || i.id) + ' · ' + i.id]));
	const tlp = field(t('forum_tlp'), 'select', {name: 'tlp', id: 'share-tlp', value: 'AMBER'},
		[...TLPS.map((x) => [x, 'TLP:' + x]), ['WITHHOLD', t('fs_withhold')]]);
	const tlpHint = h('p', {class: 'hint', id: 'share-tlp-hint'});
	const recBox = h('fieldset', {class: 'recipients', id: 'share-recipients'}, h('legend', null, t('fs_recipients')),
		others.map((o) => field(o === f.forum.secretariat ? o + ' (' + t('forum_secretariat') + ')' : o, 'input',
			{type: 'checkbox', name: 'to.' + o, value: o, checked: o === f.forum.secretariat})));
	const users = field(t('fs_red_users'), 'input', {name: 'red_users', id: 'share-red-users', placeholder: 'bruger1, bruger2'},
		null, t('fs_red_hint'));
	const status = statusLine();
	status.id = 'share-status';
	const btn = h('button', {type: 'submit', id: 'share-submit'}, t('fs_submit'));
	form.append(h('div', {class: 'grid'}, kind, tlp), tlpHint, roiHint, scopeBox, kindsBox, nodeSel, incSel, recBox, users, btn, status);

	const scope = () => scopes.find((s) => radios[s].checked);
	const sync = () => {
		const isNode = kind.control.value === 'node';
		// the register is shared whole: no scope, no target
		const isRoi = kind.control.value === 'roi';
		scopeBox.hidden = isRoi;
		roiHint.hidden = !isRoi;
		// incidents are shared one at a time; the rules are over the dependency map
		for (const s of ['all', 'critical', 'kinds']) {
			radios[s].disabled = !isNode;
			radios[s].closest('.field').hidden = !isNode;
		}
		if (kind.control.value === 'incident') radios.one.checked = true;
		const sc = scope();
		kindsBox.hidden = !(isNode && sc === 'kinds');
		nodeSel.hidden = !(isNode && sc === 'one');
		incSel.hidden = kind.control.value !== 'incident';
		const lab = tlp.control.value;
		const wh = tlp.control.querySelector('option[value="WITHHOLD"]');
		wh.disabled = sc !== 'one' || !isNode;
		if (wh.disabled && lab === 'WITHHOLD') tlp.control.value = 'AMBER';
		const v = tlp.control.value;
		recBox.hidden = !(v === 'AMBER' || v === 'AMBER+STRICT');
		users.hidden = v !== 'RED';
		tlpHint.textContent = t('fs_tlp_' + v.toLowerCase().replace('+', '_'));
	};
	for (const el of [kind.control, tlp.control, ...Object.values(radios)]) el.addEventListener('change', sync);
	sync();

	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		const body = {kind: kind.control.value, tlp: tlp.control.value};
		const sc = scope();
		if (body.kind === 'roi') {
			// the whole register: the server refuses a target or a filter
		} else if (body.kind === 'incident' || sc === 'one') {
			const target = body.kind === 'incident' ? incSel.control.value : nodeSel.control.value;
			if (!target) {
				status.show(t('fs_no_target'), 'error');
				return;
			}
			body.target = target;
		} else if (sc === 'critical') {
			body.filter = {critical_only: true};
		} else if (sc === 'kinds') {
			const ks = [...kindsBox.querySelectorAll('input:checked')].map((x) => x.value);
			if (!ks.length) {
				status.show(t('fs_no_kinds'), 'error');
				return;
			}
			body.filter = {kinds: ks};
		}
		if (body.tlp === 'AMBER' || body.tlp === 'AMBER+STRICT') {
			body.recipients = [...recBox.querySelectorAll('input:checked')].map((x) => x.value);
		} else if (body.tlp === 'RED') {
			body.recipients = users.control.value.split(',').map((s) => s.trim()).filter(Boolean);
		}
		// The server reads an empty list as "the owner alone" (it never widens an audience); a
		// share to nobody is a slip, so the form asks for a recipient instead of sending it.
		if (body.recipients && !body.recipients.length) {
			status.show(t('fs_no_recipients') + ' (' + t('field') + ': recipients)', 'error');
			return;
		}
		await submitting(btn, status, async () => {
			const a = await post(f.base('shares'), body);
			status.show(t('fs_ok', {id: a && a.id ? a.id : '–'}), 'ok');
			status.dataset.share = a && a.id ? a.id : '';
			await refresh();
		});
	});
	return form;
}
