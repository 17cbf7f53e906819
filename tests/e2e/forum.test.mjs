// The sector forum run end to end in a real browser (issue 5, "done when"): share → analyse →
// open a crisis → collect status → close it. playwright-core drives Debian's chromium headless on
// a server of its own (forum_lib.mjs) with the example forum (scripts/example-forum.sh) and two
// users made with the CLI — `sek` (role secretariat on nationalbanken) and `isk1` (role isk on
// bank1); neither role needs TOTP. Before the server starts, bank1's share of its map is taken
// back, so the forum does not see bank1 until bank1's user shares through the sharing tab.
//
//   1. bank1 shares its critical functions (and what they depend on) AMBER to the secretariat;
//   2. the secretariat simulates the outage of datacentral/dc-aarhus: 8 members hit, bank1 among
//      them (7 before the share), and runs the reverse stress test (NetCo's backbone alone);
//   3. the secretariat opens a crisis (opened 90 minutes ago, hourly cadence) and logs a decision;
//   4. bank1 files a status report (payments red, netbank amber) and sees the decision;
//   5. the secretariat sees the report in the picture (bank2 late), then closes the crisis, and
//      the after-action summary counts the report and keeps the lessons and the decision.
// Then the dashboard: concentration chart, top risks, footprint flags, English, labels, CSP.
//
// Environment: SKJOLD_BIN (the binary), SKJOLD_E2E_ARTIFACTS (screenshots), CHROMIUM.
// Each checked step counts once; the last line is `RESULT <passed> <failed>`.

import {assert, isoZ, harness, forumServer, launch, firstLogin, openForum, openTab, unlabelled, finish} from './forum_lib.mjs';

const PW = {sek: 'forum-Sekretariat-2026', isk1: 'forum-Bank1-isk-2026'};
const st = harness('forum');
const check = st.check;
const shot = st.shot;
let srv = null;

/* bank1's example share taken back; one forum risk for the dashboard. */
function setup(cli) {
	for (const s of JSON.parse(cli(['forum', 'shares', '--forum', 'fsor', '--org', 'bank1']))) {
		cli(['forum', 'unshare', '--forum', 'fsor', '--org', 'bank1', '--id', s.id]);
	}
	const risk = {
		id: 'fr-datacentral', title: 'Koncentration på én datacentral', likelihood: 3, consequence: 5,
		rated_on: isoZ(Date.now()).slice(0, 10), owner: 'nationalbanken',
	};
	cli(['forum', 'item', 'add', '--forum', 'fsor', '--org', 'nationalbanken', '--kind', 'risk', '--body', '-'],
		JSON.stringify(risk));
}

/* The secretariat's outage simulation of one node: the members hit, as the page lists them. */
async function outage(page, node) {
	await page.selectOption('#outage-node', node);
	await page.click('#outage-run');
	await page.waitForSelector('#outage-result #outage-members-hit');
	return {
		hit: Number((await page.textContent('#outage-members-hit')).trim()),
		members: (await page.textContent('#outage-members')).replace(/^[^:]*:\s*/, '').split(', '),
	};
}

async function main() {
	await check('a server on the example forum with two users, bank1 not yet sharing', async () => {
		srv = await forumServer([['sek', 'nationalbanken', 'secretariat'], ['isk1', 'bank1', 'isk']], setup);
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
		let before = null;

		await check('bank1\'s isk logs in and opens the forum as a member; nothing shared yet', async () => {
			await firstLogin(page, srv.base, 'isk1', srv.once.isk1, PW.isk1);
			assert(await page.inputValue('#org-select') === 'bank1', 'acting for bank1');
			assert(await page.locator('#app-header nav a[href="#/forum"]:has-text("Sektorforum")').count() === 1, 'nav entry');
			await openForum(page);
			assert(await page.getAttribute('#forum-header', 'data-secretariat') === '0', 'member view');
			await openTab(page, 'sharing');
			await page.waitForSelector('#share-none');
		}, {required: true});

		page = as(sek);
		await check('the secretariat logs in; the outage of dc-aarhus hits 7 members without bank1', async () => {
			await firstLogin(page, srv.base, 'sek', srv.once.sek, PW.sek);
			assert(await page.inputValue('#org-select') === 'nationalbanken', 'acting for nationalbanken');
			await openForum(page, 'analysis');
			assert(await page.getAttribute('#forum-header', 'data-secretariat') === '1', 'secretariat view');
			const head = await page.textContent('#forum-header');
			assert(head.includes('Eksempel Nationalbank (sekretariat) deltager som Sekretariat'), 'the name, not the id: ' + head);
			before = await outage(page, 'datacentral/dc-aarhus');
			assert(before.hit === 7 && !before.members.includes('bank1'), 'before: ' + JSON.stringify(before));
		}, {required: true});

		page = as(bank);
		await check('1. share: bank1 shares its critical functions AMBER to the secretariat', async () => {
			await page.selectOption('#share-form [name=kind]', 'node');
			await page.check('#share-form input[value="critical"]');
			await page.selectOption('#share-tlp', 'AMBER');
			assert(await page.isVisible('#share-recipients'), 'AMBER asks for recipients');
			assert(await page.isChecked('#share-recipients input[value="nationalbanken"]'), 'the secretariat preselected');
			assert(!(await page.isChecked('#share-recipients input[value="bank2"]')), 'no other member preselected');
			await shot('01-share-form');
			await page.click('#share-submit');
			await page.waitForSelector('#share-status.ok');
			const row = page.locator('#share-table tbody tr[data-tlp="AMBER"]');
			assert(await row.count() === 1, 'one AMBER share listed');
			assert(/nationalbanken/.test(await row.textContent()), 'to the secretariat');
			assert(/Kritiske funktioner/.test(await row.textContent()), 'the critical-functions rule');
		}, {required: true});

		await check('a share asks for recipients only where TLP needs them, and a bad one is refused by field', async () => {
			await page.selectOption('#share-tlp', 'GREEN');
			assert(!(await page.isVisible('#share-recipients')), 'GREEN goes to the forum: no recipients');
			await page.selectOption('#share-tlp', 'RED');
			assert(await page.isVisible('#share-red-users'), 'RED asks for named users');
			await page.fill('#share-red-users', '');
			await page.click('#share-submit');
			await page.waitForSelector('#share-status.error');
			assert(/recipients/.test(await page.textContent('#share-status')), 'the field is named: ' +
				await page.textContent('#share-status'));
			assert(await page.locator('#share-table tbody tr').count() === 1, 'nothing added');
		});

		page = as(sek);
		await check('2. analyse: now 8 members are hit, bank1 among them; the stress test finds the backbone', async () => {
			await page.reload(); // the tab as it stands after bank1's share
			await page.waitForFunction(() => document.body.dataset.ready === '1' && !!document.getElementById('outage-form'));
			const after = await outage(page, 'datacentral/dc-aarhus');
			assert(after.hit === 8 && after.members.includes('bank1'), 'after: ' + JSON.stringify(after));
			assert(await page.locator('#analysis-spof-table tr[data-function="bank1/p-betalinger"][data-count="13"]').count() === 1,
				'bank1\'s payments have 13 single points of failure (7 in the sector, 6 ICT providers: tests/cli/test_forum.sh)');
			await page.fill('#stress-share', '50');
			await page.click('#stress-run');
			await page.waitForSelector('#stress-summary');
			assert(await page.getAttribute('#stress-summary', 'data-size') === '1', 'one node');
			assert(await page.getAttribute('#stress-summary', 'data-exact') === '1', 'exact');
			assert(await page.locator('#stress-set li[data-node="netco/backbone"]').count() === 1, 'NetCo\'s backbone');
			assert(await page.locator('#recovery-table tr[data-function="bank1/p-betalinger"][data-breach="1"]').count() === 1,
				'bank1\'s payments breach their tolerance on the worst chain');
			await shot('02-analysis');
		});

		await check('3. open a crisis: the secretariat opens one and logs a decision', async () => {
			await openTab(page, 'crisis');
			await page.fill('#crisis-open-form [name=title]', 'Driftsforstyrrelse hos datacentralen');
			await page.selectOption('#crisis-open-form [name=severity]', 'Høj');
			const opened = await page.evaluate(() => {
				const d = new Date(Date.now() - 90 * 60000);
				const p = (n) => String(n).padStart(2, '0');
				return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate()) + 'T' + p(d.getHours()) + ':' + p(d.getMinutes());
			});
			await page.fill('#crisis-open-form [name=opened_at]', opened);
			await page.fill('#crisis-open-form [name=cadence_minutes]', '60');
			await page.click('#crisis-open-submit');
			await page.waitForSelector('#crisis-members');
			assert((await page.textContent('#crisis-reported')).trim() === '0 / 8', 'nobody has reported of 8');
			assert(await page.locator('#crisis-late li').count() === 8, 'opened 90 min ago, hourly: all 8 late');
			assert(await page.locator('#crisis-open-form').count() === 0, 'one open crisis at a time in the form');
			await page.fill('#decision-form [name=decision]', 'Clearing kører på reserveplan');
			await page.fill('#decision-form [name=rationale]', 'Aarhus-sitet er nede');
			await page.fill('#decision-form [name=actions]', 'Underret medlemmerne\nTjek status om en time');
			await page.click('#decision-submit');
			await page.waitForSelector('#decision-status.ok');
			const row = page.locator('#decision-table tbody tr');
			assert(await row.count() === 1, 'one decision');
			assert(/Clearing kører på reserveplan/.test(await row.textContent()) && /sek/.test(await row.textContent()),
				'the decision with who logged it');
			await shot('03-crisis-open');
		}, {required: true});

		page = as(bank);
		await check('4. collect status: bank1 files a status report through the form', async () => {
			await openTab(page, 'overview');
			await page.waitForSelector('#report-form');
			await page.waitForSelector('#spof-table tr[data-function="bank1/p-betalinger"]');
			const spofs = await page.textContent('#spof-table tr[data-function="bank1/p-betalinger"]');
			assert(/Datacenter Aarhus/.test(spofs), 'the data centre is a SPOF of payments: ' + spofs);
			assert(await page.locator('#spof-table tbody tr').count() === 2, 'only bank1\'s two functions');
			await page.selectOption('#report-form select[data-service="p-betalinger"]', 'red');
			await page.selectOption('#report-form select[data-service="s-netbank"]', 'amber');
			await page.fill('#report-form [name=cause]', 'Strømsvigt i datacentralens Aarhus-site');
			await page.check('#report-form [name=continuity_plan_active]');
			await page.fill('#report-form [name=assistance_needed]', 'Prioriteret genstart i clearing');
			await page.selectOption('#report-form [name=communication_status]', 'customers');
			await page.selectOption('#report-form [name=tlp]', 'AMBER');
			await shot('04-report-form');
			await page.click('#report-submit');
			await page.waitForSelector('#report-status.ok');
			const msg = await page.textContent('#report-status');
			assert(/Statusrapport modtaget \(report-[0-9a-f]{16}\)/.test(msg), 'accepted with a server-made id: ' + msg);
			await page.waitForSelector('#own-latest[data-worst="red"]');
			assert(await page.locator('#own-status li[data-service="s-netbank"] .colour-amber').count() === 1, 'netbank amber');
			// one member's report is below the group of 5: the sector figure is withheld
			assert(/færre end 5/.test(await page.textContent('#sector-figures')), 'sector picture "færre end 5"');
			assert(await page.locator('#footprint-table tr[data-provider="datacentral"] .relied').count() === 1,
				'bank1 relies on datacentral');
			assert(await page.locator('#hhi-chart li.suppressed').count() >= 1, 'suppressed service types');
		}, {required: true});

		await check('the member sees the crisis and the secretariat\'s decision, with no forms to run it', async () => {
			await openTab(page, 'crisis');
			await page.waitForSelector('#decision-table');
			assert(/Clearing kører på reserveplan/.test(await page.textContent('#decision-table')), 'the decision');
			assert(await page.locator('#decision-form, #crisis-close-form, #crisis-open-form').count() === 0, 'no secretariat forms');
		});

		await check('every form control on the member\'s forum pages has a label', async () => {
			for (const tab of ['overview', 'sharing', 'analysis']) {
				await openTab(page, tab);
				const bad = await unlabelled(page);
				assert(!bad.length, tab + ': unlabelled: ' + bad.join(' | '));
			}
		});

		page = as(sek);
		await check('5. the report is in the crisis picture; the secretariat closes the crisis', async () => {
			await openTab(page, 'crisis');
			await page.waitForSelector('#crisis-members tr[data-member="bank1"][data-worst="red"]');
			const red = (await page.textContent('#crisis-counts .figure.colour-red dd')).trim();
			const amber = (await page.textContent('#crisis-counts .figure.colour-amber dd')).trim();
			assert(red === '1' && amber === '1', 'one red and one amber service, got red ' + red + ', amber ' + amber);
			assert((await page.textContent('#crisis-reported')).trim() === '1 / 8', 'one of eight reported');
			assert(await page.locator('#crisis-late li[data-member="bank1"]').count() === 0, 'bank1 is not late');
			assert(await page.locator('#crisis-late li[data-member="bank2"]').count() === 1, 'bank2 is late');
			const late2 = await page.textContent('#crisis-late li[data-member="bank2"]');
			assert(late2.startsWith('Eksempel Bank 2 A/S'), 'a late member by its name: ' + late2);
			const row1 = await page.textContent('#crisis-members tr[data-member="bank1"] td');
			assert(row1.includes('Eksempel Bank 1 A/S'), 'a member by its name: ' + row1);
			const cid = await page.getAttribute('#forum-crisis .crisis-head', 'data-crisis');
			assert(cid && (await page.textContent('#forum-crisis .crisis-head code.crisis-id')) === cid, 'the crisis picture shows its id ' + cid);
			const unlab = await unlabelled(page);
			assert(!unlab.length, 'unlabelled: ' + unlab.join(' | '));
			await page.fill('#crisis-close-form [name=closing_summary]', 'Strømmen tilbage; clearing genstartet');
			await page.fill('#crisis-close-form [name=went_well]', 'Hurtig aktivering af beredskab');
			await page.fill('#crisis-close-form [name=to_improve]', 'Flere medlemmer skal rapportere til tiden\nKontaktlister');
			page.once('dialog', (d) => d.accept());
			await page.click('#crisis-close-submit');
			await page.waitForSelector('#after-action');
			await shot('05-after-action');
		}, {required: true});

		await check('the after-action summary counts the report and keeps the summary, lessons and decision', async () => {
			assert(await page.getAttribute('#after-action .crisis-head', 'data-status') === 'closed', 'closed');
			assert((await page.textContent('#aa-reports dd')).trim() === '1', 'one report');
			assert((await page.textContent('#aa-reported dd')).trim() === '1 / 8', 'one of eight members reported');
			const dur = Number((await page.textContent('#aa-duration dd')).trim());
			assert(dur >= 89 && dur <= 95, 'about 90 minutes: ' + dur);
			assert(/bank2/.test(await page.textContent('#aa-never')), 'bank2 never reported');
			assert(/Strømmen tilbage/.test(await page.textContent('#aa-summary')), 'the summary');
			assert(await page.locator('ul[data-lessons="to_improve"] li').count() === 2, 'two lessons to improve');
			assert(/Clearing kører på reserveplan/.test(await page.textContent('#after-action #decision-table')), 'the decision');
			assert(/Prioriteret genstart/.test(await page.textContent('#aa-assistance')), 'the open assistance request');
			assert(await page.locator('#crisis-table tr[data-status="closed"]').count() === 1, 'listed as closed');
			assert(await page.locator('#crisis-open-form').count() === 1, 'a new crisis can be opened');
		});

		await check('the dashboard: concentration chart, top risks, footprint flags, members', async () => {
			await openTab(page, 'overview');
			await page.waitForSelector('#forum-member-table');
			assert(await page.locator('#forum-member-table tbody tr').count() === 8, 'eight members');
			assert(/Ingen åben krise/.test(await page.textContent('#forum-crisis')), 'the crisis is closed');
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
			await shot('06-secretariat');
		});

		await check('the forum pages speak English on request', async () => {
			await page.click('#lang-switch');
			await page.waitForSelector('#app-header nav a:has-text("Sector forum")');
			await page.waitForSelector('#forum-concentration h2:has-text("Concentration per ICT service type")');
			await openTab(page, 'crisis');
			await page.waitForSelector('#after-action h2:has-text("After-action summary")');
			await shot('07-secretariat-en');
			await page.click('#lang-switch');
			await page.waitForSelector('#app-header nav a:has-text("Sektorforum")');
		});

		await check('every form control on the secretariat\'s forum pages has a label', async () => {
			for (const tab of ['overview', 'sharing', 'crisis', 'analysis']) {
				await openTab(page, tab);
				const bad = await unlabelled(page);
				assert(!bad.length, tab + ': unlabelled: ' + bad.join(' | '));
			}
		});

		page = as(bank);
		await check('a member withholds one node from its rule, then stops that share again', async () => {
			await openTab(page, 'sharing');
			await page.check('#share-form input[value="one"]');
			assert(await page.isVisible('#share-target-node'), 'one item asks for the node');
			await page.selectOption('#share-target-node', 'sys-core');
			await page.selectOption('#share-tlp', 'WITHHOLD');
			assert(!(await page.isVisible('#share-recipients')), 'WITHHOLD has no recipients');
			await page.click('#share-submit');
			await page.waitForSelector('#share-table tr[data-tlp="WITHHOLD"]');
			assert(/sys-core/.test(await page.textContent('#share-table tr[data-tlp="WITHHOLD"]')), 'the node withheld');
			assert(await page.locator('#share-table tbody tr').count() === 2, 'the rule and the exception');
			page.once('dialog', (d) => d.accept());
			await page.click('#share-table tr[data-tlp="WITHHOLD"] button[data-unshare]');
			await page.waitForFunction(() => document.querySelectorAll('#share-table tbody tr').length === 1);
			assert(await page.locator('#share-table tr[data-tlp="AMBER"]').count() === 1, 'the rule stays');
		});

		await check('no CSP violations or script errors', async () => {
			assert(!st.problems.length, st.problems.slice(0, 5).join(' | '));
		});
	} finally {
		await browser.close().catch(() => {});
	}
}

finish(st, main(), () => (srv ? srv.stop() : null));
