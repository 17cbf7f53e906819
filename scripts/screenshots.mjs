// The README's screenshots: playwright-core drives Debian's chromium headless against a running
// `skjold serve` on the shipped example (scripts/screenshots.sh starts one), logs in through the UI
// as the browser tests do (new password, TOTP enrolment), picks "Eksempel Kommune" and captures
// each main page at 1366 px wide into docs/screenshots/.
//
// Environment: SKJOLD_URL, SKJOLD_ADMIN_PASSWORD (the first-run password), SKJOLD_SHOTS (output
// directory, default docs/screenshots), CHROMIUM (default /usr/bin/chromium), PLAYWRIGHT_CORE
// (the playwright-core package directory, default tests/e2e/node_modules/playwright-core).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {totp} from '../tests/e2e/totp.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BASE = process.env.SKJOLD_URL;
const FIRST_PASSWORD = process.env.SKJOLD_ADMIN_PASSWORD;
const OUT = path.resolve(process.env.SKJOLD_SHOTS || path.join(ROOT, 'docs', 'screenshots'));
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const PW = process.env.PLAYWRIGHT_CORE || path.join(ROOT, 'tests', 'e2e', 'node_modules', 'playwright-core');
const ORG_NAME = 'Eksempel Kommune';
const NEW_PASSWORD = 'Skjold-skaermbilleder-2026';
const WIDTH = 1366;
const MAX_HEIGHT = 2000;

if (!BASE || !FIRST_PASSWORD) {
	console.error('screenshots.mjs: set SKJOLD_URL and SKJOLD_ADMIN_PASSWORD (scripts/screenshots.sh does)');
	process.exit(2);
}

const {chromium} = await import(pathToFileURL(path.join(PW, 'index.mjs')).href);

let page;

/* Go to a page and wait until the router has rendered it. */
async function go(hash) {
	await page.evaluate((h) => {
		delete document.body.dataset.ready;
		// the router renders on hashchange: the same hash again has to ask for it
		if (location.hash === '#' + h) window.dispatchEvent(new HashChangeEvent('hashchange'));
		else location.hash = h;
	}, hash);
	await page.waitForFunction((p) => document.body.dataset.page === p && document.body.dataset.ready === '1',
		hash.split('/')[1].split('?')[0]);
}

/* Let fonts, layout and the last fetches settle, then leave the pointer and focus out of the picture. */
async function settle() {
	await page.evaluate(() => document.fonts && document.fonts.ready);
	await page.waitForLoadState('networkidle').catch(() => {});
	await page.waitForTimeout(300);
}

/*
 * Save the page (full page, 1366 px wide) as NAME.png. A page taller than `max` px (MAX_HEIGHT
 * unless given) is cut at the end of the last whole card, table row, list item or paragraph that
 * fits (never just after a heading), and `bottom` cuts it earlier.
 */
async function capture(name, opts = {}) {
	await settle();
	const max = opts.max || MAX_HEIGHT;
	const docH = await page.evaluate(() => Math.ceil(document.documentElement.scrollHeight));
	let bottom = docH;
	if (opts.bottom) bottom = Math.min(bottom, Math.ceil(opts.bottom));
	if (bottom > max) {
		const edge = await page.evaluate((limit) => {
			let best = {bottom: 0, pad: 0};
			for (const el of document.querySelectorAll('main .card, main section, main tr, main li, main p, main dl, main form')) {
				const r = el.getBoundingClientRect();
				const b = r.bottom + window.scrollY;
				// a table row or list item touches the next one: no margin below it
				if (r.height > 0 && b <= limit && b > best.bottom) best = {bottom: b, pad: /^(TR|LI)$/.test(el.tagName) ? 1 : 12};
			}
			return Math.ceil(best.bottom + best.pad);
		}, max - 12);
		bottom = edge > max * 0.6 ? edge : max;
	}
	const file = path.join(OUT, name + '.png');
	await page.screenshot({path: file, fullPage: true, clip: {x: 0, y: 0, width: WIDTH, height: bottom}});
	console.log('screenshots: ' + path.relative(ROOT, file) + ' (' + WIDTH + '×' + bottom +
		(bottom < docH ? ', of ' + docH + ' px' : '') + ')');
}

/* The page-coordinate box of an element. */
async function box(selector) {
	return page.evaluate((sel) => {
		const el = document.querySelector(sel);
		if (!el) return null;
		const r = el.getBoundingClientRect();
		return {top: r.top + window.scrollY, bottom: r.bottom + window.scrollY, left: r.left, right: r.right};
	}, selector);
}

async function login() {
	await page.goto(BASE + '/');
	await page.waitForSelector('#login-form');
	await page.fill('#login-form [name=user]', 'admin');
	await page.fill('#login-form [name=password]', FIRST_PASSWORD);
	await page.click('#login-submit');
	await page.waitForSelector('#password-form');
	await page.fill('#password-form [name=new]', NEW_PASSWORD);
	await page.fill('#password-form [name=new2]', NEW_PASSWORD);
	await page.click('#password-submit');
	await page.waitForSelector('#totp-form');
	const secret = (await page.textContent('#totp-secret')).trim();
	await page.fill('#totp-form [name=code]', totp(secret, Math.floor(Date.now() / 30000)));
	await page.click('#totp-submit');
	await page.waitForFunction(() => ['orgs', 'dashboard'].includes(document.body.dataset.page) && !!document.getElementById('logout'));
}

async function chooseOrg() {
	await go('/dashboard');
	await page.waitForSelector('#org-select');
	await page.evaluate(() => { delete document.body.dataset.ready; });
	await page.selectOption('#org-select', {label: ORG_NAME});
	await page.waitForFunction(() => document.body.dataset.page === 'dashboard' && document.body.dataset.ready === '1');
	await go('/dashboard');
	const chosen = await page.evaluate(() => {
		const s = document.getElementById('org-select');
		return s.options[s.selectedIndex].textContent;
	});
	if (chosen !== ORG_NAME) throw new Error('could not choose ' + ORG_NAME + ' (got ' + chosen + ')');
}

async function dashboard(name) {
	await go('/dashboard');
	await page.waitForSelector('#dash-deadlines');
	await capture(name);
}

async function map() {
	// a taller window: a larger graph, and the node's detail (as tall as the window at most) unscrolled
	await page.setViewportSize({width: WIDTH, height: 1250});
	await go('/map');
	await page.waitForFunction(() => window.skjoldMap && window.skjoldMap.getElementById('dc-nord').nonempty());
	await page.locator('#cy').scrollIntoViewIfNeeded();
	await page.waitForTimeout(250); // let the scroll reach map's positions
	const pos = await page.evaluate(() => {
		const n = window.skjoldMap.getElementById('dc-nord');
		const p = n.renderedPosition();
		const r = window.skjoldMap.container().getBoundingClientRect();
		return {x: r.left + p.x, y: r.top + p.y};
	});
	await page.mouse.click(pos.x, pos.y);
	await page.waitForSelector('#node-detail-h:has-text("Datacenter Nord")');
	await page.waitForSelector('#impact-fails li[data-node="s-oekonomi"]');
	await page.mouse.move(0, 0);
	// the whole map shows at scale 1 (web/js/map_graph.js), what fails highlighted: no zooming
	await page.evaluate(() => window.scrollTo(0, 0));
	// the graph and the node's detail, with the top of the node list below them
	const layout = await box('.map-layout');
	await capture('map', {bottom: layout.bottom + 260});
	await page.setViewportSize({width: WIDTH, height: 900});
}

async function risks() {
	await go('/risks');
	await page.waitForSelector('#heatmap button.cell');
	await page.waitForSelector('#risk-table tbody tr');
	// the register below the (empty) assessment form, whole: the page is a little taller than the others
	await capture('risks', {max: 3000});
}

async function riskForm() {
	await go('/risks');
	await page.waitForSelector('#risk-form [name=threat] option[value="t-ransomware"]', {state: 'attached'});
	await page.fill('#risk-form [name=title]', 'Økonomisystem krypteret');
	await page.selectOption('#risk-form [name=node]', 's-oekonomi');
	await page.selectOption('#risk-form [name=threat]', 't-ransomware');
	await page.fill('#risk-form [name=owner]', 'Økonomichef');
	await page.selectOption('#risk-form [name=resilience]', '2');
	await page.selectOption('#risk-form [name="consequence.availability"]', '4');
	await page.selectOption('#risk-form [name="consequence.confidentiality"]', '3');
	await page.selectOption('#risk-form [name="consequence.integrity"]', '3');
	await page.selectOption('#risk-form [name="consequence.authenticity"]', '2');
	await page.selectOption('#risk-form [name="residual.likelihood"]', '2');
	await page.selectOption('#risk-form [name="residual.consequence.availability"]', '3');
	await page.selectOption('#risk-form [name=decision]', 'mitigate');
	await page.fill('#risk-form [name=note]', 'Offline backup af økonomidata og øvet genetablering i Datacenter Syd.');
	await page.waitForSelector('#pv-inherent');
	await page.waitForSelector('#pv-due');
	await page.evaluate(() => document.activeElement && document.activeElement.blur());
	// the heat map and the form beside it, down to the end of the form with its live preview
	const form = await box('#risk-form');
	await capture('risk-form', {bottom: form.bottom + 24});
}

async function incident() {
	await go('/incidents/inc-2026-11-ransomware');
	await page.waitForSelector('#verdicts article[data-regime]');
	await page.waitForSelector('#deadline-timeline li[data-regime]');
	await capture('incident');
}

async function report() {
	await go('/reports?kind=isu&year=2026&quarter=4');
	await page.waitForSelector('#report h1');
	await capture('report');
}

async function main() {
	fs.mkdirSync(OUT, {recursive: true});
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'skjold-shots-profile-'));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM,
		headless: true,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
			'--disable-background-networking', '--disable-component-update', '--disable-sync', '--hide-scrollbars'],
		viewport: {width: WIDTH, height: 900},
		deviceScaleFactor: 1,
		locale: 'da-DK',
		timezoneId: 'Europe/Copenhagen',
	});
	context.setDefaultTimeout(15000);
	page = context.pages()[0] || await context.newPage();
	page.on('pageerror', (e) => console.error('screenshots: page error: ' + e.message));
	try {
		await login();
		await chooseOrg();
		await dashboard('dashboard');
		await map();
		await risks();
		await riskForm();
		await incident();
		await report();
		await go('/dashboard');
		await page.click('#lang-switch');
		await page.waitForSelector('#app-header nav a:has-text("Incidents")');
		await dashboard('dashboard-en');
		await page.click('#lang-switch'); // leave the profile in Danish (it is removed anyway)
	} finally {
		await context.close().catch(() => {});
		fs.rmSync(profile, {recursive: true, force: true});
	}
}

main().then(() => process.exit(0), (e) => {
	console.error('screenshots: ' + (e && e.stack || e));
	process.exit(1);
});
