// The sector forum's programme tabs in a real browser (forum_programmes.js): the risk register,
// the red-team programme, the baseline and the annual survey, on the example forum
// (scripts/example-forum.sh) with `sek` (secretariat, nationalbanken) and `isk1` (isk, bank1).
// The CLI loads what is not the point of a check: five banks' completed TIBER-DK tests and bank1's
// test in its red-team phase (before the server starts), and, once the secretariat has opened them
// through the page, four banks' baseline answers and survey responses. Every figure asserted is
// worked out by hand below from these inputs.
//
// Baseline (NIS2 art. 21(2), areas a, b, c): bank2..bank5 answer a = 1, 2, 2, 5 and b = 3 each;
// bank1 answers a = 4, b = 1, c = 3 through the form. Area a: scores 1 2 2 4 5, median 2, Q1 2
// (h = 1), Q3 4 (h = 3); bank1 has 3 below and 1 equal: 100 × 3.5 / 5 = 70. Area b: 1 3 3 3 3,
// median, Q1 and Q3 3, bank1 at 100 × 0.5 / 5 = 10. Area c: bank1 alone, "færre end 5".
// Survey (rank 3 of the default concerns; Borda 3-2-1): bank2 ransomware, third party, DDoS;
// bank3 third party, ransomware, cyber attack; bank4 ransomware, DDoS, third party; bank5 data
// centre, ransomware, third party; bank1 (form) third party, data centre, ransomware. Ransomware
// 3+2+3+2+1 = 11 (rank 1), third party 2+3+1+1+3 = 10 (rank 2), data centre 3+2 = 5 (rank 3,
// mentioned by 2: "færre end 5"), DDoS 1+2 = 3, cyber attack 1.
// Register (the default 5×5 scale): R1 at L3×C5 = 15, Kritisk, re-rated L2×C4 = 8, Medium (trend
// falling, two ratings); R2 from the ransomware candidate at L4×C4 = 16, Høj, first in the register.
// bank1's incident inc-e2e is shared AMBER with the secretariat alone, so a GREEN risk citing it is
// refused (a risk's label is no wider than its sources').
//
// Environment: SKJOLD_BIN, SKJOLD_E2E_ARTIFACTS, CHROMIUM. The last line is `RESULT <passed> <failed>`.

import {assert, harness, forumServer, launch, firstLogin, login, openForum, openTab, unlabelled, finish} from './forum_lib.mjs';

const PW = {sek: 'forum-Sekretariat-2026', isk1: 'forum-Bank1-isk-2026'};
const st = harness('forum-programmes');
const check = st.check;
const shot = st.shot;
let srv = null;

const DAY = 86400000;
// a date n days from today as the server and the UI count days: in Copenhagen (from 23:00 or
// 22:00 UTC the UTC date is a day behind, and a delivery "today" fell before the phase began)
const day = (n) => new Intl.DateTimeFormat('en-CA', {timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit',
	day: '2-digit'}).format(new Date(Date.now() + n * DAY));
const YEAR = Number(day(0).slice(0, 4));
// an attestation about 100 days ago on a day that every month has (no month-end clamping)
const ATTESTED = (() => {
	const d = day(-100);
	const dd = Number(d.slice(8, 10));
	return dd > 28 ? day(-100 - (dd - 28)) : d;
})();
const NEXT_DUE = (Number(ATTESTED.slice(0, 4)) + 3) + ATTESTED.slice(4);
const BANKS = ['bank2', 'bank3', 'bank4', 'bank5'];

function item(cli, org, kind, body, parent) {
	return JSON.parse(cli(['forum', 'item', 'add', '--forum', 'fsor', '--org', org, '--kind', kind,
		...(parent ? ['--parent', parent] : []), '--body', '-'], JSON.stringify(body)));
}

/* A member's test: the server makes its id. */
function test(cli, org, body) {
	return item(cli, org, 'redteam', body);
}

/* Completed TIBER-DK tests of bank2..bank6, and bank1's test in its red-team phase. */
function setup(cli) {
	for (const b of ['bank2', 'bank3', 'bank4', 'bank5', 'bank6']) {
		test(cli, b, {
			title: 'TIBER-DK', phase: 'completed', critical_functions: ['Betalingsformidling'],
			phases: {
				preparation: {start: day(-400), end: day(-350)}, threat_intelligence: {start: day(-349), end: day(-300)},
				red_team: {start: day(-299), end: day(-200), active_start: day(-290), active_end: day(-200)},
				closure: {start: day(-199), end: day(-100)},
			},
			deliverables: {
				scope_specification: {actual: day(-360)}, tti_report: {actual: day(-310)}, red_team_test_plan: {actual: day(-295)},
				red_team_test_report: {actual: day(-190)}, blue_team_report: {actual: day(-180)}, replay_workshop: {actual: day(-170)},
				feedback_360: {actual: day(-160)}, test_summary_report: {actual: day(-150)}, remediation_plan: {actual: day(-140)},
				attestation: {actual: ATTESTED},
			},
		});
	}
	// an incident bank1 shares AMBER with the secretariat alone: a risk citing it must be AMBER too
	cli(['incident', 'add', '-', '--org', 'bank1'], JSON.stringify({id: 'inc-e2e', title: 'Kernesystem nede',
		occurred_at: day(-3) + 'T08:50:00Z', detected_at: day(-3) + 'T09:30:00Z', nodes: ['sys-core'],
		facts: {significant_disruption: true}}));
	cli(['forum', 'share', '--forum', 'fsor', '--org', 'bank1', '--kind', 'incident', '--target', 'inc-e2e',
		'--tlp', 'AMBER', '--to', 'nationalbanken']);
	// one deliverable overdue: the test plan was due 20 days ago
	test(cli, 'bank1', {
		title: 'TIBER-DK bank1', phase: 'red_team', critical_functions: ['Betalingsformidling'],
		phases: {preparation: {start: day(-60), end: day(-50)}, threat_intelligence: {start: day(-49), end: day(-30)},
			red_team: {start: day(-29), active_start: day(-28)}},
		deliverables: {scope_specification: {actual: day(-55)}, tti_report: {actual: day(-35)}, red_team_test_plan: {planned: day(-20)}},
	});
}

const text = async (page, sel) => ((await page.textContent(sel)) || '').replace(/\s+/g, ' ').trim();
const attr = (page, sel, name) => page.getAttribute(sel, name);
const bad = [];
async function labels(page, where) {
	for (const x of await unlabelled(page)) bad.push(where + ': ' + x);
}

async function main() {
	await check('a server on the example forum with red-team tests and two users', async () => {
		srv = await forumServer([['sek', 'nationalbanken', 'secretariat'], ['isk1', 'bank1', 'isk']], setup);
	}, {required: true});
	if (st.blocked) return;

	const browser = await launch();
	try {
		let page = await st.newPage(browser);
		await check('the secretariat opens the risk register tab', async () => {
			await firstLogin(page, srv.base, 'sek', srv.once.sek, PW.sek);
			await openForum(page, 'register');
			await page.waitForSelector('#risk-form[data-mode="new"]');
			assert(await page.locator('#register-empty').count() === 1, 'an empty register');
		}, {required: true});

		await check('the secretariat adds a risk with two sources: Kritisk, 3 × 5 = 15, new', async () => {
			await page.fill('#risk-form [name=id]', 'R1');
			await page.fill('#risk-form [name=title]', 'Koncentration på én datacentral');
			await page.fill('#risk-form [name=category]', 'operational');
			await page.fill('#risk-form [name=description]', 'Alle banker afhænger af Datacenter Aarhus');
			await page.selectOption('#risk-form [name=likelihood]', '3');
			await page.selectOption('#risk-form [name=consequence]', '5');
			await page.click('#add-source');
			await page.selectOption('#risk-sources .fp-source-row:nth-child(1) [name=source_kind]', 'dependency');
			await page.fill('#risk-sources .fp-source-row:nth-child(1) [name=source_ref]', 'datacentral/dc-aarhus');
			await page.click('#add-source');
			await page.selectOption('#risk-sources .fp-source-row:nth-child(2) [name=source_kind]', 'other');
			await page.fill('#risk-sources .fp-source-row:nth-child(2) [name=source_note]', 'Drøftet på forummets møde');
			await labels(page, 'register (secretariat)');
			await shot('01-risk-form');
			await page.click('#risk-form-submit');
			await page.waitForSelector('#risk-form-status.ok');
			assert(/R1/.test(await text(page, '#risk-form-status')), 'the status names R1');
			const row = '#register-table tr[data-risk="R1"]';
			assert(await attr(page, row, 'data-level') === 'Kritisk' && await attr(page, row, 'data-score') === '15',
				'Kritisk 15: ' + await text(page, row));
			assert(await attr(page, row, 'data-trend') === 'new', 'trend new');
			assert(await page.locator(row + ' .fp-sources li').count() === 2, 'two sources');
			assert(await page.locator('#register-heatmap td[data-l="3"][data-c="5"][data-count="1"]').count() === 1, 'heat map L3×C5');
			assert(await page.locator('#risk-history tbody tr').count() === 1, 'one rating in the history');
		}, {required: true});

		await check('re-rating to 2 × 4 appends to the history: Medium 8, falling', async () => {
			await page.selectOption('#rerate-form [name=likelihood]', '2');
			await page.selectOption('#rerate-form [name=consequence]', '4');
			await page.fill('#rerate-form [name=rationale]', 'Second site tested');
			await page.click('#rerate-form-submit');
			await page.waitForSelector('#rerate-form-status.ok');
			const row = '#register-table tr[data-risk="R1"]';
			assert(await attr(page, row, 'data-level') === 'Medium' && await attr(page, row, 'data-score') === '8',
				'Medium 8: ' + await text(page, row));
			assert(await attr(page, row, 'data-trend') === 'down', 'trend down');
			assert(await page.locator('#risk-history tbody tr').count() === 2, 'two ratings');
			assert(/Second site tested.*sek/.test(await text(page, '#risk-history tr[data-i="1"]')), 'the rationale and the user kept');
			await shot('02-rerated');
		});

		// someone else's edits of R1 go through the API with a token of the secretariat's
		const token = JSON.parse(srv.cli(['token', 'add', '--user', 'sek', '--org', 'nationalbanken', '--role', 'secretariat',
			'--name', 'e2e colleague'])).token;
		const api = async (method, p, body, headers = {}) => {
			const r = await fetch(srv.base + '/api/v1/orgs/nationalbanken/forums/fsor' + p, {method,
				headers: {Authorization: 'Bearer ' + token, ...(body ? {'Content-Type': 'application/json'} : {}), ...headers},
				body: body ? JSON.stringify(body) : undefined});
			return {status: r.status, etag: r.headers.get('ETag'), json: await r.json().catch(() => null)};
		};
		/* A colleague changes R1: read with its ETag, written back under If-Match. */
		const colleague = async (change) => {
			const cur = await api('GET', '/items/risk/R1');
			const w = await api('PUT', '/items/risk/R1', {body: {...cur.json.body, ...change}}, {'If-Match': cur.etag});
			assert(w.status === 200, 'the colleague\'s edit: ' + w.status + ' ' + JSON.stringify(w.json));
			return w.json;
		};
		const stored = async () => (await api('GET', '/items/risk/R1')).json;
		/* The conflict panel's row for a field: [the user's value, the stored one], or null. */
		const conflictRow = (field) => page.$$eval('#risk-form-conflict-diff tr[data-field="' + field + '"] td',
			(tds) => (tds.length ? tds.map((x) => x.textContent.trim()) : null));
		const differing = () => page.$$eval('#risk-form-conflict-diff tbody tr.differs', (trs) => trs.map((x) => x.dataset.field).sort());

		await check('an edit that lost the race shows both versions, overwrites nothing, and "overwrite" saves the user\'s change', async () => {
			await page.click('#risk-edit');
			await page.waitForSelector('#risk-form[data-mode="edit"][data-risk="R1"][data-version="2"]');
			await page.fill('#risk-form [name=title]', 'Koncentration hos Datacentralen');
			// behind the form's back: version 2 → 3
			await colleague({title: 'Koncentration i Aarhus', description: 'Ændret af en kollega'});
			await page.click('#risk-form-submit');
			await page.waitForSelector('#risk-form-conflict');
			await page.waitForSelector('#risk-form-status.error');
			assert(await page.inputValue('#risk-form [name=title]') === 'Koncentration hos Datacentralen', 'the form keeps the input');
			const heads = await page.$$eval('#risk-form-conflict-diff thead th', (ths) => ths.map((x) => x.textContent.trim()));
			assert(heads[1] === 'Din ændring' && heads[2] === 'Gemt af en anden', 'the columns: ' + heads.join(' | '));
			assert((await differing()).join(',') === 'description,title', 'the fields that differ: ' + (await differing()).join(','));
			const title = await conflictRow('title');
			assert(title && title[0] === 'Koncentration hos Datacentralen' && title[1] === 'Koncentration i Aarhus', 'title: ' + title);
			const desc = await conflictRow('description');
			assert(desc && desc[0] === 'Alle banker afhænger af Datacenter Aarhus' && desc[1] === 'Ændret af en kollega', 'description: ' + desc);
			assert(await page.locator('#risk-form-conflict-diff tr.differs mark').count() === 4, 'both sides of both fields highlighted');
			assert(/sek/.test(await text(page, '#risk-form-conflict')), 'who saved the stored version');
			const before = await stored();
			assert(before.version === 3 && before.body.title === 'Koncentration i Aarhus' && before.body.description === 'Ændret af en kollega',
				'nothing overwritten: ' + JSON.stringify(before.body).slice(0, 200));
			await shot('02b-conflict');
			await page.click('#risk-form-conflict-overwrite');
			await page.waitForSelector('#risk-form-status.ok');
			assert(await page.locator('#risk-form-conflict').count() === 0, 'the panel closed');
			const after = await stored();
			assert(after.version === 4 && after.body.title === 'Koncentration hos Datacentralen' &&
				after.body.description === 'Alle banker afhænger af Datacenter Aarhus', 'the user\'s version saved: ' + JSON.stringify(after.body).slice(0, 200));
			assert(/Koncentration hos Datacentralen/.test(await text(page, '#register-table tr[data-risk="R1"]')), 'the new title');
			assert(await page.locator('#risk-history tbody tr').count() === 2, 'an edit adds no rating');
		});

		await check('a change saved between reading and writing is caught by If-Match; "discard" shows the stored version', async () => {
			await page.click('#risk-edit');
			await page.waitForSelector('#risk-form[data-mode="edit"][data-version="4"]');
			await page.fill('#risk-form [name=title]', 'En titel der ikke bliver gemt');
			// the colleague saves just before the form's PUT reaches the server (version 4 → 5)
			let seen = null;
			const race = async (route) => {
				if (route.request().method() !== 'PUT') return route.continue();
				await colleague({description: 'Ændret lige før'});
				const resp = await route.fetch();
				seen = {ifMatch: route.request().headers()['if-match'], status: resp.status(), json: await resp.json().catch(() => null)};
				return route.fulfill({response: resp});
			};
			await page.route(/\/items\/risk\/R1$/, race);
			try {
				await page.click('#risk-form-submit');
				await page.waitForSelector('#risk-form-conflict');
			} finally {
				await page.unroute(/\/items\/risk\/R1$/, race);
			}
			assert(seen && /^"[0-9a-f]+"$/.test(seen.ifMatch || ''), 'the PUT carried If-Match: ' + (seen && seen.ifMatch));
			assert(seen.status === 412 && seen.json && seen.json.error.code === 'precondition_failed' && seen.json.error.field === 'If-Match',
				'refused by If-Match: ' + seen.status + ' ' + JSON.stringify(seen.json));
			assert((await differing()).join(',') === 'description,title', 'the fields that differ: ' + (await differing()).join(','));
			const desc = await conflictRow('description');
			assert(desc && desc[1] === 'Ændret lige før', 'the stored description: ' + desc);
			await page.click('#risk-form-conflict-discard');
			await page.waitForSelector('#risk-form[data-mode="edit"][data-version="5"]');
			assert(await page.locator('#risk-form-conflict').count() === 0, 'the panel closed');
			assert(await page.inputValue('#risk-form [name=title]') === 'Koncentration hos Datacentralen' &&
				await page.inputValue('#risk-form [name=description]') === 'Ændret lige før', 'the form shows the stored version');
			const now = await stored();
			assert(now.version === 5 && now.body.title === 'Koncentration hos Datacentralen', 'nothing of the discarded change saved');
			await page.click('#risk-form-cancel');
			await page.waitForSelector('#risk-form[data-mode="new"]');
		});

		await check('a GREEN risk citing bank1\'s AMBER incident is refused, naming the label it needs', async () => {
			// a fresh register tab, the form for a new risk
			await openTab(page, 'overview');
			await openTab(page, 'register');
			await page.waitForSelector('#risk-form[data-mode="new"]');
			await page.fill('#risk-form [name=id]', 'R9');
			await page.fill('#risk-form [name=title]', 'Kernesystemer hos bankerne');
			await page.click('#add-source');
			await page.selectOption('#risk-sources .fp-source-row:nth-child(1) [name=source_kind]', 'incident');
			await page.fill('#risk-sources .fp-source-row:nth-child(1) [name=source_ref]', 'bank1/inc-e2e');
			assert(await page.inputValue('#risk-form [name=tlp]') === 'GREEN', 'GREEN by default');
			await page.click('#risk-form-submit');
			await page.waitForSelector('#risk-form-status.error');
			const msg = await text(page, '#risk-form-status');
			assert(/bank1\/inc-e2e/.test(msg) && /TLP:AMBER/.test(msg) && /ikke TLP:GREEN/.test(msg), 'the refusal, in Danish: ' + msg);
			assert(await page.locator('#register-table tr[data-risk="R9"]').count() === 0, 'nothing saved');
			// a fresh register tab for the checks that follow
			await openTab(page, 'overview');
			await openTab(page, 'register');
			await page.waitForSelector('#risk-form[data-mode="new"]');
		});

		await check('the secretariat adds a measure and records progress on it', async () => {
			await page.fill('#measure-form [name=id]', 'M1');
			await page.fill('#measure-form [name=title]', 'Anden site for clearing');
			await page.selectOption('#measure-form [name=risks]', ['R1']);
			await page.fill('#measure-form [name=due]', day(180));
			await page.selectOption('#measure-form [name=status]', 'in_progress');
			await page.fill('#measure-form [name=progress]', '20');
			await page.click('#measure-form-submit');
			await page.waitForSelector('#measure-form-status.ok');
			assert(await attr(page, '#measure-table tr[data-measure="M1"]', 'data-progress') === '20', 'progress 20');
			assert(/1 af 1 åbne/.test(await text(page, '#register-table tr[data-risk="R1"] .fp-measures')), 'linked in the register');
			await page.selectOption('#measure-update-form [name=measure]', 'M1');
			await page.fill('#measure-update-form [name=progress]', '60');
			await page.fill('#measure-update-form [name=note]', 'Udstyr leveret');
			await page.click('#measure-update-form-submit');
			await page.waitForSelector('#measure-update-form-status.ok');
			const row = '#measure-table tr[data-measure="M1"]';
			assert(await attr(page, row, 'data-progress') === '60', 'progress 60');
			assert(await attr(page, row, 'data-updates') === '1' && /Udstyr leveret/.test(await text(page, row)), 'one update');
			assert(/60 %/.test(await text(page, '#register-table tr[data-risk="R1"] .fp-measures')), 'the register shows 60 %');
			await labels(page, 'register (secretariat, after writes)');
			await shot('03-register');
		});

		await check('the secretariat opens a baseline campaign', async () => {
			await openTab(page, 'baseline');
			await page.fill('#campaign-form [name=id]', 'b-e2e');
			await page.fill('#campaign-form [name=title]', 'Baseline e2e');
			await page.selectOption('#campaign-form [name=catalogue]', 'nis2-art21');
			await page.fill('#campaign-form [name=closes_on]', day(30));
			await labels(page, 'baseline (secretariat)');
			await page.click('#campaign-form-submit');
			await page.waitForSelector('#campaign-form-status.ok');
			// the tab redraws its tables after the write: wait for the redrawn ones, then count
			await page.waitForSelector('#campaign-table tr[data-campaign="b-e2e"][data-status="open"]');
			await page.waitForSelector('#catalogue-table tr[data-catalogue="nist-csf-2.0"]');
			assert(await page.locator('#campaign-table tr[data-campaign="b-e2e"][data-status="open"]').count() === 1, 'open');
			assert(await page.locator('#catalogue-table tr[data-catalogue="nist-csf-2.0"]').count() === 1, 'the shipped catalogues');
			const a = [1, 2, 2, 5];
			BANKS.forEach((b, i) => item(srv.cli, b, 'answer', {items: [{item: '21(2)(a)', maturity: a[i]}, {item: '21(2)(b)', maturity: 3}]}, 'b-e2e'));
		}, {required: true});

		await check('the secretariat opens last year\'s survey', async () => {
			await openTab(page, 'survey');
			await page.fill('#survey-form [name=id]', 's-e2e');
			await page.fill('#survey-form [name=year]', String(YEAR - 1));
			await page.fill('#survey-form [name=rank_count]', '3');
			await labels(page, 'survey (secretariat)');
			await page.click('#survey-form-submit');
			await page.waitForSelector('#survey-form-status.ok');
			assert(await page.locator('#survey-table tr[data-survey="s-e2e"][data-closed="1"]').count() === 1, 'closed (last year)');
			const r = [['ransomware', 'third_party_failure', 'ddos'], ['third_party_failure', 'ransomware', 'cyber_attack'],
				['ransomware', 'ddos', 'third_party_failure'], ['data_centre_outage', 'ransomware', 'third_party_failure']];
			BANKS.forEach((b, i) => item(srv.cli, b, 'response', {answers: [{question: 'q1', ranking: r[i]}]}, 's-e2e'));
		}, {required: true});

		await check('the secretariat sees every member\'s red-team cycle and the anonymised aggregate', async () => {
			await openTab(page, 'redteam');
			await page.waitForSelector('#redteam-status-table');
			assert(await page.locator('#redteam-status-table tbody tr').count() === 6, 'bank1..bank6');
			const b2 = '#redteam-status-table tr[data-member="bank2"]';
			assert(await attr(page, b2, 'data-cycle') === 'ok' && await attr(page, b2, 'data-due') === NEXT_DUE,
				'bank2 due ' + NEXT_DUE + ': ' + await text(page, b2));
			const b1 = '#redteam-status-table tr[data-member="bank1"]';
			assert(await attr(page, b1, 'data-cycle') === 'no_completed_test', 'bank1 has no completed test');
			assert(await text(page, b1 + ' .fp-overdue-deliverables') === '1', 'bank1: the test plan is overdue');
			assert(await text(page, '#redteam-aggregate-figures [data-figure="tested_members"] dd') === '5', 'five tested members');
			assert(await text(page, '#redteam-aggregate-figures [data-figure="findings"] dd') === '0', 'no findings');
			await shot('04-redteam-secretariat');
		});

		page = await st.newPage(browser);
		await check('bank1 sees the register read-only', async () => {
			await firstLogin(page, srv.base, 'isk1', srv.once.isk1, PW.isk1);
			await openForum(page, 'register');
			await page.waitForSelector('#register-table tr[data-risk="R1"][data-level="Medium"]');
			assert(await page.locator('#risk-form, #measure-form').count() === 0, 'no forms for a member');
			assert(await attr(page, '#measure-table tr[data-measure="M1"]', 'data-progress') === '60', 'the measure at 60');
			await page.click('#register-table tr[data-risk="R1"] button[data-action="detail"]');
			await page.waitForSelector('#risk-detail[data-risk="R1"]');
			assert(await page.locator('#risk-history tbody tr').count() === 2 && await page.locator('#rerate-form').count() === 0,
				'the history, without the re-rate form');
		}, {required: true});

		await check('bank1 records a red-team test', async () => {
			await openTab(page, 'redteam');
			await page.waitForSelector('#redteam-status-table tr[data-member="bank1"]');
			const row = '#redteam-status-table tr';
			assert(await page.locator(row).count() === 2 && await attr(page, row + '[data-member="bank1"]', 'data-cycle') === 'no_completed_test',
				'its own cycle only');
			await labels(page, 'red team (member)');
			await page.fill('#redteam-form [name=title]', 'TIBER-DK næste runde');
			await page.fill('#redteam-form [name=scope_planned]', day(60));
			await page.click('#redteam-form-submit');
			await page.waitForSelector('#redteam-form-status.ok');
			assert(await page.locator('#redteam-table tbody tr').count() === 2, 'two tests');
			assert(await page.locator('#redteam-table tr[data-phase="preparation"]').count() === 1, 'the new one in preparation');
			await shot('05-redteam-member');
		});

		await check('bank1 delivers the scope specification and moves its new test on to threat intelligence', async () => {
			const test = await page.getAttribute('#redteam-table tr[data-phase="preparation"]', 'data-test');
			await page.selectOption('#phase-form [name=test]', test);
			await page.waitForSelector('#phase-form[data-test="' + test + '"]');
			await page.fill('#phase-form [name=actual_scope_specification]', day(0));
			await page.fill('#phase-form [name=critical_functions]', 'Betalingsformidling, Netbank');
			await page.check('#phase-form [name=advance]');
			await labels(page, 'red team (phase form)');
			await page.click('#phase-form-submit');
			await page.waitForSelector('#phase-form-status.ok, #phase-form-status.error');
			assert(await page.locator('#phase-form-status.ok').count() === 1, 'refused: ' + await text(page, '#phase-form-status'));
			const row = '#redteam-table tr[data-test="' + test + '"]';
			assert(await attr(page, row, 'data-phase') === 'threat_intelligence', 'now in threat intelligence');
			assert(/Betalingsformidling, Netbank/.test(await text(page, row)), 'the critical functions named');
		});

		await check('bank1 records a finding on its test in the red-team phase and updates its remediation', async () => {
			const test = await page.getAttribute('#redteam-table tr[data-phase="red_team"]', 'data-test');
			await page.selectOption('#finding-form [name=test]', test);
			await page.fill('#finding-form [name=title]', 'Phishing gav adgang til netbank-drift');
			await page.selectOption('#finding-form [name=severity]', 'high');
			await page.selectOption('#finding-form [name=category]', 'social_engineering');
			await page.fill('#finding-form [name=remediation_owner]', 'CISO');
			await page.fill('#finding-form [name=remediation_due]', day(90));
			await page.click('#finding-form-submit');
			await page.waitForSelector('#finding-form-status.ok, #finding-form-status.error');
			assert(await page.locator('#finding-form-status.ok').count() === 1, 'refused: ' + await text(page, '#finding-form-status'));
			assert(await page.locator('#finding-table tr[data-severity="high"][data-remediation="open"]').count() === 1, 'open');
			await page.selectOption('#remediation-form [name=status]', 'in_progress');
			await page.fill('#remediation-form [name=progress]', '40');
			await page.click('#remediation-form-submit');
			await page.waitForSelector('#remediation-form-status.ok, #remediation-form-status.error');
			assert(await page.locator('#remediation-form-status.ok').count() === 1, 'refused: ' + await text(page, '#remediation-form-status'));
			assert(await page.locator('#finding-table tr[data-remediation="in_progress"]').count() === 1, 'in progress');
			assert(await text(page, '#redteam-status-table tr[data-member="bank1"] .fp-open-findings') === '1', 'one open finding');
		});

		await check('bank1 answers the baseline campaign through the form', async () => {
			await openTab(page, 'baseline');
			await page.waitForSelector('#answer-form[data-campaign="b-e2e"]');
			assert(await page.locator('#baseline-feedback [data-state="none"]').count() === 1, 'no feedback before the campaign closes');
			await page.selectOption('#answer-form select[data-item="21(2)(a)"]', '4');
			await page.fill('#answer-form input[data-item="21(2)(a)"]', 'Politik godkendt af bestyrelsen');
			await page.selectOption('#answer-form select[data-item="21(2)(b)"]', '1');
			await page.selectOption('#answer-form select[data-item="21(2)(c)"]', '3');
			await labels(page, 'baseline (member)');
			await page.click('#answer-form-submit');
			await page.waitForSelector('#answer-form-status.ok');
			assert(/3 punkter/.test(await text(page, '#answer-form-status')), await text(page, '#answer-form-status'));
			assert(await page.locator('#answer-form[data-answer]').count() === 1, 'the form now updates the stored answer');
		}, {required: true});

		await check('bank1 ranks its concerns and sees last year\'s Borda ranking', async () => {
			await openTab(page, 'survey');
			await page.waitForSelector('#response-form[data-survey="s-e2e"]');
			await page.selectOption('#response-form [name=rank_q1_1]', 'third_party_failure');
			await page.selectOption('#response-form [name=rank_q1_2]', 'data_centre_outage');
			await page.selectOption('#response-form [name=rank_q1_3]', 'ransomware');
			await labels(page, 'survey (member)');
			await page.click('#response-form-submit');
			await page.waitForSelector('#response-form-status.ok');
			await page.waitForSelector('#survey-results[data-survey="s-e2e"]');
			assert(await attr(page, '#survey-respondents', 'data-respondents') === '5', 'five respondents');
			const r = (topic) => '#survey-results tr[data-topic="' + topic + '"]';
			assert(await attr(page, r('ransomware'), 'data-rank') === '1' && await attr(page, r('ransomware'), 'data-score') === '11', 'ransomware 1st, 11');
			assert(await attr(page, r('third_party_failure'), 'data-rank') === '2' && await attr(page, r('third_party_failure'), 'data-score') === '10',
				'third party 2nd, 10');
			assert(await attr(page, r('data_centre_outage'), 'data-score') === '5' && /færre end 5/.test(await text(page, r('data_centre_outage'))),
				'data centre 5, mentioned by fewer than 5');
			await shot('06-survey-member');
		});

		page = await st.newPage(browser);
		await check('the secretariat closes the campaign and sees the sector aggregate of 5', async () => {
			await login(page, srv.base, 'sek', PW.sek);
			await openForum(page, 'baseline');
			await page.click('#campaign-table button[data-campaign="b-e2e"][data-to="closed"]');
			await page.waitForSelector('#campaign-table tr[data-campaign="b-e2e"][data-status="closed"]');
			await page.waitForSelector('#baseline-aggregate[data-campaign="b-e2e"]');
			assert(await attr(page, '#baseline-aggregate-members', 'data-members') === '5', 'five members answered');
			const a = '#baseline-aggregate-table tr.fp-area-row[data-area="a"]';
			assert(await attr(page, a, 'data-members') === '5', 'area a: 5');
			const cells = await page.$$eval(a + ' td', (tds) => tds.map((x) => x.textContent.trim()));
			assert(cells[1] === '2' && cells[2] === '2' && cells[3] === '4', 'median 2, quartiles 2 and 4: ' + cells.join(' | '));
			assert(/færre end 5/.test(await text(page, '#baseline-aggregate-table tr.fp-area-row[data-area="c"]')), 'area c suppressed');
			await shot('07-baseline-aggregate');
		}, {required: true});

		await check('the secretariat turns the top survey candidate into a forum risk', async () => {
			await openTab(page, 'survey');
			await page.waitForSelector('#survey-candidates-table');
			assert(await page.locator('#survey-candidates-table tbody tr').count() === 5, 'five topics scored');
			await page.click('#survey-candidates-table button[data-candidate="s-e2e/q1/ransomware"]');
			await page.waitForSelector('#candidate-form');
			await page.fill('#candidate-form [name=id]', 'R2');
			await page.selectOption('#candidate-form [name=likelihood]', '4');
			await page.selectOption('#candidate-form [name=consequence]', '4');
			await labels(page, 'survey (candidate)');
			await page.click('#candidate-form-submit');
			await page.waitForSelector('#candidate-form-status.ok');
			assert(await attr(page, '#survey-candidates-table tr[data-ref="s-e2e/q1/ransomware"]', 'data-used') === '1', 'now in the register');
			await openTab(page, 'register');
			await page.waitForSelector('#register-table tr[data-risk="R2"]');
			const rows = await page.$$eval('#register-table tbody tr', (trs) => trs.map((x) => x.dataset.risk + ' ' + x.dataset.level + ' ' + x.dataset.score));
			assert(rows.join(', ') === 'R2 Høj 16, R1 Medium 8', 'the register: ' + rows.join(', '));
			assert(await page.locator('#register-table tr[data-risk="R2"] .fp-sources li[data-kind="survey"][data-ref="s-e2e/q1/ransomware"]').count() === 1,
				'the survey candidate as its source');
			assert(/Ransomware er nr\. 1 af 12 bekymringer, Borda-score 11 fra 5 respondenter/.test(await text(page, '#register-table tr[data-risk="R2"] .fp-sources')),
				'the candidate\'s note');
			await shot('08-register-final');
		});

		await check('the programme tabs speak English on request, Danish terms kept', async () => {
			if (await page.locator('#fp-register').count() === 0) await openTab(page, 'register');
			await page.click('#lang-switch');
			await page.waitForSelector('#fp-register h2:has-text("The forum\'s risk register")');
			assert(/faldende \(falling\)/.test(await text(page, '#register-table tr[data-risk="R1"]')), 'Danish trend with English beside it');
			await page.click('#lang-switch');
			await page.waitForSelector('#fp-register h2:has-text("Forummets risikoregister")');
		});

		page = await st.newPage(browser);
		await check('bank1 sees its percentile against the sector after the close', async () => {
			await login(page, srv.base, 'isk1', PW.isk1);
			await openForum(page, 'baseline');
			await page.waitForSelector('#baseline-feedback[data-campaign="b-e2e"]');
			const row = (a) => '#baseline-feedback-table tr[data-area="' + a + '"]';
			assert(await attr(page, row('a'), 'data-percentile') === '70', 'area a at 70: ' + await text(page, row('a')));
			assert(await text(page, row('a') + ' .fp-median') === '2' && await text(page, row('a') + ' .fp-q1') === '2' &&
				await text(page, row('a') + ' .fp-q3') === '4', 'area a: median 2, quartiles 2 and 4');
			assert(/^4/.test(await text(page, row('a') + ' .fp-own')), 'own score 4');
			assert(await attr(page, row('b'), 'data-percentile') === '10' && await text(page, row('b') + ' .fp-median') === '3', 'area b at 10, median 3');
			assert(await attr(page, row('c'), 'data-suppressed') === '1' && /færre end 5/.test(await text(page, row('c'))) &&
				/^3/.test(await text(page, row('c') + ' .fp-own')), 'area c suppressed, own score 3 kept');
			assert(await page.locator('#answer-form').count() === 0, 'no open campaign left to answer');
			await shot('09-baseline-feedback');
		});

		await check('every form control on the programme tabs has a label', async () => {
			assert(!bad.length, 'unlabelled: ' + bad.slice(0, 6).join(' | '));
		});

		await check('no CSP violations or script errors', async () => {
			assert(!st.problems.length, st.problems.slice(0, 5).join(' | '));
		});
	} finally {
		await browser.close().catch(() => {});
	}
}

finish(st, main(), async () => {
	if (srv) await srv.stop();
});
