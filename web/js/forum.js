// The sector forum page (docs/forum.md) for the organisation the user acts in: pick the forum,
// show who takes part as what, and the forum's tabs, each its own module:
//   overview  forum_dashboard.js   the secretariat's dashboard / a member's own position
//   sharing   forum_share.js       what the organisation shares with the forum, under which TLP
//   crisis    forum_crisis.js      open a crisis, status reports, decision log, close, after-action
//   analysis  forum_analysis.js    outage simulation, single points of failure, reverse stress test
//   register, redteam, baseline, survey   forum_programmes.js
// Below the tab, the forum's export as STIX 2.1 or MISP (integrations.js).
// The tab is in the address (#/forum?forum=ID&tab=crisis). The server decides what each user may
// see (TLP); the pages only show it.

import {get, orgPath, items} from './api.js';
import {t, term} from './i18n.js';
import {h, field, pageTitle} from './dom.js';
import * as dashboard from './forum_dashboard.js';
import * as share from './forum_share.js';
import * as crisis from './forum_crisis.js';
import * as analysis from './forum_analysis.js';
import * as programmes from './forum_programmes.js';
import {forumExport} from './integrations.js';

const TABS = [
	['overview', 'forum_tab_overview', dashboard.render],
	['sharing', 'forum_tab_sharing', share.render],
	['crisis', 'forum_tab_crisis', crisis.render],
	['analysis', 'forum_tab_analysis', analysis.render],
	['register', 'forum_tab_register', programmes.renderRegister],
	['redteam', 'forum_tab_redteam', programmes.renderRedteam],
	['baseline', 'forum_tab_baseline', programmes.renderBaseline],
	['survey', 'forum_tab_survey', programmes.renderSurvey],
];

function href(fid, tab) {
	return '#/forum?forum=' + encodeURIComponent(fid) + '&tab=' + encodeURIComponent(tab);
}

export async function render(view, ctx) {
	view.append(pageTitle(t('forum_title')));
	const loading = h('p', {class: 'loading'}, t('loading'));
	view.append(loading);
	const list = await get(orgPath(ctx.org, 'forums'));
	const forums = Array.isArray(list) ? list : items(list);
	if (!forums.length) {
		loading.remove();
		view.append(h('p', {class: 'empty', id: 'forum-none'}, t('forum_none')));
		return;
	}
	const wanted = ctx.params.get('forum');
	const fid = forums.some((f) => f.id === wanted) ? wanted : forums[0].id;
	const tabId = TABS.some((x) => x[0] === ctx.params.get('tab')) ? ctx.params.get('tab') : 'overview';
	if (forums.length > 1) {
		const pickF = field(t('forum_pick'), 'select', {id: 'forum-select', name: 'forum', value: fid},
			forums.map((f) => [f.id, f.name || f.id]));
		pickF.control.addEventListener('change', () => ctx.navigate('/forum?forum=' + encodeURIComponent(pickF.control.value)));
		view.append(h('div', {class: 'forum-pick'}, pickF));
	}
	const base = (...parts) => orgPath(ctx.org, 'forums', fid, ...parts);
	const forum = await get(base());
	loading.remove();
	const role = forum.is_secretariat ? t('forum_secretariat') : t('forum_member');
	view.append(h('p', {class: 'meta', id: 'forum-header', dataset: {forum: fid, secretariat: forum.is_secretariat ? '1' : '0'}},
		h('strong', null, forum.name || fid), ' · ', t('forum_acting_as', {org: ctx.orgName || ctx.org, role}),
		' · ', t('forum_members') + ': ' + (forum.active_members ?? '–')));
	if (!forum.is_secretariat && forum.status !== 'active') {
		view.append(h('p', {class: 'notice'}, t('forum_inactive', {status: term('forum_status', forum.status)})));
		return;
	}
	view.append(h('nav', {class: 'tabs forum-tabs', id: 'forum-tabs', 'aria-label': t('forum_tabs')},
		h('ul', null, TABS.map(([id, key]) => h('li', null, h('a', {
			href: href(fid, id), dataset: {tab: id}, 'aria-current': id === tabId ? 'page' : null,
		}, t(key)))))));
	const panel = h('div', {class: 'forum-panel', id: 'forum-panel', dataset: {tab: tabId}});
	view.append(panel);
	const f = {ctx, fid, forum, base, secretariat: !!forum.is_secretariat, href: (tab) => href(fid, tab)};
	await TABS.find((x) => x[0] === tabId)[2](panel, f);
	// what the organisation may see of the forum, for its own threat-intelligence tools
	view.append(forumExport(f));
}
