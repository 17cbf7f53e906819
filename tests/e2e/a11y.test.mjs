// Accessibility (issue 17): axe-core (npm, tests/e2e/package.json) runs in Debian's chromium on every
// page of the web UI (pages_lib.mjs: the login page, the municipality's dashboard, map, risks,
// incidents and one incident, reports, register of information and organisations, and the sector
// forum's eight tabs as its secretariat), in Danish and in English, and fails on any violation of
// impact "serious" or "critical" under the WCAG 2.1 A and AA rules, naming the rule and the elements.
//
// Environment: SKJOLD_BIN, SKJOLD_E2E_ARTIFACTS, CHROMIUM. The last line is `RESULT <passed> <failed>`.

import {assert, harness, launch, finish, axeSerious as axe} from './forum_lib.mjs';
import {pagesServer, loginPage, walk} from './pages_lib.mjs';

const PW = {da: 'tilgaengelig-Ally-2026', en: 'accessible-Ally-2026'};
const st = harness('a11y');
const check = st.check;
let srv = null;

async function main() {
	await check('a server on the example forum with its activity and the municipality', async () => {
		srv = await pagesServer('ally', 'ally-en');
	}, {required: true});
	if (st.blocked) return;

	const browser = await launch();
	try {
		for (const lang of ['da', 'en']) {
			const page = await st.newPage(browser);
			const user = lang === 'da' ? 'ally' : 'ally-en';
			const visit = (name) => check(name + ' (' + lang + ')', async () => {
				const found = await axe(page);
				if (found.length) await st.shot(name.replace(/[^a-z0-9]+/gi, '-') + '-' + lang);
				assert(!found.length, found.length + ' serious or critical: ' + found.join(' | '));
			});
			await loginPage(page, srv, user, PW[lang], lang, visit);
			await walk(page, lang, visit);
		}
		await check('no console errors or CSP reports on the way', async () => {
			assert(!st.problems.length, st.problems.slice(0, 5).join(' | '));
		});
	} finally {
		await browser.close();
	}
}

finish(st, main(), () => srv && srv.stop());
