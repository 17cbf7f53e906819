// The sector's providers from the members' registers of information (issue 15) in a real browser:
// bank1 shares its DORA register through the sharing tab, the secretariat switches the footprint,
// the concentration and the single points of failure from the dependency maps to the registers,
// and bank1 withdraws the share again. playwright-core drives Debian's chromium headless on a
// server of its own (forum_lib.mjs) with the example forum (scripts/example-forum.sh), whose bank1
// keeps a register (examples/forum/bank1.json) but shares none of it; two users made with the CLI:
// `sek` (secretariat on nationalbanken) and `isk1` (isk on bank1).
//
// The figures with bank1's register alone (tests/cli/test_forum.sh): footprint providers
// lei:984500KERNEBANK0DK67, lei:984500NORDSKY000DK84, lei:984500SIKKERSOC0DK86,
// lei:984500BETALNET00DK83, lei:549300KORTDRIFT0SE64, one member each; concentration S14 over 3
// relationships and 3 providers, HHI 3333.3; bank1's payments have 8 single points of failure.
//
// Environment: SKJOLD_BIN (the binary), SKJOLD_E2E_ARTIFACTS (screenshots), CHROMIUM.
// Each checked step counts once; the last line is `RESULT <passed> <failed>`.

import {assert, harness, forumServer, launch, firstLogin, openForum, openTab, unlabelled, finish} from './forum_lib.mjs';

const PW = {sek: 'forum-Sekretariat-roi-2026', isk1: 'forum-Bank1-roi-2026'};
const KB = 'lei:984500KERNEBANK0DK67';
const PROVIDERS = [KB, 'lei:984500NORDSKY000DK84', 'lei:984500SIKKERSOC0DK86', 'lei:984500BETALNET00DK83',
	'lei:549300KORTDRIFT0SE64'];
const st = harness('forum-roi');
const check = st.check;
const shot = st.shot;
let srv = null;

/* The footprint table's rows as {provider: [shown text of the first cell, members]}. */
async function footprintRows(page) {
	return page.evaluate(() => Object.fromEntries([...document.querySelectorAll('#footprint-table tbody tr')].map((tr) =>
		[tr.dataset.provider, [tr.cells[0].textContent.trim(), tr.cells[1].textContent.trim()]])));
}

/* Choose a source with the switch (by its label, as a user does) and wait for the figures. */
async function chooseSource(page, id, src, noteSel) {
	await page.click('label[for="' + id + '-' + src + '"]');
	await page.waitForSelector('#' + id + '[data-source="' + src + '"]:not([aria-busy])');
	await page.waitForSelector(noteSel + ' .source-note[data-source="' + src + '"]');
}

async function main() {
	await check('a server on the example forum with a secretariat user and bank1\'s isk', async () => {
		srv = await forumServer([['sek', 'nationalbanken', 'secretariat'], ['isk1', 'bank1', 'isk']]);
	}, {required: true});
	if (st.blocked) return;

	const browser = await launch();
	try {
		const bank = await st.newPage(browser);
		const sek = await st.newPage(browser);
		const as = (p) => {
			st.page = p;
			return p;
		};
		let page = as(bank);

		await check('bank1 shares its register of information AMBER to the secretariat through the sharing tab', async () => {
			await firstLogin(page, srv.base, 'isk1', srv.once.isk1, PW.isk1);
			await openForum(page, 'sharing');
			assert(await page.locator('#share-table tr[data-kind="roi"]').count() === 0, 'no register shared yet');
			const before = await page.locator('#share-table tbody tr').count();
			const opts = await page.$$eval('#share-form [name=kind] option', (os) => os.map((o) => [o.value, o.textContent]));
			assert(opts.some(([v, x]) => v === 'roi' && x === 'Informationsregister (DORA)'), 'the option: ' + JSON.stringify(opts));
			await page.selectOption('#share-form [name=kind]', 'roi');
			assert(await page.isVisible('#share-roi-hint'), 'what sharing the register means');
			assert(!(await page.isVisible('#share-form fieldset.scope')), 'no scope: the register is shared whole');
			assert(!(await page.isVisible('#share-target-node')) && !(await page.isVisible('#share-target-incident')), 'no target');
			assert(!(await page.isVisible('#share-kinds')), 'no filter');
			await page.selectOption('#share-tlp', 'AMBER');
			assert(await page.isVisible('#share-recipients'), 'AMBER asks for recipients');
			assert(await page.isChecked('#share-recipients input[value="nationalbanken"]'), 'the secretariat preselected');
			assert(await page.locator('#share-tlp option[value="WITHHOLD"]:disabled').count() === 1, 'no WITHHOLD of a register');
			const bad = await unlabelled(page);
			assert(!bad.length, 'unlabelled: ' + bad.join(' | '));
			await shot('01-share-roi');
			await page.click('#share-submit');
			await page.waitForSelector('#share-status.ok');
			await page.waitForSelector('#share-table tr[data-kind="roi"]');
			const row = page.locator('#share-table tr[data-kind="roi"]');
			assert(await row.getAttribute('data-tlp') === 'AMBER', 'AMBER');
			const text = await row.textContent();
			assert(/Informationsregister \(DORA\)/.test(text) && /Hele informationsregistret/.test(text), 'the kind and scope: ' + text);
			assert(/nationalbanken/.test(text), 'to the secretariat: ' + text);
			assert(await page.locator('#share-table tbody tr').count() === before + 1, 'one share more');
			// back to a rule over the map: its scope comes back
			await page.selectOption('#share-form [name=kind]', 'node');
			assert(await page.isVisible('#share-form fieldset.scope') && !(await page.isVisible('#share-roi-hint')), 'the scope again');
		}, {required: true});

		page = as(sek);
		await check('the secretariat\'s footprint switches from the maps to the registers: Kernebank by its LEI', async () => {
			await firstLogin(page, srv.base, 'sek', srv.once.sek, PW.sek);
			await openForum(page);
			await page.waitForSelector('#forum-source[data-source="map"]');
			assert(await page.isChecked('#forum-source-map'), 'the maps by default');
			await page.waitForSelector('#forum-footprint .source-note[data-source="map"]');
			assert(await page.locator('#footprint-table tr[data-provider="datacentral"]').count() === 1, 'the map\'s datacentral');
			await chooseSource(page, 'forum-source', 'register', '#forum-footprint');
			assert(await page.isChecked('#forum-source-register'), 'the registers chosen');
			assert(await page.evaluate(() => document.activeElement && document.activeElement.id) === 'forum-source-register',
				'the focus stays on the switch');
			const rows = await footprintRows(page);
			assert(Object.keys(rows).sort().join(',') === [...PROVIDERS].sort().join(','), 'the five providers: ' + JSON.stringify(rows));
			for (const p of PROVIDERS) {
				assert(rows[p][0].endsWith('LEI ' + p.slice(4)), p + ' shown with its LEI: ' + rows[p][0]);
				assert(rows[p][1] === '1', p + ': one member, got ' + rows[p][1]);
			}
			assert(/Kernebank Data A\/S\s*LEI 984500KERNEBANK0DK67/.test(await page.textContent('#footprint-table')),
				'Kernebank listed by its legal name, its LEI beside');
			assert(/informationsregistre/i.test(await page.textContent('#forum-footprint .source-note')), 'the source said');
		}, {required: true});

		await check('the concentration from the registers: S14 over 3 relationships and 3 providers, HHI 3333.3', async () => {
			await page.waitForSelector('#forum-concentration .source-note[data-source="register"]');
			const s14 = page.locator('#hhi-chart li[data-type="S14"]');
			assert(await s14.count() === 1, 'an S14 row');
			assert(await s14.getAttribute('data-hhi') === '3333.3', 'HHI 3333.3, got ' + await s14.getAttribute('data-hhi'));
			const text = await s14.textContent();
			assert(/3 relationer, 3 udbydere/.test(text) && /3333/.test(text), 'the row: ' + text);
			await shot('02-secretariat-register');
		});

		await check('back to the maps: the map\'s figures again', async () => {
			await chooseSource(page, 'forum-source', 'map', '#forum-footprint');
			await page.waitForSelector('#forum-concentration .source-note[data-source="map"]');
			assert(await page.locator('#footprint-table tr[data-provider="datacentral"]').count() === 1, 'datacentral again');
			assert(await page.locator('#footprint-table tr[data-provider^="lei:"]').count() === 0, 'no register codes');
		});

		await check('the analysis tab: bank1\'s payments\' single points of failure from its register, by name', async () => {
			await openTab(page, 'analysis');
			await page.waitForSelector('#forum-spofs .source-note[data-source="map"]');
			await chooseSource(page, 'spof-source', 'register', '#forum-spofs');
			const row = page.locator('#analysis-spof-table tr[data-function="bank1/p-betalinger"]');
			assert(await row.getAttribute('data-count') === '8', 'eight, got ' + await row.getAttribute('data-count'));
			const kb = row.locator('li[data-node="' + KB + '/S14"]');
			assert(/Kernebank Data A\/S \(S14\)/.test(await kb.textContent()), 'Kernebank by name: ' + await kb.textContent());
			assert(await page.locator('#outage-form').count() === 1, 'the outage simulation stays');
			const bad = await unlabelled(page);
			assert(!bad.length, 'unlabelled: ' + bad.join(' | '));
			await shot('03-analysis-register');
		});

		await check('the switch speaks English on request', async () => {
			await page.click('#lang-switch');
			await page.waitForSelector('#spof-source legend:has-text("Source")');
			assert(await page.textContent('label[for="spof-source-map"]') === 'Dependency maps', 'maps');
			assert(await page.textContent('label[for="spof-source-register"]') === 'Registers of information', 'registers');
			await openTab(page, 'overview');
			await page.waitForSelector('#forum-source');
			const bad = await unlabelled(page);
			assert(!bad.length, 'unlabelled: ' + bad.join(' | '));
			await page.click('#lang-switch');
			await page.waitForSelector('#app-header nav a:has-text("Sektorforum")');
		});

		page = as(bank);
		await check('bank1 sees its register\'s providers as a member, then withdraws the share', async () => {
			await openTab(page, 'overview');
			await chooseSource(page, 'forum-source', 'register', '#forum-footprint');
			await page.waitForSelector('#forum-position .source-note[data-source="register"]');
			assert(/Kernebank Data A\/S/.test(await page.textContent('#spof-table')), 'its own SPOFs from its register');
			assert(/LEI 984500KERNEBANK0DK67/.test(await page.textContent('#forum-footprint')), 'Kernebank in its own view');
			await openTab(page, 'sharing');
			const row = page.locator('#share-table tr[data-kind="roi"]');
			assert(await row.count() === 1, 'the register share listed');
			page.once('dialog', (d) => d.accept());
			await row.locator('button[data-unshare]').click();
			await page.waitForFunction(() => !document.querySelector('#share-table tr[data-kind="roi"]'));
			assert(await page.locator('#share-table tr[data-kind="node"]').count() === 1, 'the map\'s rule stays');
		});

		page = as(sek);
		await check('the secretariat sees no register any more', async () => {
			await openTab(page, 'overview');
			await chooseSource(page, 'forum-source', 'register', '#forum-footprint');
			assert(await page.locator('#footprint-table tr[data-provider^="lei:"]').count() === 0, 'no providers from registers');
		});

		await check('no CSP violations or script errors', async () => {
			assert(!st.problems.length, st.problems.slice(0, 5).join(' | '));
		});
	} finally {
		await browser.close().catch(() => {});
	}
}

finish(st, main(), () => (srv ? srv.stop() : null));
