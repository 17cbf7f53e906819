// Keyboard alone (issue 17): a user who cannot use a mouse does a main task end to end — signs in
// for the first time (the one-time password, then a new one), opens the risk register from the
// menu, assesses a new risk (title, system, threat, consequences) and saves it, finds it in the
// register, then opens the incidents page and the forum from the menu — with Tab, Shift+Tab,
// typing, the arrow keys, Enter and Space only: no click, no fill, no selectOption. Every stop
// the focus makes on the way has a visible focus indicator (an outline or a box shadow).
//
// The server is pages_lib.mjs's (the example forum with its activity and the municipality); the
// user, kim, is an ISK of nationalbanken and the municipality, at home in the municipality.
//
// Environment: SKJOLD_BIN, SKJOLD_E2E_ARTIFACTS, CHROMIUM. The last line is `RESULT <passed> <failed>`.

import {assert, harness, launch, finish} from './forum_lib.mjs';
import {pagesServer, KOMMUNE} from './pages_lib.mjs';

const PW = 'tastatur-Kim-2026-kun';
const st = harness('keyboard');
const check = st.check;
let srv = null;
const unseen = new Set(); // focused elements without a visible indicator

/* The focused element: a short description, and whether its focus can be seen. */
function focused(page) {
	return page.evaluate(() => {
		const el = document.activeElement;
		if (!el || el === document.body) return {desc: 'body', visible: true};
		const cs = getComputedStyle(el);
		// a date or time field's focus is on one of its parts (day, month, hour), which chromium
		// highlights itself, out of reach of the page's style
		const part = /^(date|datetime-local|time)$/.test(el.type) && !el.matches(':focus');
		const visible = part || (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0) ||
			(cs.boxShadow && cs.boxShadow !== 'none');
		const desc = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.name ? '[name=' + el.name + ']' : '') +
			(el.getAttribute('href') ? '[href=' + el.getAttribute('href') + ']' : '');
		return {desc, visible};
	});
}

/* Tab (or Shift+Tab) until the focus is on selector; at most max presses. */
async function tabTo(page, selector, max = 120, back = false) {
	for (let i = 0; i < max; i++) {
		if (await page.evaluate((s) => !!document.activeElement && document.activeElement.matches(s), selector)) return;
		await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
		const f = await focused(page);
		if (!f.visible) unseen.add(f.desc);
	}
	throw new Error('Tab never reached ' + selector + ' (now at ' + (await focused(page)).desc + ')');
}

/* The focused select moved with the arrow keys until its value is want. */
async function arrowTo(page, want) {
	for (let i = 0; i < 60; i++) {
		const v = await page.evaluate(() => document.activeElement.value);
		if (v === want) return;
		const opts = await page.evaluate(() => [...document.activeElement.options].map((o) => o.value));
		const down = opts.indexOf(want) > opts.indexOf(v);
		await page.keyboard.press(down ? 'ArrowDown' : 'ArrowUp');
	}
	throw new Error('the arrow keys never chose ' + want);
}

async function typeInto(page, selector, text) {
	await tabTo(page, selector);
	await page.keyboard.press('Control+A');
	await page.keyboard.type(text);
}

async function waitPage(page, name) {
	await page.waitForFunction((p) => document.body.dataset.page === p && document.body.dataset.ready === '1', name);
}

async function main() {
	await check('a server on the example forum and the municipality; kim at home in the municipality', async () => {
		srv = await pagesServer('kim');
		srv.cli(['user', 'home', 'kim', '--org', KOMMUNE]);
	}, {required: true});
	if (st.blocked) return;

	const browser = await launch();
	try {
		const page = await st.newPage(browser);
		await check('the first sign-in, by keyboard', async () => {
			await page.goto(srv.base + '/');
			await page.waitForSelector('#login-form');
			await typeInto(page, '#login-form [name=user]', 'kim');
			await typeInto(page, '#login-form [name=password]', srv.once.kim);
			await page.keyboard.press('Enter');
			await page.waitForSelector('#password-form');
			await typeInto(page, '#password-form [name=new]', PW);
			await typeInto(page, '#password-form [name=new2]', PW);
			await page.keyboard.press('Enter');
			await waitPage(page, 'dashboard');
			assert(await page.$eval('#org-select', (s) => s.value) === KOMMUNE, 'at home in the municipality');
		}, {required: true});

		await check('the risk register from the menu', async () => {
			await tabTo(page, '#app-header nav a[href="#/risks"]');
			await page.keyboard.press('Enter');
			await waitPage(page, 'risks');
			await page.waitForSelector('#risk-form');
		}, {required: true});

		const title = 'Tastaturtest: udfald af netværk';
		await check('a new risk assessed and saved with the keyboard alone', async () => {
			await typeInto(page, '#risk-form [name=title]', title);
			await tabTo(page, '#risk-form [name=node]');
			const nodes = await page.$$eval('#risk-form [name=node] option', (os) => os.map((o) => o.value).filter(Boolean));
			await arrowTo(page, nodes[0]);
			await tabTo(page, '#risk-form [name=threat]');
			const threats = await page.$$eval('#risk-form [name=threat] option', (os) => os.map((o) => o.value).filter(Boolean));
			await arrowTo(page, threats[0]);
			for (const [d, v] of [['availability', '4'], ['confidentiality', '2'], ['integrity', '3'], ['authenticity', '1']]) {
				await tabTo(page, '#risk-form [name="consequence.' + d + '"]');
				await arrowTo(page, v);
			}
			await tabTo(page, '#risk-submit');
			await page.keyboard.press('Space');
			await page.waitForFunction((tt) => [...document.querySelectorAll('#risk-table tbody tr')]
				.some((tr) => tr.textContent.includes(tt)), title);
			const saved = await page.evaluate(async ([org, tt]) => {
				const r = await fetch('/api/v1/orgs/' + org + '/risks?limit=1000');
				return (await r.json()).items.filter((x) => x.title === tt).map((x) => [x.consequence, x.node]);
			}, [KOMMUNE, title]);
			assert(saved.length === 1, 'the risk is stored once: ' + JSON.stringify(saved));
			const c = saved[0][0];
			assert(c.availability === 4 && c.confidentiality === 2 && c.integrity === 3 && c.authenticity === 1,
				'its consequences as chosen: ' + JSON.stringify(c));
		});

		await check('back up the page with Shift+Tab to the menu, then the incidents and the forum', async () => {
			await tabTo(page, '#app-header nav a[href="#/incidents"]', 400, true);
			await page.keyboard.press('Enter');
			await waitPage(page, 'incidents');
			await tabTo(page, '#app-header nav a[href="#/forum"]');
			await page.keyboard.press('Enter');
			await waitPage(page, 'forum');
		});

		await check('every stop of the focus on the way could be seen', async () => {
			assert(!unseen.size, 'no visible focus on: ' + [...unseen].slice(0, 8).join(', '));
		});
		await check('no console errors or CSP reports on the way', async () => {
			assert(!st.problems.length, st.problems.slice(0, 5).join(' | '));
		});
	} finally {
		await browser.close();
	}
}

finish(st, main(), () => srv && srv.stop());
