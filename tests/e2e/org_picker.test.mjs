// The organisation picker in the header (issue 17): it shows every organisation's whole name, and
// the chosen organisation is remembered per user — two people sharing one browser (one profile,
// one localStorage) each come back to the organisation they chose last. playwright-core drives
// Debian's chromium headless on a server of its own (forum_lib.mjs) with the example forum; two
// users made with the CLI, each an ISK of bank1, bank2 and nationalbanken (whose name, "Eksempel
// Nationalbank (sekretariat)", is the longest); a third, cai, has nationalbanken as his home
// organisation (`skjold user home`), where the UI opens for him until he picks another.
//
// Environment: SKJOLD_BIN (the binary), SKJOLD_E2E_ARTIFACTS (screenshots), CHROMIUM.
// Each checked step counts once; the last line is `RESULT <passed> <failed>`.

import {assert, harness, forumServer, launch, firstLogin, login, finish} from './forum_lib.mjs';

const PW = {anne: 'picker-Anne-2026-lang', bo: 'picker-Bo-2026-lang', cai: 'picker-Cai-2026-lang'};
const st = harness('org-picker');
const check = st.check;
let srv = null;

const chosen = (page) => page.$eval('#org-select', (s) => s.value);

async function logout(page) {
	await page.click('#logout');
	await page.waitForSelector('#login-form');
}

async function pick(page, org) {
	await page.selectOption('#org-select', org);
	await page.waitForFunction((o) => document.getElementById('org-select')?.value === o &&
		document.body.dataset.ready === '1', org);
}

async function main() {
	await check('a server on the example forum; anne and bo each an ISK of bank1, bank2 and nationalbanken', async () => {
		srv = await forumServer([['anne', 'bank1', 'isk'], ['bo', 'bank1', 'isk'], ['cai', 'bank1', 'isk']], (cli) => {
			for (const u of ['anne', 'bo', 'cai'])
				for (const o of ['bank2', 'nationalbanken']) cli(['user', 'role', u, '--org', o, '--role', 'isk']);
			cli(['user', 'home', 'cai', '--org', 'nationalbanken']); // his home: where the UI opens for him
		});
	}, {required: true});
	if (st.blocked) return;

	const browser = await launch();
	try {
		const page = await st.newPage(browser); // one context: the two users share its localStorage

		await check('the picker shows every organisation\'s whole name', async () => {
			await firstLogin(page, srv.base, 'anne', srv.once.anne, PW.anne);
			const cut = await page.evaluate(() => {
				const sel = document.getElementById('org-select');
				const cs = getComputedStyle(sel);
				const probe = document.createElement('span');
				probe.style.cssText = 'position:absolute;visibility:hidden;white-space:nowrap;font:' + cs.font;
				document.body.append(probe);
				const out = [];
				for (const o of sel.options) {
					probe.textContent = o.textContent;
					// the text, the padding and the arrow must fit inside the control
					const need = probe.offsetWidth + parseFloat(cs.paddingLeft) + parseFloat(cs.paddingRight) + 16;
					if (need > sel.clientWidth + 1) out.push(o.textContent + ' needs ' + need + ' px of ' + sel.clientWidth);
				}
				probe.remove();
				return out;
			});
			assert(!cut.length, 'cut names: ' + cut.join('; '));
			const names = await page.$$eval('#org-select option', (os) => os.map((o) => o.textContent));
			assert(names.includes('Eksempel Nationalbank (sekretariat)'), 'the long name is there: ' + names.join(', '));
			const header = await page.$eval('#app-header', (hd) => hd.scrollWidth <= hd.clientWidth + 1);
			assert(header, 'the header fits 1366 px');
			await st.shot('01-picker');
		});

		await check('anne chooses bank2; bo, in the same browser, starts at his own first organisation', async () => {
			await pick(page, 'bank2');
			await logout(page);
			await firstLogin(page, srv.base, 'bo', srv.once.bo, PW.bo);
			assert(await chosen(page) === 'bank1', 'bo starts at bank1, not at anne\'s bank2: ' + await chosen(page));
			await pick(page, 'nationalbanken');
			await logout(page);
		});

		await check('each comes back to the organisation they chose last', async () => {
			await login(page, srv.base, 'anne', PW.anne);
			assert(await chosen(page) === 'bank2', 'anne is back at bank2: ' + await chosen(page));
			await page.reload();
			await page.waitForFunction(() => document.body.dataset.ready === '1' && !!document.getElementById('org-select'));
			assert(await chosen(page) === 'bank2', 'and after a reload: ' + await chosen(page));
			await logout(page);
			await login(page, srv.base, 'bo', PW.bo);
			assert(await chosen(page) === 'nationalbanken', 'bo is back at nationalbanken: ' + await chosen(page));
			await logout(page);
		});

		await check('a user with a home organisation (skjold user home) starts there, until he chooses another', async () => {
			await firstLogin(page, srv.base, 'cai', srv.once.cai, PW.cai);
			assert(await chosen(page) === 'nationalbanken', 'cai starts at his home, not at bank1: ' + await chosen(page));
			await pick(page, 'bank2');
			await logout(page);
			await login(page, srv.base, 'cai', PW.cai);
			assert(await chosen(page) === 'bank2', 'his own choice wins over the home: ' + await chosen(page));
		});
	} finally {
		await browser.close();
	}
	for (const p of st.problems) console.log('# ' + p);
	assert(!st.problems.length, 'console errors or CSP reports');
}

finish(st, main(), () => srv && srv.stop());
