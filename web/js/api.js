// The one place that talks to the server: fetch with JSON, the session object and its CSRF
// token. Every write made with the session cookie carries X-CSRF-Token (docs/api.md).
// Errors come back as ApiError with the server's {code, message, field}.
// Optimistic concurrency: getWithEtag(path) gives what it read with its ETag, and a write given
// {ifMatch: etag} sends If-Match, so the server answers 412 when the object changed meanwhile
// (conflict.js shows the user both versions then).

import {getLang} from './i18n.js';

const BASE = '/api/v1';

let session = null;
const listeners = new Set();

export class ApiError extends Error {
	constructor(status, code, message, field) {
		super(message || code || ('HTTP ' + status));
		this.status = status;
		this.code = code || '';
		this.field = field || null;
	}
}

/* The current session object, or null when logged out. */
export function getSession() {
	return session;
}

export function setSession(s) {
	session = s;
	for (const fn of listeners) fn(s);
}

/* fn(session) runs whenever the session changes (login, logout, expiry). */
export function onSession(fn) {
	listeners.add(fn);
}

/* Encode one path segment (an id the user chose may hold any character). */
export function seg(s) {
	return encodeURIComponent(String(s));
}

/* Path of an organisation's resource: orgPath('x', 'risks', 'r-1') = /orgs/x/risks/r-1. */
export function orgPath(org, ...parts) {
	return '/orgs/' + [org, ...parts].map(seg).join('/');
}

/* A download link's address (a document or spreadsheet the browser saves with the session cookie). */
export function downloadHref(path) {
	return BASE + path;
}

/* Build "?a=1&b=2" from an object, leaving out null and empty values. */
export function query(params) {
	const q = new URLSearchParams();
	for (const [k, v] of Object.entries(params || {})) {
		if (v !== null && v !== undefined && v !== '') q.set(k, String(v));
	}
	const s = q.toString();
	return s ? '?' + s : '';
}

/*
 * request(method, path, body, {raw, quiet, ifMatch, contentType}) → parsed JSON (null for 204), or
 * the text when raw. path is relative to /api/v1; ifMatch is an ETag a write sends as If-Match; a
 * body that is a Blob (a File) or an ArrayBuffer goes as it is, as contentType. Throws
 * ApiError. A 401 on anything but the login calls drops the session, so the router sends the user
 * to the login page.
 */
export async function request(method, path, body, opts = {}) {
	return (await exchange(method, path, body, opts)).data;
}

/* GET path → {data, etag}: the answer and the ETag to send back as {ifMatch} with a write of it. */
export function getWithEtag(path, opts = {}) {
	return exchange('GET', path, null, opts);
}

/* request's work: the answer as {data, etag} (etag null when the server sent none). */
async function exchange(method, path, body, opts) {
	// the server's texts (engine criteria, bases, errors) in the language the UI speaks
	const headers = {Accept: opts.raw ? 'text/html, text/plain, */*' : 'application/json', 'Accept-Language': getLang()};
	const init = {method, headers, credentials: 'same-origin', cache: 'no-store'};
	if (body instanceof Blob || body instanceof ArrayBuffer) {
		// a file sent as it is (a package to import): its own media type, or opts.contentType
		headers['Content-Type'] = opts.contentType || body.type || 'application/octet-stream';
		init.body = body;
	} else if (body !== undefined && body !== null) {
		headers['Content-Type'] = 'application/json';
		init.body = JSON.stringify(body);
	}
	if (method !== 'GET' && method !== 'HEAD' && session && session.csrf) {
		headers['X-CSRF-Token'] = session.csrf;
	}
	if (opts.ifMatch) headers['If-Match'] = opts.ifMatch;
	let res;
	try {
		res = await fetch(BASE + path, init);
	} catch (e) {
		throw new ApiError(0, 'network', e.message || 'network error');
	}
	const etag = res.headers.get('ETag');
	if (res.status === 204 || res.status === 205) return {data: null, etag};
	const ctype = res.headers.get('Content-Type') || '';
	if (!res.ok) {
		let code = '', message = res.statusText, field = null;
		if (ctype.includes('json')) {
			try {
				const j = await res.json();
				const e = j && j.error ? j.error : j;
				code = e.code || '';
				message = e.message || message;
				field = e.field || null;
			} catch (_) { /* not JSON after all */ }
		}
		if (res.status === 429) {
			const ra = res.headers.get('Retry-After');
			if (ra) message += ' (Retry-After: ' + ra + ' s)';
		}
		const err = new ApiError(res.status, code, message, field);
		if (res.status === 401 && code !== 'totp_required' && !opts.quiet && session) {
			setSession(null);
		}
		throw err;
	}
	const data = opts.raw || !ctype.includes('json') ? await res.text() : await res.json();
	return {data, etag};
}

export const get = (path, opts) => request('GET', path, null, opts);
export const post = (path, body, opts) => request('POST', path, body === undefined ? {} : body, opts);
export const patch = (path, body, opts) => request('PATCH', path, body, opts);
export const put = (path, body, opts) => request('PUT', path, body, opts);
export const del = (path, opts) => request('DELETE', path, null, opts);

/* The items of a list answer ({items, total, …}); a bare array is accepted as well. */
export function items(answer) {
	if (Array.isArray(answer)) return answer;
	if (answer && Array.isArray(answer.items)) return answer.items;
	return [];
}

/* Every item of a list, following offset up to max items (the API caps limit at 1000). */
export async function getAll(path, max = 5000) {
	const out = [];
	let offset = 0;
	const sep = path.includes('?') ? '&' : '?';
	for (;;) {
		const a = await get(path + sep + 'limit=1000&offset=' + offset);
		const got = items(a);
		out.push(...got);
		const total = a && typeof a.total === 'number' ? a.total : out.length;
		offset += got.length;
		if (got.length === 0 || offset >= total || out.length >= max) {
			out.total = total;
			return out;
		}
	}
}

/* GET /session; null when not logged in. */
export async function loadSession() {
	try {
		const s = await get('/session', {quiet: true});
		setSession(s);
		return s;
	} catch (e) {
		if (e.status === 401) {
			setSession(null);
			return null;
		}
		throw e;
	}
}

/* Sign out; the answer's end_session_url (signed in by single sign-on) is where the provider signs out too. */
export async function logout() {
	try {
		return await post('/logout', {}, {quiet: true});
	} finally {
		setSession(null);
	}
}
