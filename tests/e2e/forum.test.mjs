// The sector forum page in a real browser: playwright-core drives Debian's chromium headless.
// Unlike ui.test.mjs this script starts its own `skjold serve`, on a database loaded with the
// example forum (scripts/example-forum.sh: secretariat nationalbanken, members datacentral,
// betalingssystem, bank1..bank6) plus two users made with the CLI — `sek` (role secretariat on
// nationalbanken) and `isk1` (role isk on bank1); neither role needs TOTP — an open crisis and
// one forum risk. Then bank1's user files a status report through the form, and the
// secretariat's user sees it in the crisis picture next to the concentration chart.
//
// Environment: SKJOLD_BIN (the binary), SKJOLD_E2E_ARTIFACTS (screenshots), CHROMIUM.
// Each checked step counts once; the last line is `RESULT <passed> <failed>`.

import {chromium} from 'playwright-core';
import {execFileSync, spawn} from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const HERE = path.dirname(new URL(import.meta.url).pathname);
const ROOT = path.resolve(HERE, '../..');
const BIN = process.env.SKJOLD_BIN ? path.resolve(process.env.SKJOLD_BIN) : null;
const ART = process.env.SKJOLD_E2E_ARTIFACTS || path.join(HERE, 'artifacts');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const PW = {sek: 'forum-Sekretariat-2026', isk1: 'forum-Bank1-isk-2026'};

let passed = 0;
let failed = 0;
let blocked = null;
let page = null;
const consoleProblems = [];

function assert(cond, msg) {
	if (!cond) throw new Error(msg);
}

async function shot(name) {
	try {
		if (page) await page.screenshot({path: path.join(ART, 'forum-' + name + '.png'), fullPage: true});
	} catch (_) { /* an artefact, not a check */ }
}

async function check(name, fn, opts = {}) {
	const t0 = Date.now();
	if (blocked) {
		failed += 1;
		console.log('not ok ' + (passed + failed) + ' - ' + name + ': not run (' + blocked + ' failed)');
		return;
	}
	try {
		await fn();
		passed += 1;
		console.log('ok ' + (passed + failed) + ' - ' + name + ' (' + (Date.now() - t0) + ' ms)');
	} catch (e) {
		failed += 1;
		console.log('not ok ' + (passed + failed) + ' - ' + name + ': ' + String(e && e.message || e).split('\n')[0]);
		await shot('FAILED-' + name.replace(/[^a-z0-9]+/gi, '-').toLowerCase());
		if (opts.required) blocked = '"' + name + '"';
	}
}

/* ---- the server ----------------------------------------------------------------------------- */

let tmp = null;
let server = null;
let serverErr = '';
let BASE = null;

function cli(args, input) {
	return execFileSync(BIN, ['--db', path.join(tmp, 'forum.db'), ...args],
		{input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], timeout: 120000});
}

function freePort() {
	return new Promise((resolve, reject) => {
		const s = net.createServer();
		s.on('error', reject);
		s.listen(0, '127.0.0.1', () => {
			const {port} = s.address();
			s.close(() => resolve(port));
		});
	});
}

const isoZ = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

async function prepare() {
	tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'skjold-e2e-forum-'));
	const db = path.join(tmp, 'forum.db');
	execFileSync('sh', [path.join(ROOT, 'scripts/example-forum.sh'), BIN, db],
		{encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300000});
	const users = {};
	for (const [name, org, role] of [['sek', 'nationalbanken', 'secretariat'], ['isk1', 'bank1', 'isk']]) {
		users[name] = JSON.parse(cli(['user', 'add', name, '--display-name', name])).password;
		cli(['user', 'role', name, '--org', org, '--role', role]);
	}
	// an open crisis, opened 90 minutes ago with an hourly cadence: every member is late at first
	const crisis = {
		title: 'Driftsforstyrrelse hos datacentralen', severity: 'Høj',
		opened_at: isoZ(Date.now() - 90 * 60000), cadence_minutes: 60,
	};
	cli(['forum', 'item', 'add', '--forum', 'fsor', '--org', 'nationalbanken', '--kind', 'crisis',
		'--id', 'krise-e2e', '--body', '-'], JSON.stringify(crisis));
	const risk = {
		id: 'fr-datacentral', title: 'Koncentration på én datacentral', likelihood: 3, consequence: 5,
		rated_on: isoZ(Date.now()).slice(0, 10), owner: 'nationalbanken',
	};
	cli(['forum', 'item', 'add', '--forum', 'fsor', '--org', 'nationalbanken', '--kind', 'risk', '--body', '-'],
		JSON.stringify(risk));
	const port = await freePort();
	BASE = 'http://127.0.0.1:' + port;
	server = spawn(BIN, ['--db', db, 'serve', '--listen', '127.0.0.1:' + port], {stdio: ['ignore', 'ignore', 'pipe']});
	server.stderr.on('data', (d) => { serverErr += d; });
	const exited = new Promise((resolve) => server.on('exit', (code) => resolve(code)));
	for (let i = 0; i < 150; i++) {
		const done = await Promise.race([exited.then((c) => 'exit ' + c), new Promise((r) => setTimeout(() => r(null), 200))]);
		if (done) throw new Error('the server stopped: ' + done + ': ' + serverErr.slice(-500));
		try {
			const r = await fetch(BASE + '/api/v1/health');
			if (r.ok) return users;
		} catch (_) { /* not yet */ }
	}
	throw new Error('the server did not answer ' + BASE + '/api/v1/health');
}

async function stopServer() {
	if (!server || server.exitCode !== null) return;
	const exited = new Promise((resolve) => server.on('exit', resolve));
	server.kill('SIGTERM');
	await Promise.race([exited, new Promise((r) => setTimeout(r, 10000))]);
	if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
}

/* ---- the browser ---------------------------------------------------------------------------- */

async function newPage(browser) {
	const ctx = await browser.newContext({viewport: {width: 1366, height: 900}, locale: 'da-DK', timezoneId: 'Europe/Copenhagen'});
	ctx.setDefaultTimeout(15000);
	const p = await ctx.newPage();
	p.on('console', (msg) => {
		const text = msg.text();
		if (/Content[- ]Security[- ]Policy|Refused to/i.test(text)) consoleProblems.push('csp: ' + text);
		else if (msg.type() === 'error' && !/Failed to load resource/.test(text)) consoleProblems.push('console: ' + text);
	});
	p.on('pageerror', (e) => consoleProblems.push('pageerror: ' + e.message));
	return p;
}

/* First login: the one-time password, then the forced change (isk and secretariat need no TOTP). */
async function firstLogin(user, once) {
	await page.goto(BASE + '/');
	await page.waitForSelector('#login-form');
	await page.fill('#login-form [name=user]', user);
	await page.fill('#login-form [name=password]', once);
	await page.click('#login-submit');
	await page.waitForSelector('#password-form');
	await page.fill('#password-form [name=new]', PW[user]);
	await page.fill('#password-form [name=new2]', PW[user]);
	await page.click('#password-submit');
	await page.waitForFunction(() => ['orgs', 'dashboard'].includes(document.body.dataset.page) && !!document.getElementById('logout'));
}

async function openForum() {
	await page.click('#app-header nav a[href="#/forum"]');
	await page.waitForFunction(() => document.body.dataset.page === 'forum' && document.body.dataset.ready === '1');
	await page.waitForSelector('#forum-header');
}

async function unlabelled() {
	return page.evaluate(() => [...document.querySelectorAll('input, select, textarea')]
		.filter((el) => el.type !== 'hidden' && !el.closest('[hidden]'))
		.filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
		.map((el) => el.outerHTML.slice(0, 80)));
}

async function main() {
	if (!BIN) throw new Error('set SKJOLD_BIN (tests/e2e/run.sh does)');
	fs.mkdirSync(ART, {recursive: true});
	let users = null;
	await check('a server on the example forum with a crisis and two users', async () => {
		users = await prepare();
	}, {required: true});
	if (blocked) return;

	const browser = await chromium.launch({
		executablePath: CHROMIUM, headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
			'--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
	try {
		page = await newPage(browser);
		await check('bank1\'s isk logs in and opens the forum page as a member', async () => {
			await firstLogin('isk1', users.isk1);
			assert(await page.inputValue('#org-select') === 'bank1', 'acting for bank1');
			assert(await page.locator('#app-header nav a[href="#/forum"]:has-text("Sektorforum")').count() === 1, 'nav entry');
			await openForum();
			assert(await page.getAttribute('#forum-header', 'data-secretariat') === '0', 'member view');
			await page.waitForSelector('#report-form');
		}, {required: true});

		await check('the member sees its own single points of failure and the sector figures as given', async () => {
			await page.waitForSelector('#spof-table tr[data-function="bank1/p-betalinger"]');
			const spofs = await page.textContent('#spof-table tr[data-function="bank1/p-betalinger"]');
			assert(/Datacenter Aarhus/.test(spofs), 'the data centre is a SPOF of payments: ' + spofs);
			assert(await page.locator('#spof-table tbody tr').count() === 2, 'only bank1\'s two functions');
			// one member's report is below the group of 5: the sector figure is withheld
			assert(/færre end 5/.test(await page.textContent('#sector-figures')), 'sector picture "færre end 5"');
			assert(await page.locator('#footprint-table tr[data-provider="datacentral"] .relied').count() === 1,
				'bank1 relies on datacentral');
			assert(/færre end 5/.test(await page.textContent('#footprint-table')), 'suppressed category counts shown as such');
			assert(await page.locator('#hhi-chart li.suppressed').count() >= 1, 'suppressed service types');
			await shot('01-member');
		});

		await check('the member files a status report through the form and sees it accepted', async () => {
			await page.selectOption('#report-form select[data-service="p-betalinger"]', 'red');
			await page.selectOption('#report-form select[data-service="s-netbank"]', 'amber');
			await page.fill('#report-form [name=cause]', 'Strømsvigt i datacentralens Aarhus-site');
			await page.check('#report-form [name=continuity_plan_active]');
			await page.fill('#report-form [name=assistance_needed]', 'Prioriteret genstart i clearing');
			await page.selectOption('#report-form [name=communication_status]', 'customers');
			await page.selectOption('#report-form [name=tlp]', 'AMBER');
			await shot('02-report-form');
			await page.click('#report-submit');
			await page.waitForSelector('#report-status.ok');
			const msg = await page.textContent('#report-status');
			assert(/Statusrapport modtaget \(report-[0-9a-f]{16}\)/.test(msg), 'accepted with a server-made id: ' + msg);
			await page.waitForSelector('#own-latest[data-worst="red"]');
			assert(await page.locator('#own-status li[data-service="s-netbank"] .colour-amber').count() === 1, 'netbank amber');
			await shot('03-report-accepted');
		}, {required: true});

		await check('every form control on the member\'s forum page has a label', async () => {
			const bad = await unlabelled();
			assert(!bad.length, 'unlabelled: ' + bad.join(' | '));
		});
		await page.context().close();

		page = await newPage(browser);
		await check('the secretariat logs in and opens the forum dashboard', async () => {
			await firstLogin('sek', users.sek);
			assert(await page.inputValue('#org-select') === 'nationalbanken', 'acting for nationalbanken');
			await openForum();
			assert(await page.getAttribute('#forum-header', 'data-secretariat') === '1', 'secretariat view');
			assert(await page.locator('#forum-member-table tbody tr').count() === 8, 'eight members');
		}, {required: true});

		await check('bank1\'s report is reflected in the crisis picture', async () => {
			await page.waitForSelector('#crisis-members tr[data-member="bank1"][data-worst="red"]');
			const red = (await page.textContent('#crisis-counts .figure.colour-red dd')).trim();
			const amber = (await page.textContent('#crisis-counts .figure.colour-amber dd')).trim();
			assert(red === '1' && amber === '1', 'one red and one amber service, got red ' + red + ', amber ' + amber);
			assert((await page.textContent('#crisis-reported')).trim() === '1 / 8', 'one of eight reported');
			assert(await page.locator('#crisis-late li[data-member="bank1"]').count() === 0, 'bank1 is not late');
			assert(await page.locator('#crisis-late li[data-member="bank2"]').count() === 1, 'bank2 is late');
		});

		await check('the concentration chart, top risks and footprint flags are rendered', async () => {
			const bars = await page.evaluate(() => [...document.querySelectorAll('#hhi-chart li.hhi-row')].map((li) => ({
				type: li.dataset.type, hhi: Number(li.dataset.hhi),
				w: li.querySelector('.hhi-bar') ? li.querySelector('.hhi-bar').getBoundingClientRect().width : -1,
				track: li.querySelector('.hhi-track') ? li.querySelector('.hhi-track').getBoundingClientRect().width : -1,
			})));
			assert(bars.length >= 2, 'a bar per service type: ' + JSON.stringify(bars));
			const s07 = bars.find((b) => b.type === 'S07');
			assert(s07 && s07.hhi === 10000 && s07.w > 0 && Math.abs(s07.w - s07.track) < 2,
				'S07 at HHI 10000 fills its track: ' + JSON.stringify(s07));
			assert(await page.locator('#forum-top-risks tr[data-risk="fr-datacentral"]').count() === 1, 'the top risk');
			assert(await page.getAttribute('#forum-heatmap td[data-l="3"][data-c="5"]', 'data-count') === '1', 'heat map L3×C5');
			assert(await page.locator('#footprint-table tr[data-provider="datacentral"][data-flagged="1"]').count() === 1,
				'datacentral flagged');
			await shot('04-secretariat');
		});

		await check('the forum page speaks English on request', async () => {
			await page.click('#lang-switch');
			await page.waitForSelector('#app-header nav a:has-text("Sector forum")');
			await page.waitForSelector('#forum-concentration h2:has-text("Concentration per ICT service type")');
			assert(/Rød \(red\)/.test(await page.textContent('#crisis-counts')), 'Danish colour with English beside it');
			await shot('05-secretariat-en');
			await page.click('#lang-switch');
			await page.waitForSelector('#app-header nav a:has-text("Sektorforum")');
		});

		await check('every form control on the secretariat\'s forum page has a label', async () => {
			const bad = await unlabelled();
			assert(!bad.length, 'unlabelled: ' + bad.join(' | '));
		});

		await check('no CSP violations or script errors', async () => {
			assert(!consoleProblems.length, consoleProblems.slice(0, 5).join(' | '));
		});
	} finally {
		await browser.close().catch(() => {});
	}
}

main().catch((e) => {
	failed += 1;
	console.log('not ok - the run stopped: ' + (e && e.message || e));
}).finally(async () => {
	await stopServer().catch(() => {});
	if (serverErr) {
		try {
			fs.writeFileSync(path.join(ART, 'forum-server.err'), serverErr);
		} catch (_) { /* an artefact */ }
	}
	if (tmp) fs.rmSync(tmp, {recursive: true, force: true});
	console.log(passed + ' passed, ' + failed + ' failed');
	console.log('RESULT ' + passed + ' ' + failed);
	process.exit(failed ? 1 : 0);
});
