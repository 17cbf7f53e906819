// The organisation's Webhooks panel (issue 18, docs/webhooks.md): an admin of bank1 (TOTP at
// first login) opens the organisation's page, is refused a URL that is not http or https (the
// message names url), adds an endpoint and sees its secret once, sees it listed, pings it (the
// receiver is down: the ping's failure is shown), and removes it; an admin of the forum's
// secretariat (nationalbanken) keeps the forum's endpoints for the crisis events on its crisis
// tab. playwright-core drives Debian's chromium headless on a server of its own (forum_lib.mjs)
// with the example forum.
//
// Environment: SKJOLD_BIN (the binary), SKJOLD_E2E_ARTIFACTS (screenshots), CHROMIUM.
// Each checked step counts once; the last line is `RESULT <passed> <failed>`.

import {assert, harness, forumServer, launch, firstLogin, unlabelled, openForum, openTab, finish} from './forum_lib.mjs';

const PW = 'webhooks-Bank1-admin-2026';
const st = harness('webhooks');
const check = st.check;
let srv = null;

const text = async (page, sel) => ((await page.textContent(sel)) || '').replace(/\s+/g, ' ').trim();

/* An admin's first login (TOTP enrolment). */
const adminLogin = (page, user) => firstLogin(page, srv.base, user, srv.once[user], PW, true);

async function main() {
	await check('a server on the example forum with an admin of bank1', async () => {
		srv = await forumServer([['wadm', 'bank1', 'admin'], ['nadm', 'nationalbanken', 'admin']]);
	}, {required: true});
	if (st.blocked) return;

	const browser = await launch();
	try {
		const page = await st.newPage(browser);
		page.on('dialog', (d) => d.accept());

		await check('the admin finds the Webhooks panel on the organisation\'s page', async () => {
			await adminLogin(page, 'wadm');
			await page.goto(srv.base + '/#/orgs');
			await page.waitForSelector('#org-webhooks #wh-form');
			assert(/Ingen webhooks endnu/.test(await text(page, '#org-webhooks')), 'none yet');
			const bad = await unlabelled(page);
			assert(!bad.length, 'unlabelled: ' + bad.join(' | '));
			await st.shot('01-panel');
		});

		await check('an ftp address is refused, naming url', async () => {
			await page.fill('#wh-url', 'ftp://127.0.0.1/hook');
			await page.click('#wh-add');
			await page.waitForSelector('#wh-form-status.error');
			const msg = await text(page, '#wh-form-status');
			assert(/url/.test(msg) && /http/.test(msg), 'the message: ' + msg);
			assert(!(await page.$('#webhook-table')), 'nothing added');
		});

		await check('an endpoint is added, its secret shown once, and listed', async () => {
			await page.fill('#wh-url', 'http://127.0.0.1:9/hook');
			await page.selectOption('#wh-tlp', 'GREEN');
			await page.click('#wh-add');
			await page.waitForSelector('#wh-secret code');
			const secret = await text(page, '#wh-secret code');
			assert(/^whsec_[0-9a-f]{64}$/.test(secret), 'the secret: ' + secret);
			await page.waitForSelector('#webhook-table tbody tr');
			const row = await text(page, '#webhook-table tbody tr');
			assert(row.includes('http://127.0.0.1:9/hook') && row.includes('TLP:GREEN'), 'the row: ' + row);
			assert(!row.includes(secret), 'no secret in the list');
			await st.shot('02-added');
		});

		await check('a ping to an address nobody answers: its failure is shown and logged', async () => {
			await page.click('#webhook-table tbody tr button.secondary');
			await page.waitForSelector('#wh-status.ok, #wh-status.error');
			const msg = await text(page, '#wh-status');
			assert(/Ping ikke leveret/.test(msg), 'the status: ' + msg);
			await page.waitForFunction(() => /ping/.test(document.querySelector('#webhook-table tbody tr')?.textContent || ''));
		});

		await check('the endpoint is removed', async () => {
			await page.click('#webhook-table tbody tr button.danger');
			await page.waitForFunction(() => !document.getElementById('webhook-table'));
			assert(/Ingen webhooks endnu/.test(await text(page, '#org-webhooks')), 'none again');
		});

		await check('the secretariat\'s admin keeps the forum\'s endpoints on its crisis tab', async () => {
			const sec = await st.newPage(browser);
			await adminLogin(sec, 'nadm');
			await openForum(sec);
			await openTab(sec, 'crisis');
			await sec.waitForSelector('#forum-webhooks #wh-form');
			const boxes = await sec.$$eval('#forum-webhooks input[name=event]', (bs) => bs.map((b) => b.value));
			assert(boxes.join() === 'crisis.opened,crisis.closed,crisis.report_late', 'the crisis events: ' + boxes.join());
			await sec.fill('#forum-webhooks #wh-url', 'https://beredskab.example/skjold');
			await sec.click('#forum-webhooks #wh-add');
			await sec.waitForSelector('#forum-webhooks #wh-secret code');
			await sec.waitForSelector('#forum-webhooks #webhook-table tbody tr');
			const row = await text(sec, '#forum-webhooks #webhook-table tbody tr');
			assert(row.includes('https://beredskab.example/skjold') && /Krise åbnet/.test(row), 'the row: ' + row);
			await st.shot('03-forum');
		});
		await check('a member\'s admin sees no forum webhooks', async () => {
			await openForum(page);
			await openTab(page, 'crisis');
			assert(!(await page.$('#forum-webhooks')), 'no panel for bank1');
		});
	} finally {
		await browser.close();
	}
	for (const p of st.problems) console.log('# ' + p);
	assert(!st.problems.length, 'console errors or CSP reports');
}

finish(st, main(), () => srv && srv.stop());
