// Login: user and password, then the TOTP code when the server answers 401 totp_required;
// then whatever the session's `next` asks for: a new password (change_password) or TOTP
// enrolment (enroll_totp: show the secret and the otpauth URI, confirm with a code).

import {get, post, setSession, loadSession, getSession} from './api.js';
import {t} from './i18n.js';
import {h, field, statusLine, errorText, pageTitle} from './dom.js';

/* The password just typed, so the forced change need not ask for it again. */
let rememberedOld = '';

export async function render(view, ctx) {
	const s = getSession();
	if (s && s.next === 'change_password') return changePassword(view, ctx, rememberedOld);
	if (s && s.next === 'enroll_totp') return enrollTotp(view, ctx);
	return loginForm(view, ctx);
}

/* After a step: follow the session's next, or go to work. */
async function proceed(view, ctx, s, oldPassword) {
	rememberedOld = oldPassword || '';
	setSession(s);
	if (!s || s.next) return ctx.refresh();
	ctx.navigate((s.memberships || []).length ? '/dashboard' : '/orgs');
}

/* The session after a step whose answer may not be the session object itself. */
async function freshSession(answer) {
	if (answer && answer.user && 'csrf' in answer) return answer;
	return loadSession();
}

function loginForm(view, ctx) {
	const user = field(t('user'), 'input', {name: 'user', autocomplete: 'username', required: true});
	const pw = field(t('password'), 'input', {name: 'password', type: 'password', autocomplete: 'current-password', required: true});
	const totp = field(t('totp_code'), 'input', {
		name: 'totp', inputmode: 'numeric', autocomplete: 'one-time-code', pattern: '[0-9]{6}', maxlength: '6',
	}, null, t('totp_needed'));
	totp.hidden = true;
	const status = statusLine();
	const btn = h('button', {type: 'submit', id: 'login-submit'}, t('login_button'));
	const form = h('form', {class: 'card narrow', id: 'login-form', novalidate: true}, user, pw, totp, btn, status);
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		const body = {user: user.control.value.trim(), password: pw.control.value};
		if (!totp.hidden && totp.control.value.trim()) body.totp = totp.control.value.trim();
		btn.disabled = true;
		status.show(t('loading'), 'busy');
		try {
			const s = await post('/login', body, {quiet: true});
			status.show('');
			await proceed(view, ctx, await freshSession(s), body.password);
		} catch (e) {
			// docs/api.md: 401 with code totp_required; a server may say so with field "totp" instead
			const needTotp = e.status === 401 && (e.code === 'totp_required' || (e.field === 'totp' && totp.hidden));
			if (needTotp) {
				const first = totp.hidden;
				totp.hidden = false;
				totp.control.required = true;
				status.show(first ? t('totp_needed') : errorText(e), first ? 'busy' : 'error');
				totp.control.focus();
			} else if (e.status === 401) {
				status.show(t(totp.hidden ? 'login_failed' : 'login_failed_totp'), 'error');
				pw.control.focus();
			} else {
				status.show(errorText(e), 'error');
			}
		} finally {
			btn.disabled = false;
		}
	});
	view.append(pageTitle(t('login_title')), form);
	user.control.focus();
	// a refused single sign-on comes back here with its code (api_sso.c); the text is the UI's own
	const refused = ctx.params && ctx.params.get('sso_error');
	if (refused) {
		const known = ['no_group', 'disabled', 'name_taken', 'state', 'expired'];
		const code = refused === 'replay' ? 'state' : refused; // SAML's used answer (api_saml.c): start again
		status.show(t(known.includes(code) ? 'sso_' + code : 'sso_failed'), 'error');
		status.id = 'login-sso-error';
	}
	ssoButton(form, user);
}

/* When the server has single sign-on (GET /auth/config, public: OIDC, SAML), links to it above the form. */
async function ssoButton(form, user) {
	let cfg;
	try {
		cfg = await get('/auth/config', {quiet: true});
	} catch (e) {
		return;
	}
	if (!cfg || !form.isConnected) return;
	const links = [];
	if (cfg.sso && cfg.sso_login) links.push(h('a', {href: cfg.sso_login, id: 'login-sso', class: 'button'}, t('sso_button')));
	if (cfg.saml && cfg.saml_login) links.push(h('a', {href: cfg.saml_login, id: 'login-saml', class: 'button'}, t('saml_button')));
	if (!links.length) return;
	form.prepend(...links.map((l) => h('p', null, l)), h('p', {class: 'hint'}, t('sso_or')));
	if (document.activeElement === user.control || document.activeElement === document.body) links[0].focus();
}

function changePassword(view, ctx, oldPassword) {
	const old = field(t('old_password'), 'input', {name: 'old', type: 'password', autocomplete: 'current-password', value: oldPassword || ''});
	const np = field(t('new_password'), 'input', {name: 'new', type: 'password', autocomplete: 'new-password', minlength: '12', required: true});
	const np2 = field(t('new_password2'), 'input', {name: 'new2', type: 'password', autocomplete: 'new-password', minlength: '12', required: true});
	if (oldPassword) old.hidden = true;
	const status = statusLine();
	const btn = h('button', {type: 'submit', id: 'password-submit'}, t('change_pw_button'));
	const form = h('form', {class: 'card narrow', id: 'password-form', novalidate: true},
		h('p', null, t('change_pw_intro')), old, np, np2, btn, status);
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		if (np.control.value.length < 12) {
			status.show(t('pw_short'), 'error');
			np.control.focus();
			return;
		}
		if (np.control.value !== np2.control.value) {
			status.show(t('pw_mismatch'), 'error');
			np2.control.focus();
			return;
		}
		btn.disabled = true;
		status.show(t('saving'), 'busy');
		try {
			const a = await post('/session/password', {old: old.control.value, new: np.control.value}, {quiet: true});
			await proceed(view, ctx, await freshSession(a), '');
		} catch (e) {
			status.show(errorText(e), 'error');
			if (e.field === 'old') {
				old.hidden = false;
				old.control.focus();
			}
		} finally {
			btn.disabled = false;
		}
	});
	view.append(pageTitle(t('change_pw_title')), form);
	(oldPassword ? np : old).control.focus();
}

async function enrollTotp(view, ctx) {
	view.append(pageTitle(t('totp_title')));
	const status = statusLine();
	let secret;
	try {
		secret = await post('/session/totp', {}, {quiet: true});
	} catch (e) {
		view.append(h('div', {class: 'error-box', role: 'alert'}, errorText(e)));
		return;
	}
	const code = field(t('totp_code'), 'input', {
		name: 'code', inputmode: 'numeric', autocomplete: 'one-time-code', pattern: '[0-9]{6}', maxlength: '6', required: true,
	});
	const btn = h('button', {type: 'submit', id: 'totp-submit'}, t('totp_confirm'));
	const form = h('form', {class: 'card narrow', id: 'totp-form', novalidate: true},
		h('p', null, t('totp_intro')),
		h('dl', {class: 'kv'},
			h('dt', null, t('totp_secret')), h('dd', null, h('code', {id: 'totp-secret', class: 'secret'}, secret.secret || '')),
			h('dt', null, t('totp_uri')), h('dd', null, h('code', {id: 'totp-uri', class: 'secret'}, secret.uri || ''))),
		code, btn, status);
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		btn.disabled = true;
		status.show(t('loading'), 'busy');
		try {
			const a = await post('/session/totp/confirm', {code: code.control.value.trim()}, {quiet: true});
			await proceed(view, ctx, await freshSession(a), '');
		} catch (e) {
			status.show(errorText(e), 'error');
			code.control.focus();
		} finally {
			btn.disabled = false;
		}
	});
	view.append(form);
	code.control.focus();
}
