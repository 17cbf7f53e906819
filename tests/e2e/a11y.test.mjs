// Accessibility (issue 17): axe-core (npm, tests/e2e/package.json) runs in Debian's chromium on every
// page of the web UI — the login page, the municipality's dashboard, map, risks, incidents and one
// incident, reports, register of information and organisations, and the sector forum's eight tabs
// as its secretariat — in Danish and in English, and fails on any violation of impact "serious" or
// "critical" under the WCAG 2.1 A and AA rules, naming the rule and the elements.
//
// The server is forum_lib.mjs's, on the example forum with its activity (as make run has it) and the
// example municipality; one user, ally, an ISK of the municipality and of nationalbanken.
//
// Environment: SKJOLD_BIN, SKJOLD_E2E_ARTIFACTS, CHROMIUM. The last line is `RESULT <passed> <failed>`.

import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {createRequire} from 'node:module';
import {assert, harness, forumServer, launch, firstLogin, openTab, isoZ, finish} from './forum_lib.mjs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const PW = 'tilgaengelig-Ally-2026';
const KOMMUNE = 'eksempel-kommune';
const FORUM_TABS = ['overview', 'sharing', 'crisis', 'analysis', 'register', 'redteam', 'baseline', 'survey'];
const st = harness('a11y');
const check = st.check;
let srv = null;

/*
 * axe on the page as it stands (evaluated through the DevTools protocol, so the page's CSP does
 * not stop it): the serious and critical violations, one line each with the first elements.
 */
async function axe(page) {
	if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE);
	const res = await page.evaluate(() => window.axe.run(document, {
		runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
		resultTypes: ['violations'],
	}));
	return res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => v.impact + ' ' + v.id + ' (' + v.help + '): ' +
			v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ') + (v.nodes.length > 3 ? ' …' : ''));
}

async function ready(page, name) {
	await page.waitForFunction((p) => document.body.dataset.page === p && document.body.dataset.ready === '1', name);
}

async function go(page, hash, name) {
	await page.evaluate((hsh) => { location.hash = hsh; }, hash);
	await ready(page, name);
}

async function setLang(page, lang) {
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

async function noViolations(page, what) {
	const found = await axe(page);
	if (found.length) await st.shot(what.replace(/[^a-z0-9]+/gi, '-'));
	assert(!found.length, found.length + ' serious or critical: ' + found.join(' | '));
}

async function main() {
	await check('a server on the example forum with its activity and the municipality; ally an ISK of both', async () => {
		srv = await forumServer([['ally', 'nationalbanken', 'isk']], (cli, db) => {
			cli(['import', path.join(ROOT, 'examples/eksempel-kommune.json')]);
			cli(['user', 'role', 'ally', '--org', KOMMUNE, '--role', 'isk']);
			execFileSync('sh', [path.join(ROOT, 'scripts/example-forum-activity.sh'), path.resolve(process.env.SKJOLD_BIN), db,
				isoZ(Date.now())], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300000});
		});
	}, {required: true});
	if (st.blocked) return;

	const browser = await launch();
	try {
		const page = await st.newPage(browser);
		await page.goto(srv.base + '/');
		await page.waitForSelector('#login-form');
		for (const lang of ['da', 'en']) {
			await check('the login page (' + lang + ')', async () => {
				await setLang(page, lang);
				await page.waitForSelector('#login-form');
				await noViolations(page, 'login-' + lang);
			});
		}
		await setLang(page, 'da');
		await firstLogin(page, srv.base, 'ally', srv.once.ally, PW);
		await pick(page, KOMMUNE);
		const incident = await page.evaluate(async (org) => {
			const r = await fetch('/api/v1/orgs/' + org + '/incidents?limit=1');
			const j = await r.json();
			return j.items && j.items[0] ? j.items[0].id : null;
		}, KOMMUNE);
		const pages = [['#/dashboard', 'dashboard'], ['#/map', 'map'], ['#/risks', 'risks'], ['#/incidents', 'incidents'],
			...(incident ? [['#/incidents/' + encodeURIComponent(incident), 'incidents']] : []),
			['#/reports', 'reports'], ['#/roi', 'roi'], ['#/orgs', 'orgs']];
		for (const lang of ['da', 'en']) {
			await setLang(page, lang);
			await pick(page, KOMMUNE);
			for (const [hash, name] of pages) {
				await check(hash + ' (' + lang + ')', async () => {
					await go(page, hash, name);
					await noViolations(page, name + '-' + lang);
				});
			}
			await pick(page, 'nationalbanken');
			await go(page, '#/forum', 'forum');
			for (const tab of FORUM_TABS) {
				await check('#/forum ' + tab + ' (' + lang + ')', async () => {
					await openTab(page, tab);
					await noViolations(page, 'forum-' + tab + '-' + lang);
				});
			}
		}
		await check('no console errors or CSP reports on the way', async () => {
			assert(!st.problems.length, st.problems.slice(0, 5).join(' | '));
		});
	} finally {
		await browser.close();
	}
}

finish(st, main(), () => srv && srv.stop());
