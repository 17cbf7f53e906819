// The shell: header, navigation, organisation picker, language switch and the hash router
// (#/dashboard, #/map, #/risks, #/incidents[/ID], #/reports, #/roi[?as_of=DATE], #/forum[?forum=ID], #/orgs,
// #/login). Each page module exports render(view, ctx) and may return a cleanup function, called when
// the user leaves.

import {loadSession, getSession, onSession, logout} from './api.js';
import {t, getLang, setLang} from './i18n.js';
import {h, clear} from './dom.js';
import * as login from './login.js';
import * as orgs from './orgs.js';
import * as dashboard from './dashboard.js';
import * as map from './map.js';
import * as risks from './risks.js';
import * as incidents from './incidents.js';
import * as reports from './reports.js';
import * as forum from './forum.js';
import * as roi from './roi.js';

const PAGES = {login, orgs, dashboard, map, risks, incidents, reports, roi, forum};
const NAV = [
	['dashboard', 'nav_dashboard'],
	['map', 'nav_map'],
	['risks', 'nav_risks'],
	['incidents', 'nav_incidents'],
	['reports', 'nav_reports'],
	['roi', 'nav_roi'],
	['forum', 'nav_forum'],
];
const ORG_KEY = 'skjold.org';

let cleanup = null;
let booted = false;

/* The organisation is remembered per user: two people sharing a browser each come back to their own. */
function orgKey() {
	const s = getSession();
	return ORG_KEY + (s && s.user && s.user.name ? '.' + s.user.name : '');
}

function savedOrg() {
	try {
		return localStorage.getItem(orgKey());
	} catch (_) {
		return null;
	}
}

/*
 * The organisation the user works in: the one this browser saved for them if still a
 * membership, else their home organisation (set by an administrator; the first-run admin's is
 * the organisation the database started with), else their first membership.
 */
export function currentOrg() {
	const s = getSession();
	const ms = (s && s.memberships) || [];
	const saved = savedOrg();
	if (saved && ms.some((m) => m.org === saved)) return saved;
	const home = s && s.user && s.user.home_org;
	if (home && ms.some((m) => m.org === home)) return home;
	return ms.length ? ms[0].org : null;
}

export function chooseOrg(id) {
	try {
		localStorage.setItem(orgKey(), id);
	} catch (_) { /* not kept */ }
}

export function navigate(path) {
	if (location.hash === '#' + path) route();
	else location.hash = path;
}

function parseHash() {
	const raw = location.hash.replace(/^#\/?/, '');
	const [path, qs] = raw.split('?');
	const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
	return {page: parts[0] || 'dashboard', args: parts.slice(1), params: new URLSearchParams(qs || '')};
}

/* The brand's shield, drawn as SVG (no font has to carry a glyph for it). */
function shield() {
	const ns = 'http://www.w3.org/2000/svg';
	const svg = document.createElementNS(ns, 'svg');
	svg.setAttribute('viewBox', '0 0 24 24');
	svg.setAttribute('class', 'brand-mark');
	svg.setAttribute('aria-hidden', 'true');
	svg.setAttribute('focusable', 'false');
	const p = document.createElementNS(ns, 'path');
	p.setAttribute('d', 'M12 2 L21 5.5 V11 C21 16.5 17.2 20.6 12 22 C6.8 20.6 3 16.5 3 11 V5.5 Z');
	svg.appendChild(p);
	return svg;
}

function renderHeader() {
	const header = document.getElementById('app-header');
	clear(header);
	const s = getSession();
	const loggedIn = s && !s.next;
	const {page} = parseHash();

	const brand = h('a', {class: 'brand', href: loggedIn ? '#/dashboard' : '#/login'},
		shield(), ' skjold');
	const tools = h('div', {class: 'tools'});

	if (loggedIn) {
		const ms = s.memberships || [];
		if (ms.length) {
			const sel = h('select', {id: 'org-select', name: 'org'});
			for (const m of ms) sel.appendChild(h('option', {value: m.org}, m.name || m.org));
			sel.value = currentOrg() || '';
			sel.addEventListener('change', () => {
				chooseOrg(sel.value);
				route();
			});
			tools.appendChild(h('div', {class: 'org-pick'}, h('label', {for: 'org-select'}, t('org_label')), sel));
		}
		tools.appendChild(h('a', {class: 'button-link', href: '#/orgs'}, t('nav_orgs')));
	}
	const langBtn = h('button', {
		type: 'button', id: 'lang-switch', class: 'secondary', lang: getLang() === 'en' ? 'da' : 'en',
		'aria-label': t('lang_switch_label'),
		onclick: () => {
			setLang(getLang() === 'en' ? 'da' : 'en');
			route();
			document.getElementById('lang-switch').focus();
		},
	}, t('lang_switch'));
	tools.appendChild(langBtn);
	if (s) {
		const who = s.user ? (s.user.display_name || s.user.name) : '';
		tools.appendChild(h('span', {class: 'who'}, who));
		tools.appendChild(h('button', {
			type: 'button', id: 'logout', class: 'secondary',
			onclick: async () => {
				const out = await logout().catch(() => null);
				if (out && out.end_session_url) {
					window.location.assign(out.end_session_url);
					return;
				}
				navigate('/login');
			},
		}, t('logout')));
	}

	const bar = h('div', {class: 'bar'}, brand, tools);
	header.appendChild(bar);
	if (loggedIn) {
		const nav = h('nav', {'aria-label': t('nav_label')});
		const ul = h('ul');
		for (const [id, key] of NAV) {
			const a = h('a', {href: '#/' + id}, t(key));
			if (page === id) a.setAttribute('aria-current', 'page');
			ul.appendChild(h('li', null, a));
		}
		nav.appendChild(ul);
		header.appendChild(nav);
	}
	document.getElementById('skip-link').textContent = t('skip');
}

/* Render the page the hash names; login first when there is no complete session. */
export async function route() {
	const main = document.getElementById('main');
	if (cleanup) {
		try {
			cleanup();
		} catch (_) { /* ignore */ }
		cleanup = null;
	}
	document.body.dataset.ready = '0'; // until the page below has rendered (the browser tests wait for '1')
	let {page, args, params} = parseHash();
	const s = getSession();
	if (!s || s.next) {
		if (page !== 'login') {
			location.replace('#/login');
			return;
		}
	} else if (page === 'login') {
		location.replace('#/dashboard');
		return;
	}
	const mod = PAGES[page];
	renderHeader();
	const view = h('div', {class: 'view view-' + page});
	clear(main).appendChild(view);
	if (!mod) {
		view.appendChild(h('p', null, t('not_found')));
		return;
	}
	const org = s && !s.next ? currentOrg() : null;
	const needsOrg = page !== 'login' && page !== 'orgs';
	if (needsOrg && !org) {
		location.replace('#/orgs');
		return;
	}
	const m = s && (s.memberships || []).find((x) => x.org === org);
	const role = m ? m.role : null;
	// what the role may write (docs/api.md, Roles); the server decides, this only hides forms
	const can = {
		map: ['admin', 'isk', 'system_owner'].includes(role),
		risks: ['admin', 'isk', 'system_owner'].includes(role),
		incidents: ['admin', 'isk', 'system_owner'].includes(role),
		submit: ['admin', 'isk'].includes(role),
	};
	const orgName = (m && m.name) || org; // what a person reads: the name, not the id
	const ctx = {org, orgName, role, can, session: s, args, params, navigate, chooseOrg, refresh: route};
	try {
		const c = await mod.render(view, ctx);
		if (typeof c === 'function') {
			if (view.isConnected) cleanup = c;
			else c();
		}
	} catch (e) {
		if (view.isConnected) {
			view.appendChild(h('div', {class: 'error-box', role: 'alert'}, t('error') + ': ' + (e.message || e)));
		}
	}
	if (booted && view.isConnected) {
		const h1 = view.querySelector('h1');
		if (h1 && !view.contains(document.activeElement)) {
			h1.setAttribute('tabindex', '-1');
			h1.focus({preventScroll: false});
		}
	}
	booted = true;
	document.body.dataset.page = page;
	document.body.dataset.ready = '1';
}

async function start() {
	setLang(getLang());
	onSession((s) => {
		if (!s && booted) {
			const {page} = parseHash();
			if (page !== 'login') location.hash = '/login';
		}
	});
	window.addEventListener('hashchange', () => route());
	// the skip link must not change the hash, which the router owns
	document.getElementById('skip-link').addEventListener('click', (ev) => {
		ev.preventDefault();
		document.getElementById('main').focus();
	});
	try {
		await loadSession();
	} catch (e) {
		/* the server is unreachable: the login page shows the error on its first call */
	}
	route();
}

start();
