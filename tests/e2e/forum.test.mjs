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

import {assert, isoZ, harness, forumServer, launch, firstLogin, openForum, unlabelled, finish} from './forum_lib.mjs';

const PW = {sek: 'forum-Sekretariat-2026', isk1: 'forum-Bank1-isk-2026'};
const st = harness('forum');
const check = st.check;
const shot = st.shot;
let srv = null;

/* An open crisis, opened 90 minutes ago with an hourly cadence (every member is late at first), and one forum risk. */
function setup(cli) {
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
}

async function main() {
	await check('a server on the example forum with a crisis and two users', async () => {
		srv = await forumServer([['sek', 'nationalbanken', 'secretariat'], ['isk1', 'bank1', 'isk']], setup);
	}, {required: true});
	if (st.blocked) return;

	const browser = await launch();
	try {
		let page = await st.newPage(browser);
		await check('bank1\'s isk logs in and opens the forum page as a member', async () => {
			await firstLogin(page, srv.base, 'isk1', srv.once.isk1, PW.isk1);
			assert(await page.inputValue('#org-select') === 'bank1', 'acting for bank1');
			assert(await page.locator('#app-header nav a[href="#/forum"]:has-text("Sektorforum")').count() === 1, 'nav entry');
			await openForum(page);
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
			const bad = await unlabelled(page);
			assert(!bad.length, 'unlabelled: ' + bad.join(' | '));
		});

		page = await st.newPage(browser);
		await check('the secretariat logs in and opens the forum dashboard', async () => {
			await firstLogin(page, srv.base, 'sek', srv.once.sek, PW.sek);
			assert(await page.inputValue('#org-select') === 'nationalbanken', 'acting for nationalbanken');
			await openForum(page);
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
			const bad = await unlabelled(page);
			assert(!bad.length, 'unlabelled: ' + bad.join(' | '));
		});

		await check('no CSP violations or script errors', async () => {
			assert(!st.problems.length, st.problems.slice(0, 5).join(' | '));
		});
	} finally {
		await browser.close().catch(() => {});
	}
}

finish(st, main(), () => (srv ? srv.stop() : null));
