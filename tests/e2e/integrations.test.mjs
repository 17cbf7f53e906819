// The integrations of issue 18 in the browser (web/js/integrations.js): the forum's export as
// STIX 2.1 and as a MISP event downloaded by a member (bank1's ISK) from the forum page; an
// organisation that requires single sign-on, set by a system administrator on the organisation's
// page and still set after a reload (then cleared); a KITOS export (tests/kitos/export-1, its
// pages joined into one object) read from a file on the map page, compared (dry run: the eight
// nodes listed, nothing written) and imported (the nodes in the map's list); and the audit log's
// export for a SIEM, which only a system administrator sees and may fetch. axe finds no serious or
// critical violation on the organisation's page and the map page with the new controls, in Danish
// and English. playwright-core drives Debian's chromium headless on a server of its own
// (forum_lib.mjs) with the example forum.
//
// Environment: SKJOLD_BIN (the binary), SKJOLD_E2E_ARTIFACTS (screenshots), CHROMIUM.
// Each checked step counts once; the last line is `RESULT <passed> <failed>`.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {assert, harness, forumServer, launch, unlabelled, firstLogin, openForum, finish, axeSerious as axe} from './forum_lib.mjs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const ORG = 'kk';
const PW = 'integrations-Sys-admin-2026';
const st = harness('integrations');
const check = st.check;
let srv = null;
let tmp = null;

const text = async (page, sel) => ((await page.textContent(sel)) || '').replace(/\s+/g, ' ').trim();

/* The KITOS export of tests/kitos/export-1 as one object: each page file's array joined to its list. */
function kitosExport() {
	const dir = path.join(ROOT, 'tests/kitos/export-1');
	const out = {};
	for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.json')).sort()) {
		const list = f.replace(/-\d+\.json$/, '').replace(/\.json$/, '');
		out[list] = (out[list] || []).concat(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
	}
	return out;
}

/* An admin's first login (TOTP enrolment). */
const adminLogin = (page, user) => firstLogin(page, srv.base, user, srv.once[user], PW, true);

async function go(page, hash, name) {
	await page.evaluate((x) => { location.hash = x; }, hash);
	await page.waitForFunction((p) => document.body.dataset.page === p && document.body.dataset.ready === '1', name);
}

/* A download started by clicking sel: its file's text. */
async function download(page, sel) {
	const [dl] = await Promise.all([page.waitForEvent('download'), page.click(sel)]);
	const file = path.join(tmp, dl.suggestedFilename() || 'download');
	await dl.saveAs(file);
	return fs.readFileSync(file, 'utf8');
}

/* The answer's status and media type for the link's address, fetched with the page's session. */
function head(page, sel) {
	return page.evaluate(async (s) => {
		const r = await fetch(document.querySelector(s).href, {credentials: 'same-origin'});
		return {status: r.status, type: r.headers.get('Content-Type') || ''};
	}, sel);
}

async function main() {
	await check('a server on the example forum, an organisation, a system administrator and two ISKs', async () => {
		tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'skjold-e2e-integrations-'));
		fs.writeFileSync(path.join(tmp, 'kitos.json'), JSON.stringify(kitosExport()));
		srv = await forumServer([['fisk', 'bank1', 'isk']], (cli) => {
			cli(['org', 'add', '--id', ORG, '--name', 'Kitos Kommune', '--kind', 'municipality']);
		});
		srv.once.sys = JSON.parse(srv.cli(['user', 'add', 'sys', '--admin', 'true', '--display-name', 'sys'])).password;
		srv.cli(['user', 'role', 'sys', '--org', ORG, '--role', 'admin']);
		srv.once.kisk = JSON.parse(srv.cli(['user', 'add', 'kisk', '--display-name', 'kisk'])).password;
		srv.cli(['user', 'role', 'kisk', '--org', ORG, '--role', 'isk']);
	}, {required: true});
	if (st.blocked) return;

	const browser = await launch();
	try {
		// ---- 1. the forum's export ------------------------------------------------------------
		const member = await st.newPage(browser);
		await check('a member finds the forum\'s two downloads', async () => {
			await firstLogin(member, srv.base, 'fisk', srv.once.fisk, 'integrations-Fisk-2026');
			await openForum(member);
			await member.waitForSelector('#forum-export');
			assert((await text(member, '#forum-export-stix')) === 'Hent som STIX 2.1', 'the STIX button');
			assert((await text(member, '#forum-export-misp')) === 'Hent som MISP-hændelse', 'the MISP button');
			await st.shot('01-forum-export');
		});
		// the first bytes of each: a JSON object, a STIX bundle or a MISP event
		const kinds = [['stix', 'Hent som STIX 2.1', 'a STIX 2.1 bundle', (j) => j.type === 'bundle' && /^bundle--/.test(j.id) &&
			Array.isArray(j.objects) && j.objects.length > 0],
		['misp', 'Hent som MISP-hændelse', 'a MISP event', (j) => j.Event && /Sektorforum/.test(j.Event.info || '')]];
		for (const [format, label, what, ok] of kinds) {
			await check('"' + label + '" downloads ' + what + ' (JSON)', async () => {
				const h = await head(member, '#forum-export-' + format);
				assert(h.status === 200 && /json/.test(h.type), 'the answer: ' + JSON.stringify(h));
				const body = await download(member, '#forum-export-' + format);
				assert(body.startsWith('{'), 'the first bytes: ' + body.slice(0, 40));
				assert(ok(JSON.parse(body)), 'the content: ' + body.slice(0, 160));
			});
		}
		await check('in English: "Download as STIX 2.1" and "Download as MISP event"', async () => {
			await member.click('#lang-switch');
			await member.waitForFunction(() => document.documentElement.lang === 'en' && document.body.dataset.ready === '1');
			await member.waitForSelector('#forum-export');
			assert((await text(member, '#forum-export-stix')) === 'Download as STIX 2.1', 'STIX');
			assert((await text(member, '#forum-export-misp')) === 'Download as MISP event', 'MISP');
			await member.click('#lang-switch');
			await member.waitForFunction(() => document.documentElement.lang === 'da' && document.body.dataset.ready === '1');
		});

		// ---- 2. requiring single sign-on --------------------------------------------------------
		const sys = await st.newPage(browser);
		sys.on('dialog', (d) => d.accept());
		await check('the system administrator sees the organisation\'s single sign-on setting, off', async () => {
			await adminLogin(sys, 'sys');
			await go(sys, '#/orgs', 'orgs');
			await sys.waitForSelector('#org-sso #org-require-sso');
			assert(!(await sys.isChecked('#org-require-sso')), 'off to begin with');
			assert(/sessioner/.test(await text(sys, '#org-sso')), 'the explanation: ' + await text(sys, '#org-sso'));
			const bad = await unlabelled(sys);
			assert(!bad.length, 'unlabelled: ' + bad.join(' | '));
		});
		await check('turned on, it is saved, and still on after a reload', async () => {
			await sys.check('#org-require-sso');
			await sys.waitForSelector('#org-sso-status.ok');
			const org = await sys.evaluate(async (o) => (await fetch('/api/v1/orgs/' + o)).json(), ORG);
			assert(org.require_sso === true, 'the API: ' + JSON.stringify(org.require_sso));
			await sys.reload();
			await sys.waitForFunction(() => document.body.dataset.page === 'orgs' && document.body.dataset.ready === '1');
			await sys.waitForSelector('#org-require-sso');
			assert(await sys.isChecked('#org-require-sso'), 'on after the reload');
			await st.shot('02-sso-on');
		});
		await check('the ISK\'s password login is now refused', async () => {
			const p = await st.newPage(browser);
			await p.goto(srv.base + '/');
			await p.waitForSelector('#login-form');
			await p.fill('#login-form [name=user]', 'kisk');
			await p.fill('#login-form [name=password]', srv.once.kisk);
			await p.click('#login-submit');
			await p.waitForFunction(() => /enkeltlogon|single sign-on|SSO/i.test(document.querySelector('#login-form')?.textContent || ''));
			st.page = sys;
		});
		await check('turned off again, and off after a reload', async () => {
			await sys.uncheck('#org-require-sso');
			await sys.waitForSelector('#org-sso-status.ok');
			await sys.reload();
			await sys.waitForFunction(() => document.body.dataset.page === 'orgs' && document.body.dataset.ready === '1');
			await sys.waitForSelector('#org-require-sso');
			assert(!(await sys.isChecked('#org-require-sso')), 'off after the reload');
		});

		// ---- 4. the audit log for a SIEM (on the same page) -------------------------------------
		await check('the system administrator downloads the audit log as JSON lines from a date', async () => {
			await sys.waitForSelector('#audit-export-panel');
			await sys.fill('#audit-since', '2020-01-01');
			await sys.selectOption('#audit-format', 'jsonl');
			const h = await head(sys, '#audit-export');
			assert(h.status === 200 && /x-ndjson/.test(h.type), 'the answer: ' + JSON.stringify(h));
			const body = await download(sys, '#audit-export');
			const lines = body.split('\n').filter(Boolean);
			assert(lines.length > 0 && lines.every((l) => l.startsWith('{')), 'lines: ' + body.slice(0, 80));
			assert(lines.some((l) => /require-sso/.test(l)), 'the require-sso entries are in it');
		});
		await check('… and as CEF', async () => {
			await sys.selectOption('#audit-format', 'cef');
			const h = await head(sys, '#audit-export');
			assert(h.status === 200 && /text\/plain/.test(h.type), 'the answer: ' + JSON.stringify(h));
			const body = await download(sys, '#audit-export');
			assert(body.startsWith('CEF:0|'), 'the first bytes: ' + body.slice(0, 40));
		});
		await check('axe: the organisation\'s page with the new controls, Danish and English', async () => {
			for (const lang of ['da', 'en']) {
				if ((await sys.evaluate(() => document.documentElement.lang)) !== lang) {
					await sys.click('#lang-switch');
					await sys.waitForFunction((l) => document.documentElement.lang === l && document.body.dataset.ready === '1', lang);
				}
				await sys.waitForSelector('#audit-export-panel');
				const found = await axe(sys);
				assert(!found.length, lang + ': ' + found.join(' | '));
			}
			assert(/Require single sign-on/.test(await text(sys, '#org-sso')), 'English');
			await sys.click('#lang-switch');
			await sys.waitForFunction(() => document.documentElement.lang === 'da' && document.body.dataset.ready === '1');
		});
		await check('a member\'s ISK sees neither single sign-on nor the audit export, and the API refuses it', async () => {
			await go(member, '#/orgs', 'orgs');
			assert(!(await member.$('#org-sso')) && !(await member.$('#audit-export-panel')), 'no panels');
			const status = await member.evaluate(async () => (await fetch('/api/v1/audit/export?since=2020-01-01&format=jsonl')).status);
			assert(status === 403, 'the API: ' + status);
		});

		// ---- 3. KITOS -----------------------------------------------------------------------------
		await check('the map page offers the KITOS import', async () => {
			await go(sys, '#/map', 'map');
			await sys.waitForSelector('#kitos-panel #kitos-file');
			const bad = await unlabelled(sys);
			assert(!bad.length, 'unlabelled: ' + bad.join(' | '));
		});
		await check('"Vis ændringer" without a file says to choose one', async () => {
			await sys.click('#kitos-dry');
			await sys.waitForSelector('#kitos-status.error');
		});
		await check('"Vis ændringer" lists the eight nodes it would create, and writes nothing', async () => {
			await sys.setInputFiles('#kitos-file', path.join(tmp, 'kitos.json'));
			await sys.click('#kitos-dry');
			await sys.waitForSelector('#kitos-result[data-dry-run="1"]');
			const created = await sys.$$eval('#kitos-created li code', (cs) => cs.map((c) => c.textContent));
			assert(created.length === 8 && created.includes('omsorg-plus-11111111') && created.includes('loensystem-44444444'),
				'created: ' + created.join());
			assert((await sys.$$('#kitos-edges li')).length === 5, 'five edges');
			assert(/Prøvekørsel/.test(await text(sys, '#kitos-result')), 'a trial run');
			const n = await sys.evaluate(async (o) => (await (await fetch('/api/v1/orgs/' + o + '/nodes')).json()).total, ORG);
			assert(n === 0, 'nodes after the dry run: ' + n);
			await st.shot('03-kitos-dry');
		});
		await check('axe: the map page with the dry run\'s list', async () => {
			const found = await axe(sys);
			assert(!found.length, found.join(' | '));
		});
		await check('"Importér" creates them: the summary, the map\'s list and the API', async () => {
			await sys.click('#kitos-import');
			await sys.waitForSelector('#kitos-result[data-dry-run="0"]');
			assert((await sys.$$('#kitos-created li')).length === 8, 'eight created');
			await sys.waitForFunction(() => /Omsorg Plus/.test(document.getElementById('node-list')?.textContent || ''));
			const n = await sys.evaluate(async (o) => (await (await fetch('/api/v1/orgs/' + o + '/nodes')).json()).total, ORG);
			assert(n === 8, 'nodes: ' + n);
			await st.shot('04-kitos-imported');
		});
		await check('the same export again changes nothing', async () => {
			await sys.click('#kitos-import');
			await sys.waitForFunction(() => document.querySelector('#kitos-result[data-dry-run="0"]') && !document.getElementById('kitos-created'));
			assert(/0 nye, 0 ændrede, 8 uændrede/.test(await text(sys, '#kitos-result')), await text(sys, '#kitos-result'));
		});
	} finally {
		await browser.close();
	}
	for (const p of st.problems) console.log('# ' + p);
	assert(!st.problems.length, 'console errors or CSP reports');
}

finish(st, main(), async () => {
	if (srv) await srv.stop();
	if (tmp) fs.rmSync(tmp, {recursive: true, force: true});
});
