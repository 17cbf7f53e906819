// The demo of `make run` in a real browser: the example forum (scripts/example-forum.sh) with its
// activity (scripts/example-forum-activity.sh, run as of now, as run-example.sh does) has data in
// every one of the forum's eight tabs, for the secretariat and for a member. A tab fails when it
// shows an empty-state text (a `.empty` paragraph: "Ingen krise", "Ingen risici", "Ingen tests",
// … in web/js/forum*.js) or an error box, and when the figure it is there for is missing.
//
// What the activity gives (tests/cli/test_demo.sh checks the figures at a fixed NOW): an open
// crisis with 7 of 8 members reported and Eksempel Bank 5 A/S late (for 170 minutes after the
// load, far more than this test takes), 4 decisions; risks R1-R5 with measures M1-M4 (M1 updated
// twice); red-team tests in all five phases (bank1's in its red-team phase with 3 findings), the
// aggregate over 5 completed tests; a closed baseline campaign answered by 7 members and an open
// one; last year's survey with 7 responses. Two users made with the CLI: `sek` (secretariat on
// nationalbanken) and `isk1` (isk on bank1).
//
// Environment: SKJOLD_BIN, SKJOLD_E2E_ARTIFACTS, CHROMIUM. The last line is `RESULT <passed> <failed>`.

import {execFileSync} from 'node:child_process';
import path from 'node:path';
import {assert, harness, forumServer, launch, firstLogin, openForum, openTab, isoZ, finish} from './forum_lib.mjs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const PW = {sek: 'demo-Sekretariat-2026', isk1: 'demo-Bank1-isk-2026'};
const st = harness('demo');
const check = st.check;
let srv = null;

/* The activity as of now, on the server's database, before the server starts. */
function setup(cli, db) {
	execFileSync('sh', [path.join(ROOT, 'scripts/example-forum-activity.sh'), path.resolve(process.env.SKJOLD_BIN), db,
		isoZ(Date.now())], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300000});
}

/* What the open tab shows instead of data: its visible empty-state texts and error boxes. */
async function nothingShown(page) {
	return page.evaluate(() => [...document.querySelectorAll('#forum-panel .empty, #forum-panel .error-box')]
		.filter((el) => el.getClientRects().length && !el.closest('[hidden]'))
		.map((el) => ((el.closest('section') || {}).id || '?') + (el.id ? '#' + el.id : '') + ': ' + el.textContent.trim()));
}

const count = (page, sel) => page.locator(sel).count();
const text = async (page, sel) => ((await page.textContent(sel)) || '').replace(/\s+/g, ' ').trim();

// per tab, what the secretariat must see there
const SECRETARIAT = {
	overview: async (p) => {
		assert(await text(p, '#crisis-reported') === '7 / 8', '7 of 8 reported: ' + await text(p, '#crisis-reported'));
		assert(await count(p, '#crisis-late li') === 1, 'one late member');
		assert(/Eksempel Bank 5 A\/S/.test(await text(p, '#crisis-late li[data-member="bank5"]')), 'Eksempel Bank 5 late');
		assert(await count(p, '#forum-top-risks tr[data-risk]') === 5, 'five top risks');
	},
	sharing: async (p) => assert(await count(p, '#share-table tbody tr') > 0, 'its shares'),
	crisis: async (p) => {
		assert(await count(p, '#crisis-table tr[data-status="open"]') === 1, 'the open crisis listed');
		assert(await count(p, '#crisis-late li[data-member="bank5"]') === 1 && await count(p, '#crisis-late li') === 1, 'bank5 alone late');
		assert(await count(p, '#decision-table tr[data-decision]') === 4, 'four decisions');
		assert(await count(p, '#crisis-close-form') === 1, 'the crisis can be closed');
	},
	analysis: async (p) => assert(await count(p, '#analysis-spof-table tr[data-function]') > 0, 'single points of failure'),
	register: async (p) => {
		assert(await count(p, '#register-table tr[data-risk]') === 5, 'five risks');
		assert(await count(p, '#register-table tr[data-risk][data-trend="up"]') === 2, 'two risks rising');
		assert(await count(p, '#measure-table tr[data-measure]') === 4, 'four measures');
		assert(await count(p, '#measure-table tr[data-measure="M1"][data-updates="2"]') === 1, 'M1 updated twice');
	},
	redteam: async (p) => {
		const phases = await p.$$eval('#redteam-table tr[data-phase]', (rs) => [...new Set(rs.map((r) => r.dataset.phase))].sort());
		assert(phases.join() === 'closure,completed,preparation,red_team,threat_intelligence', 'all five phases: ' + phases);
		assert(await text(p, '#redteam-aggregate-figures [data-figure="tested_members"] dd') === '5', 'the aggregate over 5 tested members');
		assert(await count(p, '#redteam-aggregate-severity tr[data-severity="high"][data-findings="5"]') === 1, 'high findings counted');
	},
	baseline: async (p) => {
		assert(await count(p, '#campaign-table tr[data-campaign]') === 2, 'two campaigns');
		assert(await count(p, '#baseline-aggregate-members[data-members="7"]') === 1, 'the aggregate over 7 members');
		assert(await count(p, '#baseline-aggregate-table tr.fp-area-row[data-members="7"]') === 6, 'six areas shown');
	},
	survey: async (p) => {
		assert(await count(p, '#survey-respondents[data-respondents="7"]') === 1, '7 respondents');
		assert(await p.getAttribute('#survey-ranking-q1 tbody tr:first-child', 'data-topic') === 'third_party_failure', 'third-party failure first');
		assert(await count(p, '#survey-candidates-table tr[data-ref]') > 0, 'risk candidates');
	},
};

// per tab, what bank1 must see there
const MEMBER = {
	overview: async (p) => {
		assert(await count(p, '#own-latest[data-worst="amber"]') === 1, 'its own latest report (amber)');
		assert(await count(p, '#sector-counts') === 1, 'the sector figures (7 members reporting)');
		assert(await count(p, '#report-form') === 1, 'the status-report form');
		assert(await count(p, '#spof-table tr[data-function]') > 0, 'its single points of failure');
	},
	sharing: async (p) => assert(await count(p, '#share-table tbody tr') > 0, 'its shares'),
	crisis: async (p) => {
		assert(await count(p, '#forum-crisis .crisis-head') === 1, 'the open crisis');
		assert(await count(p, '#decision-table tr[data-decision]') === 4, 'the four decisions');
	},
	analysis: async (p) => assert(await count(p, '#analysis-spof-table tr[data-function]') > 0, 'its single points of failure'),
	register: async (p) => {
		assert(await count(p, '#register-table tr[data-risk]') === 5, 'five risks');
		assert(await count(p, '#measure-table tr[data-measure]') === 4, 'four measures');
	},
	redteam: async (p) => {
		assert(await count(p, '#redteam-table tr[data-phase="red_team"]') === 1, 'its test in the red-team phase');
		assert(await count(p, '#finding-table tr[data-finding]') === 3, 'its three findings');
		assert(await count(p, '#redteam-status-table tr[data-member="bank1"]') === 1, 'its cycle');
	},
	baseline: async (p) => {
		assert(await count(p, '#answer-form') === 1, 'the open campaign to answer');
		assert(await count(p, '#baseline-feedback-table tr[data-suppressed="0"]') === 6, 'feedback in six areas against 7 members');
	},
	survey: async (p) => {
		assert(await count(p, '#response-form') === 1, 'its response');
		assert(await count(p, '#survey-respondents[data-respondents="7"]') === 1, 'the results: 7 respondents');
	},
};

async function tabs(page, who, expect) {
	for (const [tab, fn] of Object.entries(expect)) {
		await check(who + ': the ' + tab + ' tab has data', async () => {
			await openTab(page, tab);
			const none = await nothingShown(page);
			await st.shot(who + '-' + tab);
			assert(!none.length, 'shows ' + none.join(' | '));
			await fn(page);
		});
	}
}

async function main() {
	await check('a server on the example forum with its activity as of now, a secretariat user and bank1\'s isk', async () => {
		srv = await forumServer([['sek', 'nationalbanken', 'secretariat'], ['isk1', 'bank1', 'isk']], setup);
	}, {required: true});
	if (st.blocked) return;

	const browser = await launch();
	try {
		const sek = await st.newPage(browser);
		await check('the secretariat logs in and opens the forum', async () => {
			await firstLogin(sek, srv.base, 'sek', srv.once.sek, PW.sek);
			await openForum(sek);
			assert(await sek.getAttribute('#forum-header', 'data-secretariat') === '1', 'as its secretariat');
		}, {required: true});
		await tabs(sek, 'secretariat', SECRETARIAT);

		const bank = await st.newPage(browser);
		await check('bank1\'s isk logs in and opens the forum', async () => {
			await firstLogin(bank, srv.base, 'isk1', srv.once.isk1, PW.isk1);
			await openForum(bank);
			assert(await bank.getAttribute('#forum-header', 'data-secretariat') === '0', 'as a member');
		}, {required: true});
		await tabs(bank, 'bank1', MEMBER);

		await check('no CSP violations or script errors', async () => {
			assert(!st.problems.length, st.problems.slice(0, 5).join(' | '));
		});
	} finally {
		await browser.close().catch(() => {});
	}
}

finish(st, main(), () => (srv ? srv.stop() : null));
