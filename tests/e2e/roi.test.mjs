// The DORA Register of Information page (web/js/roi.js, docs/roi.md) in a real browser, on a server
// of its own (forum_lib.mjs) with the example forum, whose bank1 keeps a complete register that
// passes the EBA's check. Users made with the CLI: `isk1` (isk on bank1: may edit), `rev1` (auditor
// on bank1: may only read) and `adm1` (admin on bank1: may import; enrols TOTP at first login).
//
//   1. bank1's isk opens the page: "Klar til indberetning" for 31 December of last year, the
//      tables with the code lists' Danish labels (Rammeaftale, S17 Cloudtjenester: IaaS, …);
//   2. downloads the package: a zip (its bytes start with "PK");
//   3. changes an arrangement's annual cost, which persists across a reload; a value the server
//      refuses names its field; an arrangement is added and deleted again;
//   4. clears a provider's country: the violation is listed with its table, row and column, and
//      the package is refused with the reason; the country restored, the register is ready again;
//   5. an edit that lost the race to a colleague (412) opens the conflict panel, "overwrite" keeps
//      both changes;
//   6. the auditor sees no edit controls; the admin imports the downloaded package (and a file
//      that is no package is refused);
//   7. English, labels on every control, visible focus, no sideways scroll at tablet width, no
//      CSP violation or script error.
//
// Environment: SKJOLD_BIN (the binary), SKJOLD_E2E_ARTIFACTS (screenshots), CHROMIUM.
// Each checked step counts once; the last line is `RESULT <passed> <failed>`.

import fs from 'node:fs';
import {assert, harness, forumServer, launch, firstLogin, unlabelled, finish} from './forum_lib.mjs';
import {totp, stepNow} from './totp.mjs';

const PW = {isk1: 'roi-Bank1-isk-2026', rev1: 'roi-Bank1-revisor-2026', adm1: 'roi-Bank1-admin-2026'};
const st = harness('roi');
const check = st.check;
const shot = st.shot;
let srv = null;

const text = async (page, sel) => ((await page.textContent(sel)) || '').replace(/\s+/g, ' ').trim();
const lastYearEnd = () => (Number(new Intl.DateTimeFormat('en-CA', {timeZone: 'Europe/Copenhagen', year: 'numeric'})
	.format(new Date())) - 1) + '-12-31';

/* The register page through the main menu, once its check is drawn. */
async function openRoi(page) {
	await page.click('#app-header nav a[href="#/roi"]');
	await page.waitForFunction(() => document.body.dataset.page === 'roi' && document.body.dataset.ready === '1');
	await page.waitForSelector('#roi-check[data-state="ok"], #roi-check[data-state="violations"], #roi-check[data-state="error"]');
}

/* Submit a form of the page and wait until it is saved (the form closes), refused or in conflict. */
async function submit(page, id) {
	await page.click('#' + id + '-submit');
	await page.waitForFunction((f) => !document.getElementById(f) || !!document.querySelector('#' + f + '-status.error') ||
		!!document.getElementById(f + '-conflict'), id);
	const err = await page.$('#' + id + '-status.error');
	return err ? (await err.textContent()).trim() : null;
}

const arrRow = (ref) => '#roi-arrangement-table tr[data-ref="' + ref + '"]';
const provRow = (node) => '#roi-provider-table tr[data-node="' + node + '"]';

async function main() {
	await check('a server on the example forum with an isk, an auditor and an admin of bank1', async () => {
		srv = await forumServer([['isk1', 'bank1', 'isk'], ['rev1', 'bank1', 'auditor'], ['adm1', 'bank1', 'admin']]);
	}, {required: true});
	if (st.blocked) return;

	const browser = await launch();
	let zip = null;
	try {
		const page = await st.newPage(browser);
		page.on('dialog', (d) => d.accept()); // the page confirms deletes and imports

		await check('1. bank1\'s isk opens the register: ready to file as of 31 December last year', async () => {
			await firstLogin(page, srv.base, 'isk1', srv.once.isk1, PW.isk1);
			assert(await page.inputValue('#org-select') === 'bank1', 'acting for bank1');
			assert(await page.locator('#app-header nav a[href="#/roi"]:has-text("Informationsregister")').count() === 1, 'nav entry');
			await openRoi(page);
			assert(await page.inputValue('#roi-as-of') === lastYearEnd(), 'default reference date: ' + await page.inputValue('#roi-as-of'));
			await page.waitForSelector('#roi-ready');
			assert(/Klar til indberetning/.test(await text(page, '#roi-ready')), 'ready: ' + await text(page, '#roi-ready'));
			assert(await page.locator('#roi-violations').count() === 0, 'no violations table');
			await shot('01-ready');
		}, {required: true});

		await check('the tables carry the code lists\' Danish labels', async () => {
			assert(await page.locator('#roi-arrangement-table tbody tr').count() === 10, 'ten arrangements');
			assert(/Rammeaftale/.test(await text(page, arrRow('K-2024-008') + ' td.roi-type')), 'overarching: ' +
				await text(page, arrRow('K-2024-008')));
			assert(/Efterfølgende|K-2024-008/.test(await text(page, arrRow('K-2025-008A') + ' td.roi-type')), 'subsequent → its overarching');
			assert(/S17 Cloudtjenester: IaaS/.test(await text(page, arrRow('K-2021-002') + ' td.roi-services')), 'S17 label');
			assert(/Nordsky Cloud A\/S/.test(await text(page, arrRow('K-2021-002'))), 'the provider by name');
			assert(/F2 Netbank/.test(await text(page, arrRow('K-2021-002'))), 'the function it supports');
			assert(/2\.400\.000 DKK/.test(await text(page, arrRow('K-2021-002') + ' td.roi-cost')), 'cost: ' +
				await text(page, arrRow('K-2021-002') + ' td.roi-cost'));
			assert(/410\.000 EUR/.test(await text(page, arrRow('K-2023-006') + ' td.roi-cost')), 'the arrangement\'s own currency');
			assert(await page.locator('#roi-provider-table tbody tr').count() === 9, 'nine providers');
			const kd = await text(page, provRow('ict-kortdrift'));
			assert(/Kortdrift Nordic AB/.test(kd) && /Sverige/.test(kd) && /LEI/.test(kd), 'provider row: ' + kd);
			assert(/Nordsky Cloud A\/S/.test(await text(page, provRow('ict-fibernet'))), 'the parent by name');
			const f1 = await text(page, '#roi-function-table tr[data-id="F1"]');
			assert(/Betalingsformidling/.test(f1) && /Ja/.test(f1) && /4 \(fra kortet\)/.test(f1), 'F1: ' + f1);
			assert(/Malmö/.test(await text(page, '#roi-branch-table tr[data-id="SE-MALMO"]')), 'the branch');
			assert(/Sverige/.test(await text(page, '#roi-branch-table tr[data-id="SE-MALMO"]')), 'the branch\'s country');
		});

		await check('2. the package downloads as a zip (PK) named as the filing rules ask', async () => {
			assert(await page.getAttribute('#roi-package', 'href') !== null, 'a link while the check passes');
			const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#roi-package')]);
			zip = fs.readFileSync(await dl.path());
			assert(zip.length > 100 && zip.subarray(0, 2).toString('latin1') === 'PK', 'zip bytes: ' + zip.subarray(0, 4).toString('hex'));
			const name = dl.suggestedFilename();
			assert(/^9845001BANK1EKSMPL90\.CON_DK_DORA010100_DORA_\d{4}-12-31_\d{17}\.zip$/.test(name), 'name: ' + name);
		});

		await check('3. an arrangement\'s annual cost is changed, and is still there after a reload', async () => {
			await page.click(arrRow('K-2021-002') + ' button[data-action="edit"]');
			await page.waitForSelector('#roi-arrangement-form');
			assert(await page.inputValue('#roi-arr-annual_cost') === '2400000', 'the form shows the cost');
			assert(await page.inputValue('#roi-arr-services-0-type') === 'S17', 'the service type preselected');
			assert(await page.isChecked('#roi-arrangement-form input[name="services[0].functions"][value="s-netbank"]'), 'its function ticked');
			const bad = await unlabelled(page);
			assert(!bad.length, 'unlabelled: ' + bad.join(' | '));
			await shot('03-arrangement-form');
			await page.fill('#roi-arr-annual_cost', '2500000');
			const err = await submit(page, 'roi-arrangement-form');
			assert(!err, 'saved: ' + err);
			assert(/K-2021-002/.test(await text(page, '#roi-saved-status')), 'the status names it');
			assert(/2\.500\.000 DKK/.test(await text(page, arrRow('K-2021-002') + ' td.roi-cost')), 'the new cost shown');
			await page.reload();
			await page.waitForFunction(() => document.body.dataset.page === 'roi' && document.body.dataset.ready === '1');
			assert(/2\.500\.000 DKK/.test(await text(page, arrRow('K-2021-002') + ' td.roi-cost')), 'kept after a reload');
			await page.waitForSelector('#roi-ready');
		}, {required: true});

		await check('a value the server refuses shows the field it names, and nothing is saved', async () => {
			await page.click(arrRow('K-2021-002') + ' button[data-action="edit"]');
			await page.fill('#roi-arr-annual_cost', '-5');
			const err = await submit(page, 'roi-arrangement-form');
			assert(err && /arrangements\[\d+\]\.annual_cost/.test(err), 'the field named: ' + err);
			assert(await page.getAttribute('#roi-arr-annual_cost', 'aria-invalid') === 'true', 'the control marked');
			await page.click('#roi-arrangement-form-cancel');
			assert(await page.locator('#roi-arrangement-form').count() === 0, 'the form closed');
			assert(/2\.500\.000 DKK/.test(await text(page, arrRow('K-2021-002') + ' td.roi-cost')), 'unchanged');
		});

		await check('an arrangement is added through the form and deleted again', async () => {
			await page.click('#roi-add-arrangement');
			await page.waitForSelector('#roi-arrangement-form');
			await page.fill('#roi-arr-ref', 'K-E2E-001');
			await page.selectOption('#roi-arr-type', 'standalone');
			await page.selectOption('#roi-arr-provider', 'ict-arkivsky');
			await page.fill('#roi-arr-start', '2025-02-01');
			await page.fill('#roi-arr-annual_cost', '75000');
			await page.selectOption('#roi-arr-services-0-type', 'S09');
			await page.check('#roi-arrangement-form input[name="services[0].functions"][value="p-kredit"]');
			const err = await submit(page, 'roi-arrangement-form');
			assert(!err, 'saved: ' + err);
			const row = await text(page, arrRow('K-E2E-001'));
			assert(/Selvstændig aftale/.test(row) && /Arkivsky GmbH/.test(row) && /75\.000 DKK/.test(row) && /S09/.test(row), 'the new row: ' + row);
			await page.click(arrRow('K-E2E-001') + ' button[data-action="delete"]');
			await page.waitForFunction((sel) => !document.querySelector(sel), arrRow('K-E2E-001'));
			assert(await page.locator('#roi-arrangement-table tbody tr').count() === 10, 'ten again');
			await page.waitForSelector('#roi-ready');
		});

		await check('4. a provider without its country: the violation by table, row and column, the package refused', async () => {
			await page.click(provRow('ict-nordsky') + ' button[data-action="edit"]');
			await page.waitForSelector('#roi-provider-form');
			assert(await page.inputValue('#roi-prov-country') === 'DK', 'the country preselected');
			await page.selectOption('#roi-prov-country', '');
			const err = await submit(page, 'roi-provider-form');
			assert(!err, 'saved: ' + err);
			await page.waitForSelector('#roi-not-ready');
			const rows = await page.$$eval('#roi-violations tbody tr', (trs) => trs.map((r) => ({...r.dataset, text: r.textContent})));
			const v = rows.find((r) => r.table === 'B_05.01');
			assert(v, 'a violation of B_05.01: ' + JSON.stringify(rows));
			assert(/^\d+$/.test(v.row) && /^c\d{4}$/.test(v.column), 'row and column: ' + JSON.stringify(v));
			assert(v.text.includes(v.table) && v.text.includes(v.column), 'shown: ' + v.text);
			assert(/\d+ overtrædelse/.test(await text(page, '#roi-not-ready')), 'the count: ' + await text(page, '#roi-not-ready'));
			assert(await page.isDisabled('#roi-package'), 'the package button disabled');
			assert(/uden overtrædelser/.test(await text(page, '#roi-package-why')), 'and why');
			await shot('04-violation');
		}, {required: true});

		await check('the country restored, the register is ready to file again', async () => {
			await page.click(provRow('ict-nordsky') + ' button[data-action="edit"]');
			await page.selectOption('#roi-prov-country', 'DK');
			const err = await submit(page, 'roi-provider-form');
			assert(!err, 'saved: ' + err);
			await page.waitForSelector('#roi-ready');
			assert(/Danmark/.test(await text(page, provRow('ict-nordsky') + ' td.roi-country')), 'Danmark');
			assert(!(await page.isDisabled('#roi-package')), 'the package offered again');
		}, {required: true});

		await check('a check for another reference date runs on request', async () => {
			await page.fill('#roi-as-of', '2024-12-31');
			await page.click('#roi-check-run');
			await page.waitForFunction(() => /2024-12-31/.test(document.getElementById('roi-check').textContent) &&
				document.getElementById('roi-check').dataset.state !== 'busy');
			// K-2025-008A started in 2025: after that reference date
			const rows = await page.$$eval('#roi-violations tbody tr', (trs) => trs.map((r) => r.dataset.rule));
			assert(rows.includes('date_order'), 'a start after the reference date: ' + JSON.stringify(rows));
			assert(await page.isDisabled('#roi-package'), 'no package for it');
			await page.fill('#roi-as-of', lastYearEnd());
			await page.click('#roi-check-run');
			await page.waitForSelector('#roi-ready');
		});

		// a colleague's change goes through the API with a token of the isk's
		const token = JSON.parse(srv.cli(['token', 'add', '--user', 'isk1', '--org', 'bank1', '--role', 'isk',
			'--name', 'e2e colleague'])).token;
		const api = async (method, body, headers = {}) => {
			const r = await fetch(srv.base + '/api/v1/orgs/bank1/roi', {method,
				headers: {Authorization: 'Bearer ' + token, ...(body ? {'Content-Type': 'application/json'} : {}), ...headers},
				body: body ? JSON.stringify(body) : undefined});
			return {status: r.status, etag: r.headers.get('ETag'), json: await r.json().catch(() => null)};
		};

		await check('5. an edit that lost the race opens the conflict panel; "overwrite" keeps both changes', async () => {
			await page.click(arrRow('K-2022-004') + ' button[data-action="edit"]');
			await page.fill('#roi-arr-annual_cost', '1900000');
			const cur = await api('GET');
			const arrs = cur.json.arrangements.map((a) => (a.ref === 'K-2022-004' ? {...a, notice_entity_days: 90} : a));
			const w = await api('PATCH', {updated_on: '2025-12-20', arrangements: arrs}, {'If-Match': cur.etag});
			assert(w.status === 200, 'the colleague\'s edit: ' + w.status + ' ' + JSON.stringify(w.json));
			await submit(page, 'roi-arrangement-form');
			await page.waitForSelector('#roi-arrangement-form-conflict');
			const diff = await page.$$eval('#roi-arrangement-form-conflict-diff tbody tr.differs', (trs) => trs.map((x) => x.dataset.field).sort());
			assert(JSON.stringify(diff) === JSON.stringify(['annual_cost', 'notice_entity_days']), 'differing: ' + JSON.stringify(diff));
			await shot('05-conflict');
			await page.click('#roi-arrangement-form-conflict-overwrite');
			await page.waitForSelector('#roi-arrangement-form', {state: 'detached'});
			assert(/1\.900\.000 DKK/.test(await text(page, arrRow('K-2022-004') + ' td.roi-cost')), 'my cost shown');
			const after = (await api('GET')).json;
			const a = after.arrangements.find((x) => x.ref === 'K-2022-004');
			assert(a.annual_cost === 1900000, 'my change stored: ' + a.annual_cost);
			assert(after.updated_on === '2025-12-20', 'the colleague\'s other change kept: ' + after.updated_on);
			await page.waitForSelector('#roi-ready');
		});

		await check('the page speaks English on request: the code lists\' English labels', async () => {
			await page.click('#lang-switch');
			await page.waitForSelector('#app-header nav a:has-text("Register of information")');
			await page.waitForFunction(() => document.body.dataset.page === 'roi' && document.body.dataset.ready === '1');
			assert(/Ready to file/.test(await text(page, '#roi-ready')), 'ready in English');
			assert(/Overarching arrangement/.test(await text(page, arrRow('K-2024-008') + ' td.roi-type')), 'overarching in English');
			assert(/S17 Cloud services: IaaS/.test(await text(page, arrRow('K-2021-002') + ' td.roi-services')), 'S17 in English');
			assert(/Annual cost/.test(await text(page, '#roi-arrangement-table thead')), 'headings in English');
			await shot('06-english');
			await page.click('#lang-switch');
			await page.waitForSelector('#app-header nav a:has-text("Informationsregister")');
			await page.waitForFunction(() => document.body.dataset.ready === '1');
		});

		await check('labels on every control, visible focus, no sideways scroll at tablet width', async () => {
			await page.click(provRow('ict-kernebank') + ' button[data-action="edit"]');
			let bad = await unlabelled(page);
			assert(!bad.length, 'unlabelled: ' + bad.join(' | '));
			await page.click('#roi-provider-form-cancel');
			await page.focus('#roi-add-provider');
			await page.keyboard.press('Shift+Tab');
			await page.keyboard.press('Tab');
			const f = await page.evaluate(() => {
				const el = document.activeElement;
				const cs = getComputedStyle(el);
				return {id: el.id, outline: cs.outlineStyle, width: cs.outlineWidth};
			});
			assert(f.id === 'roi-add-provider' && f.outline !== 'none' && f.width !== '0px', 'visible focus: ' + JSON.stringify(f));
			await page.setViewportSize({width: 768, height: 1024});
			await page.click(arrRow('K-2019-001') + ' button[data-action="edit"]');
			await page.waitForTimeout(300);
			const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
			await shot('07-tablet');
			assert(over <= 1, 'overflows by ' + over + ' px');
			bad = await unlabelled(page);
			assert(!bad.length, 'unlabelled: ' + bad.join(' | '));
			await page.click('#roi-arrangement-form-cancel');
			await page.setViewportSize({width: 1366, height: 900});
		});

		await check('no CSP violations or script errors (isk)', async () => {
			assert(!st.problems.length, st.problems.slice(0, 5).join(' | '));
		});

		const rev = await st.newPage(browser);
		await check('6. the auditor reads the register but sees no edit controls and no import', async () => {
			await firstLogin(rev, srv.base, 'rev1', srv.once.rev1, PW.rev1);
			await openRoi(rev);
			await rev.waitForSelector('#roi-ready');
			await rev.waitForSelector('#roi-read-only');
			assert(await rev.locator('#roi-arrangement-table tbody tr').count() === 10, 'the arrangements listed');
			assert(await rev.locator('#roi-add-arrangement, #roi-add-provider, button[data-action]').count() === 0, 'no edit controls');
			assert(await rev.locator('#roi-import').count() === 0, 'no import');
			assert(await rev.locator('a#roi-package').count() === 1, 'the package may be downloaded');
		});

		const adm = await st.newPage(browser);
		adm.on('dialog', (d) => d.accept());
		await check('the admin imports the downloaded package: all of it, and the register is still ready', async () => {
			assert(zip, 'the package of step 2');
			await adm.goto(srv.base + '/');
			await adm.waitForSelector('#login-form');
			await adm.fill('#login-form [name=user]', 'adm1');
			await adm.fill('#login-form [name=password]', srv.once.adm1);
			await adm.click('#login-submit');
			await adm.waitForSelector('#password-form');
			await adm.fill('#password-form [name=new]', PW.adm1);
			await adm.fill('#password-form [name=new2]', PW.adm1);
			await adm.click('#password-submit');
			await adm.waitForSelector('#totp-form');
			const secret = (await adm.textContent('#totp-secret')).trim();
			await adm.fill('#totp-form [name=code]', totp(secret, stepNow()));
			await adm.click('#totp-submit');
			await adm.waitForFunction(() => ['orgs', 'dashboard'].includes(document.body.dataset.page) && !!document.getElementById('logout'));
			await openRoi(adm);
			await adm.waitForSelector('#roi-import-form');
			const bad = await unlabelled(adm);
			assert(!bad.length, 'unlabelled: ' + bad.join(' | '));
			await adm.setInputFiles('#roi-import-file', {name: 'bank1.zip', mimeType: 'application/zip', buffer: zip});
			await adm.click('#roi-import-run');
			await adm.waitForSelector('#roi-import-status.ok, #roi-import-status.error');
			const msg = await text(adm, '#roi-import-status');
			assert(/Indlæst/.test(msg) && /9 udbydere/.test(msg) && /10 aftaler/.test(msg), 'imported: ' + msg);
			await adm.waitForSelector('#roi-ready');
			// the package was taken before the cost changes of step 3 and 5: the register is the package's again
			assert(/2\.400\.000 DKK/.test(await text(adm, arrRow('K-2021-002') + ' td.roi-cost')), 'the package\'s cost');
			await shot('08-imported');
		});

		await check('a file that is no package is refused, and nothing changes', async () => {
			await adm.setInputFiles('#roi-import-file', {name: 'not.zip', mimeType: 'application/zip', buffer: Buffer.from('not a zip at all')});
			await adm.click('#roi-import-run');
			await adm.waitForSelector('#roi-import-status.error');
			assert(/Intet er indlæst/.test(await text(adm, '#roi-import-status')), 'refused: ' + await text(adm, '#roi-import-status'));
			assert(await adm.locator('#roi-arrangement-table tbody tr').count() === 10, 'the register as it was');
		});

		await check('no CSP violations or script errors', async () => {
			assert(!st.problems.length, st.problems.slice(0, 5).join(' | '));
		});
	} finally {
		await browser.close().catch(() => {});
	}
}

finish(st, main(), () => srv && srv.stop());
