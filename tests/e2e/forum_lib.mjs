// What the forum's browser tests (forum*.test.mjs) share: the checks and their TAP-like lines, a
// `skjold serve` of its own on a database loaded with the example forum
// (scripts/example-forum.sh: secretariat nationalbanken, members datacentral, betalingssystem,
// bank1..bank6) plus users made with the CLI, Debian's chromium through playwright-core, and the
// log-in and navigation steps. Environment: SKJOLD_BIN, SKJOLD_E2E_ARTIFACTS, CHROMIUM.

import {chromium} from 'playwright-core';
import {execFileSync, spawn} from 'node:child_process';
import fs from 'node:fs';
import {createRequire} from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {totp, stepNow} from './totp.mjs';

const HERE = path.dirname(new URL(import.meta.url).pathname);
const ROOT = path.resolve(HERE, '../..');
const BIN = process.env.SKJOLD_BIN ? path.resolve(process.env.SKJOLD_BIN) : null;
const ART = process.env.SKJOLD_E2E_ARTIFACTS || path.join(HERE, 'artifacts');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

export function assert(cond, msg) {
	if (!cond) throw new Error(msg);
}

export const isoZ = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

/*
 * The checks of one script: check(name, fn, {required}) counts once and prints "ok N - name";
 * a failed required check blocks the rest. Screenshots go to ART/<prefix>-<name>.png.
 */
export function harness(prefix) {
	const st = {passed: 0, failed: 0, blocked: null, page: null, problems: []};
	st.shot = async (name) => {
		try {
			if (st.page) await st.page.screenshot({path: path.join(ART, prefix + '-' + name + '.png'), fullPage: true});
		} catch (_) { /* an artefact, not a check */ }
	};
	st.check = async (name, fn, opts = {}) => {
		const t0 = Date.now();
		if (st.blocked) {
			st.failed += 1;
			console.log('not ok ' + (st.passed + st.failed) + ' - ' + name + ': not run (' + st.blocked + ' failed)');
			return;
		}
		try {
			await fn();
			st.passed += 1;
			console.log('ok ' + (st.passed + st.failed) + ' - ' + name + ' (' + (Date.now() - t0) + ' ms)');
		} catch (e) {
			st.failed += 1;
			console.log('not ok ' + (st.passed + st.failed) + ' - ' + name + ': ' + String(e && e.message || e).split('\n')[0]);
			await st.shot('FAILED-' + name.replace(/[^a-z0-9]+/gi, '-').toLowerCase());
			if (opts.required) st.blocked = '"' + name + '"';
		}
	};
	/*
	 * A fresh browser context and page, made the current one (st.page, for screenshots; a test
	 * that switches between users sets st.page itself). Console errors and CSP reports are kept
	 * in st.problems. Contexts stay open until the browser closes.
	 */
	st.newPage = async (browser) => {
		const ctx = await browser.newContext({viewport: {width: 1366, height: 900}, locale: 'da-DK', timezoneId: 'Europe/Copenhagen'});
		ctx.setDefaultTimeout(15000);
		const p = await ctx.newPage();
		p.on('console', (msg) => {
			const text = msg.text();
			if (/Content[- ]Security[- ]Policy|Refused to/i.test(text)) st.problems.push('csp: ' + text);
			else if (msg.type() === 'error' && !/Failed to load resource/.test(text)) st.problems.push('console: ' + text);
		});
		p.on('pageerror', (e) => st.problems.push('pageerror: ' + e.message));
		st.page = p;
		return p;
	};
	return st;
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

/*
 * A server on a fresh database with the example forum. users: [[name, org, role]…] made with the
 * CLI (the one-time passwords come back in srv.once[name]); setup(cli, db) runs before the server
 * starts, cli(args, stdin) being the CLI on that database and db its path (for a script that
 * takes one, such as scripts/example-forum-activity.sh). Returns srv {base, once, cli, stop}.
 */
export async function forumServer(users, setup) {
	if (!BIN) throw new Error('set SKJOLD_BIN (tests/e2e/run.sh does)');
	fs.mkdirSync(ART, {recursive: true});
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'skjold-e2e-forum-'));
	const db = path.join(tmp, 'forum.db');
	const srv = {base: null, once: {}, err: '', proc: null};
	srv.cli = (args, input) => execFileSync(BIN, ['--db', db, ...args],
		{input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], timeout: 120000});
	srv.stop = async () => {
		const p = srv.proc;
		if (p && p.exitCode === null) {
			const exited = new Promise((resolve) => p.on('exit', resolve));
			p.kill('SIGTERM');
			await Promise.race([exited, new Promise((r) => setTimeout(r, 10000))]);
			if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
		}
		if (srv.err) {
			try {
				fs.writeFileSync(path.join(ART, 'forum-server.err'), srv.err);
			} catch (_) { /* an artefact */ }
		}
		fs.rmSync(tmp, {recursive: true, force: true});
	};
	execFileSync('sh', [path.join(ROOT, 'scripts/example-forum.sh'), BIN, db],
		{encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300000});
	for (const [name, org, role] of users) {
		srv.once[name] = JSON.parse(srv.cli(['user', 'add', name, '--display-name', name])).password;
		srv.cli(['user', 'role', name, '--org', org, '--role', role]);
	}
	if (setup) await setup(srv.cli, db);
	const port = await freePort();
	srv.base = 'http://127.0.0.1:' + port;
	srv.proc = spawn(BIN, ['--db', db, 'serve', '--listen', '127.0.0.1:' + port], {stdio: ['ignore', 'ignore', 'pipe']});
	srv.proc.stderr.on('data', (d) => { srv.err += d; });
	const exited = new Promise((resolve) => srv.proc.on('exit', (code) => resolve(code)));
	for (let i = 0; i < 150; i++) {
		const done = await Promise.race([exited.then((c) => 'exit ' + c), new Promise((r) => setTimeout(() => r(null), 200))]);
		if (done) throw new Error('the server stopped: ' + done + ': ' + srv.err.slice(-500));
		try {
			const r = await fetch(srv.base + '/api/v1/health');
			if (r.ok) return srv;
		} catch (_) { /* not yet */ }
	}
	throw new Error('the server did not answer ' + srv.base + '/api/v1/health');
}

export function launch() {
	return chromium.launch({
		executablePath: CHROMIUM, headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
			'--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
}

/*
 * First login: the one-time password, then the forced change (isk and secretariat need no TOTP);
 * withTotp for an admin or a system administrator, who enrols TOTP next (the code computed here).
 */
export async function firstLogin(page, base, user, once, password, withTotp = false) {
	await page.goto(base + '/');
	await page.waitForSelector('#login-form');
	await page.fill('#login-form [name=user]', user);
	await page.fill('#login-form [name=password]', once);
	await page.click('#login-submit');
	await page.waitForSelector('#password-form');
	await page.fill('#password-form [name=new]', password);
	await page.fill('#password-form [name=new2]', password);
	await page.click('#password-submit');
	if (withTotp) {
		await page.waitForSelector('#totp-form');
		const secret = (await page.textContent('#totp-secret')).trim();
		await page.fill('#totp-form [name=code]', totp(secret, stepNow()));
		await page.click('#totp-submit');
	}
	await page.waitForFunction(() => ['orgs', 'dashboard'].includes(document.body.dataset.page) && !!document.getElementById('logout'));
}


/* The forum page through the main menu, then (when given) one of its tabs. */
export async function openForum(page, tab) {
	await page.click('#app-header nav a[href="#/forum"]');
	await page.waitForFunction(() => document.body.dataset.page === 'forum' && document.body.dataset.ready === '1');
	await page.waitForSelector('#forum-header');
	if (tab) await openTab(page, tab);
}

export async function openTab(page, tab) {
	await page.click('#forum-tabs a[data-tab="' + tab + '"]');
	await page.waitForFunction((x) => document.body.dataset.ready === '1' &&
		!!document.querySelector('#forum-panel[data-tab="' + x + '"]'), tab);
}

let axeSource = null;

/*
 * axe-core (the accessibility engine, npm) on the page as it stands, evaluated through the DevTools
 * protocol so the page's CSP does not stop it: the WCAG 2.1 A and AA violations of impact serious
 * or critical, one line each with the first elements.
 */
export async function axeSerious(page) {
	if (!axeSource) axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
	if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
	const res = await page.evaluate(() => window.axe.run(document, {
		runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
		resultTypes: ['violations'],
	}));
	return res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => v.impact + ' ' + v.id + ' (' + v.help + '): ' +
			v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ') + (v.nodes.length > 3 ? ' …' : ''));
}

/* Form controls without a label, aria-label or aria-labelledby (outerHTML heads). */
export async function unlabelled(page) {
	return page.evaluate(() => [...document.querySelectorAll('input, select, textarea')]
		.filter((el) => el.type !== 'hidden' && !el.closest('[hidden]'))
		.filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
		.map((el) => el.outerHTML.slice(0, 80)));
}

/* The script's last lines and its exit status. */
export function finish(st, promise, stop) {
	return promise.catch((e) => {
		st.failed += 1;
		console.log('not ok - the run stopped: ' + (e && e.message || e));
	}).finally(async () => {
		if (stop) await Promise.resolve().then(stop).catch(() => {});
		console.log(st.passed + ' passed, ' + st.failed + ' failed');
		console.log('RESULT ' + st.passed + ' ' + st.failed);
		process.exit(st.failed ? 1 : 0);
	});
}

/* A later login of a user whose password is already set (a fresh context: no session yet). */
export async function login(page, base, user, password) {
	await page.goto(base + '/');
	await page.waitForSelector('#login-form');
	await page.fill('#login-form [name=user]', user);
	await page.fill('#login-form [name=password]', password);
	await page.click('#login-submit');
	await page.waitForFunction(() => ['orgs', 'dashboard'].includes(document.body.dataset.page) && !!document.getElementById('logout'));
}
