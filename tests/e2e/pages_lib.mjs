// Every page of the web UI, for the tests that look at each one (a11y.test.mjs, language.test.mjs):
// a server on the example forum with its activity (as make run has it) and the example
// municipality, one user (an ISK of both), and a walk through the login page, the municipality's
// pages and the forum's eight tabs as its secretariat, in one language.

import {execFileSync} from 'node:child_process';
import path from 'node:path';
import {forumServer, firstLogin, openTab, isoZ} from './forum_lib.mjs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
export const KOMMUNE = 'eksempel-kommune';
const FORUM_TABS = ['overview', 'sharing', 'crisis', 'analysis', 'register', 'redteam', 'baseline', 'survey'];

/* The server, with users (each an ISK of nationalbanken and the municipality); srv.once[user] their one-time passwords. */
export function pagesServer(...users) {
	return forumServer(users.map((u) => [u, 'nationalbanken', 'isk']), (cli, db) => {
		cli(['import', path.join(ROOT, 'examples/eksempel-kommune.json')]);
		for (const u of users) cli(['user', 'role', u, '--org', KOMMUNE, '--role', 'isk']);
		execFileSync('sh', [path.join(ROOT, 'scripts/example-forum-activity.sh'), path.resolve(process.env.SKJOLD_BIN), db,
			isoZ(Date.now())], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300000});
	});
}

async function ready(page, name) {
	await page.waitForFunction((p) => document.body.dataset.page === p && document.body.dataset.ready === '1', name);
}

/* The UI's language, through the header's switch. */
export async function setLang(page, lang) {
	if ((await page.evaluate(() => document.documentElement.lang)) !== lang) {
		await page.click('#lang-switch');
		await page.waitForFunction((l) => document.documentElement.lang === l && document.body.dataset.ready === '1', lang);
	}
}

async function pick(page, org) {
	await page.selectOption('#org-select', org);
	await page.waitForFunction((o) => document.getElementById('org-select')?.value === o &&
		document.body.dataset.ready === '1', org);
}

/* The login page in lang, then the first login (the one-time password, the forced change). */
export async function loginPage(page, srv, user, password, lang, visit) {
	await page.goto(srv.base + '/');
	await page.waitForSelector('#login-form');
	await setLang(page, lang);
	await page.waitForSelector('#login-form');
	await visit('login');
	await firstLogin(page, srv.base, user, srv.once[user], password);
}

/*
 * Every page after login in lang: visit(name) on each, name being the hash (and the forum's tab),
 * while the page is ready. A visit that throws is the caller's failed check; the walk goes on.
 */
export async function walk(page, lang, visit) {
	await setLang(page, lang);
	await pick(page, KOMMUNE);
	const incident = await page.evaluate(async (org) => {
		const r = await fetch('/api/v1/orgs/' + org + '/incidents?limit=1');
		const j = await r.json();
		return j.items && j.items[0] ? j.items[0].id : null;
	}, KOMMUNE);
	const pages = [['#/dashboard', 'dashboard'], ['#/map', 'map'], ['#/risks', 'risks'], ['#/incidents', 'incidents'],
		...(incident ? [['#/incidents/' + encodeURIComponent(incident), 'incidents']] : []),
		['#/reports', 'reports'], ['#/roi', 'roi'], ['#/orgs', 'orgs']];
	for (const [hash, name] of pages) {
		await page.evaluate((hsh) => { location.hash = hsh; }, hash);
		await ready(page, name);
		await visit(hash);
	}
	await pick(page, 'nationalbanken');
	await page.evaluate(() => { location.hash = '#/forum'; });
	await ready(page, 'forum');
	for (const tab of FORUM_TABS) {
		await openTab(page, tab);
		await visit('#/forum ' + tab);
	}
}
