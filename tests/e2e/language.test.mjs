// Danish first (issue 17): every page of the web UI (pages_lib.mjs) in Danish shows no English word,
// and in English no Danish word, outside short allow-lists. A word is English when Debian's British
// word list (wbritish, /usr/share/dict/british-english) has it and the Danish one (wdanish,
// /usr/share/dict/danish) does not, and the other way round; words of three letters or more count.
// What users entered is not the UI's wording: any word of the example data the server was loaded
// with (examples/**/*.json and *.csv: names, titles, descriptions) is left out, as are ids.
// The text read is what a person sees or hears: the visible text (innerText), placeholders,
// aria-labels and titles. A domain term with its label in the other language beside it, "Lukket
// (closed)", is the house style and passes; so does text marked with the other language's lang
// attribute (the language switch) and a citation (<cite>) of a legal source as written.
//
// Environment: SKJOLD_BIN, SKJOLD_E2E_ARTIFACTS, CHROMIUM. The last line is `RESULT <passed> <failed>`.

import fs from 'node:fs';
import path from 'node:path';
import {assert, harness, launch, finish} from './forum_lib.mjs';
import {pagesServer, loginPage, walk} from './pages_lib.mjs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const PW = {da: 'sprog-Dorte-2026-dansk', en: 'language-Erik-2026-eng'};
const st = harness('language');
const check = st.check;
let srv = null;

// Words either language keeps: the regimes' and formats' names and abbreviations.
const BOTH = ['dora', 'nis2', 'gdpr', 'psd2', 'iso', 'eba', 'isu', 'ict', 'ikt', 'tlp', 'pdf', 'docx', 'xlsx', 'csv',
	'json', 'xbrl', 'lei', 'cvr', 'totp', 'api', 'url', 'skjold', 'rto', 'rpo', 'hhi', 'spof', 'nist', 'csf', 'tiber',
	'cet', 'cest', 'utc', 'zip'];
// In English, the domain terms that keep their Danish names (levels, the ISU report).
const DANISH_TERMS = ['lav', 'medium', 'høj', 'kritisk', 'isu'];

const words = (file) => new Set(fs.readFileSync(file, 'utf8').split('\n').map((w) => w.trim().toLowerCase()).filter(Boolean));
// words of three letters or more; identifiers (risk_to_data_subjects, unknown@cli, a/b paths) are not words
const tokens = (text) => (text.toLowerCase().replace(/\S*[_@/]\S*/g, ' ').match(/[a-zæøåéü]{3,}/g) || []);

/* Every word of the example data: what users entered, not the UI's wording. */
function dataWords() {
	const out = new Set();
	const walkDir = (dir) => {
		for (const e of fs.readdirSync(dir, {withFileTypes: true})) {
			const p = path.join(dir, e.name);
			if (e.isDirectory()) walkDir(p);
			else if (/\.(json|csv)$/.test(e.name)) for (const w of tokens(fs.readFileSync(p, 'utf8'))) out.add(w);
		}
	};
	walkDir(path.join(ROOT, 'examples'));
	for (const f of ['scripts/example-forum.sh', 'scripts/example-forum-activity.sh'])
		for (const w of tokens(fs.readFileSync(path.join(ROOT, f), 'utf8'))) out.add(w);
	return out;
}

/*
 * What the page shows and says: visible text, placeholders, aria-labels, titles. Text marked as
 * another language (lang="en" on the Danish page's switch to English, and the other way round)
 * is that language on purpose, and left out.
 */
function pageText(page) {
	return page.evaluate(() => {
		const own = document.documentElement.lang;
		// a citation quotes its source as written, titles of Danish acts included
		const other = [...document.body.querySelectorAll('[lang], cite')].filter((el) => el.lang !== own || el.tagName === 'CITE');
		const saved = other.map((el) => [el, el.style.display]);
		for (const el of other) el.style.display = 'none';
		const parts = [document.body.innerText];
		for (const el of document.querySelectorAll('[placeholder], [aria-label], [title]')) {
			if (el.closest('[hidden]') || other.some((o) => o.contains(el))) continue;
			for (const a of ['placeholder', 'aria-label', 'title']) if (el.getAttribute(a)) parts.push(el.getAttribute(a));
		}
		for (const [el, d] of saved) el.style.display = d;
		return parts.join('\n');
	});
}

/*
 * A term with its label in the other language beside it, "Lukket (closed)" or "Tilbagehold
 * (WITHHOLD)", is the house style for domain terms (the term and up to three words before the
 * parenthesis, and the parenthesis); a name cut short with an ellipsis is data.
 */
function exempt(text) {
	const out = new Set();
	for (const m of text.matchAll(/((?:[\p{L}\-]+ ){0,3}[\p{L}\-]+) \(([^()]{1,90})\)/gu))
		for (const w of tokens(m[1] + ' ' + m[2])) out.add(w);
	for (const m of text.matchAll(/([\p{L}\-]+)…/gu)) for (const w of tokens(m[1])) out.add(w);
	return out;
}

async function main() {
	const english = words('/usr/share/dict/british-english');
	const danish = words('/usr/share/dict/danish');
	const data = dataWords();
	// the list has few inflections: a plural or past form counts when its stem is there
	const isEnglish = (w) => english.has(w) || [/s$/, /es$/, /ed$/, /d$/, /ing$/].some((re) => english.has(w.replace(re, '')));
	const foreign = {
		// English words on a Danish page
		da: (w) => english.has(w) && !danish.has(w) && !data.has(w) && !BOTH.includes(w),
		// Danish words on an English page
		en: (w) => danish.has(w) && !isEnglish(w) && !data.has(w) && !BOTH.includes(w) && !DANISH_TERMS.includes(w),
	};

	await check('a server on the example forum with its activity and the municipality', async () => {
		srv = await pagesServer('dorte', 'erik');
	}, {required: true});
	if (st.blocked) return;

	const browser = await launch();
	try {
		for (const [lang, user] of [['da', 'dorte'], ['en', 'erik']]) {
			const page = await st.newPage(browser);
			const visit = (name) => check(name + ' in ' + (lang === 'da' ? 'Danish' : 'English'), async () => {
				const text = await pageText(page);
				const ok = exempt(text);
				const bad = [...new Set(tokens(text).filter((w) => !ok.has(w) && foreign[lang](w)))];
				if (bad.length) {
					await st.shot(name.replace(/[^a-z0-9]+/gi, '-') + '-' + lang);
					// each word with the line it stands in, so the text to fix is found
					const lines = text.split('\n');
					const where = bad.slice(0, 12).map((w) => w + ' ← "' +
						(lines.find((l) => tokens(l).includes(w)) || '').trim().slice(0, 90) + '"');
					assert(false, bad.length + (lang === 'da' ? ' English' : ' Danish') + ' word(s): ' + where.join(' | '));
				}
			});
			await loginPage(page, srv, user, PW[lang], lang, visit);
			await walk(page, lang, visit);
		}
	} finally {
		await browser.close();
	}
}

finish(st, main(), () => srv && srv.stop());
