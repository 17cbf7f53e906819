// The single sign-on in a real browser (tests/sso/test_oidc.sh): Debian's chromium, driven by
// tests/e2e's playwright-core, opens skjold's login page, finds "Log ind med SSO (single
// sign-on)", follows it to the provider (tests/sso/provider.mjs), signs in there as USER through
// the provider's own login and consent forms, and must land in skjold's UI signed in as USER
// (the session cookie set by the callback, the page's calls made with it). Then it signs out,
// which goes on to the provider's end-session page.  REFUSED, a user whose groups map to nothing,
// must come back to the login page, which says why.
// Usage: node browser.mjs SKJOLD_BASE USER REFUSED; prints one line per step ("ok …" / "FAIL …").
import {createRequire} from 'node:module';

const require = createRequire(new URL('../e2e/package.json', import.meta.url));
const {chromium} = require('playwright-core');
const [base, user, refused] = process.argv.slice(2);
let failed = 0;
const step = (ok, name, detail) => {
	console.log((ok ? 'ok   ' : 'FAIL ') + name + (ok || !detail ? '' : ': ' + detail));
	if (!ok) failed++;
};

/* Sign in at the provider's login form as who, confirm its consent form, and wait to be back at skjold. */
async function atProvider(page, who) {
	await page.fill('input[name="login"]', who);
	await page.fill('input[name="password"]', 'any password will do');
	await page.click('button[type="submit"]');
	const consent = await page.waitForSelector('button[autofocus], form[action*="confirm"] button', {timeout: 10000}).catch(() => null);
	if (consent && page.url().includes('/interaction/')) await consent.click();
	await page.waitForURL((u) => u.toString().startsWith(base), {timeout: 15000});
}

const browser = await chromium.launch({
	executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
	args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
try {
	let page = await browser.newPage({locale: 'da-DK'});
	await page.goto(base + '/');
	await page.waitForSelector('#login-form');
	const link = await page.waitForSelector('#login-sso', {timeout: 10000}).catch(() => null);
	step(link && (await link.textContent()) === 'Log ind med SSO (single sign-on)', 'the login page offers "Log ind med SSO (single sign-on)"',
		link ? await link.textContent() : 'no #login-sso');
	if (link) {
		await link.click();
		await page.waitForSelector('input[name="login"]', {timeout: 10000});
		step(page.url().startsWith(new URL(base).origin) === false || page.url().includes('/interaction/'),
			'the browser is at the provider\'s login form', page.url());
		await atProvider(page, user);
		const who = await page.waitForSelector('.who', {timeout: 15000}).catch(() => null);
		step(who && (await who.textContent()).length > 0, 'back in skjold, signed in', page.url());
		const session = await page.evaluate(async () => (await fetch('/api/v1/session')).json());
		step(session.user && session.user.name === user, 'the session is ' + user + '\'s', JSON.stringify(session).slice(0, 200));
		await page.click('#logout');
		await page.waitForURL((u) => !u.toString().startsWith(base), {timeout: 15000}).catch(() => null);
		step(page.url().includes('/session/end'), 'signing out goes on to the provider', page.url());
	}
	// a refused sign-in, in a browser of its own (no session at the provider)
	page = await browser.newPage({locale: 'da-DK'});
	await page.goto(base + '/');
	await (await page.waitForSelector('#login-sso', {timeout: 10000})).click();
	await page.waitForSelector('input[name="login"]', {timeout: 10000});
	await atProvider(page, refused);
	const why = await page.waitForSelector('#login-sso-error', {timeout: 15000}).catch(() => null);
	const text = why ? await why.textContent() : '';
	step(text.startsWith('Dine grupper hos identitetsudbyderen giver ingen rolle i skjold'),
		'a user whose groups map to nothing is back at the login page, told why', text || page.url());
} catch (e) {
	step(false, 'the browser run', e.message);
} finally {
	await browser.close();
}
process.exit(failed ? 1 : 0);
