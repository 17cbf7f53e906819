// Small DOM helpers. Everything is built with createElement and textContent: no innerHTML with
// data, no inline styles or handlers (the server sends a strict Content-Security-Policy).

import {t, getLang, levelText, levelIndex} from './i18n.js';

/*
 * h('button', {class: 'x', type: 'button', onclick: fn, dataset: {id: 1}}, 'text', child, …)
 * Attributes named on* become event listeners; value, checked, selected, disabled are set as
 * properties; null/undefined/false attributes are left out. Children may be strings, nodes,
 * arrays or null.
 */
export function h(tag, attrs, ...children) {
	const el = document.createElement(tag);
	if (attrs) {
		for (const [k, v] of Object.entries(attrs)) {
			if (v === null || v === undefined || v === false) continue;
			if (k.startsWith('on') && typeof v === 'function') {
				el.addEventListener(k.slice(2), v);
			} else if (k === 'class') {
				el.className = v;
			} else if (k === 'dataset') {
				for (const [dk, dv] of Object.entries(v)) el.dataset[dk] = dv;
			} else if (k === 'value' || k === 'checked' || k === 'selected' || k === 'disabled' ||
				k === 'indeterminate') {
				el[k] = v;
			} else if (k === 'text') {
				el.textContent = v;
			} else {
				el.setAttribute(k, v === true ? '' : String(v));
			}
		}
	}
	append(el, children);
	return el;
}

export function append(el, children) {
	for (const c of children) {
		if (c === null || c === undefined || c === false) continue;
		if (Array.isArray(c)) append(el, c);
		else if (c instanceof Node) el.appendChild(c);
		else el.appendChild(document.createTextNode(String(c)));
	}
	return el;
}

export function clear(el) {
	while (el.firstChild) el.removeChild(el.firstChild);
	return el;
}

let idSeq = 0;
/* A unique id for label/input pairs. */
export function uid(prefix) {
	idSeq += 1;
	return (prefix || 'f') + '-' + idSeq;
}

/*
 * A labelled form field. kind: 'input' (attrs.type), 'select' (options: [[value, text]…]) or
 * 'textarea'. Returns the wrapper; the control is wrapper.control.
 */
export function field(label, kind, attrs = {}, options = null, hint = null) {
	const id = attrs.id || uid(attrs.name || 'f');
	let control;
	if (kind === 'select') {
		control = h('select', {...attrs, id});
		for (const o of options || []) {
			const [value, text] = Array.isArray(o) ? o : [o, o];
			control.appendChild(h('option', {value: String(value)}, text));
		}
		if (attrs.value !== undefined && attrs.value !== null) control.value = String(attrs.value);
	} else if (kind === 'textarea') {
		control = h('textarea', {...attrs, id});
	} else {
		control = h('input', {type: 'text', ...attrs, id});
	}
	const hintId = hint ? id + '-hint' : null;
	if (hintId) control.setAttribute('aria-describedby', hintId);
	const isCheck = control.type === 'checkbox';
	const lab = h('label', {for: id}, label);
	const wrap = isCheck
		? h('div', {class: 'field check'}, control, lab, hint ? h('small', {id: hintId, class: 'hint'}, hint) : null)
		: h('div', {class: 'field'}, lab, control, hint ? h('small', {id: hintId, class: 'hint'}, hint) : null);
	wrap.control = control;
	return wrap;
}

/* A badge for a level (Lav, Medium, Høj, Kritisk), coloured by class. */
export function levelBadge(level) {
	const i = levelIndex(level);
	return h('span', {class: 'badge lvl lvl-' + (i || 0)}, levelText(level));
}

/* A status line (role=status) for a form: show(msg, 'ok'|'error'|'busy'). */
export function statusLine() {
	const el = h('p', {class: 'form-status', role: 'status', 'aria-live': 'polite'});
	el.show = (msg, kind) => {
		el.textContent = msg || '';
		el.className = 'form-status' + (kind ? ' ' + kind : '');
	};
	return el;
}

/*
 * Runs a form's write with its button disabled and its status line busy. run() returns the message
 * to show: a text ('' clears the line), or nothing to leave the line as run() left it (it navigated
 * away, say). A failure shows the server's message with the field it names.
 */
export async function submitting(btn, status, run, busyText = t('saving')) {
	btn.disabled = true;
	status.show(busyText, 'busy');
	try {
		const msg = await run();
		if (typeof msg === 'string') status.show(msg, msg ? 'ok' : null);
	} catch (e) {
		status.show(errorText(e), 'error');
	} finally {
		btn.disabled = false;
	}
}

/* The text of an ApiError for a user: its message and the offending field. */
export function errorText(e) {
	if (!e) return '';
	let s = e.message || String(e);
	if (e.field) s += ' (' + t('field') + ': ' + e.field + ')';
	return s;
}

/* An error box for a failed page load. */
export function errorBox(e) {
	return h('div', {class: 'error-box', role: 'alert'}, h('strong', null, t('error') + ': '), errorText(e));
}

const TZ = 'Europe/Copenhagen';

/* An ISO instant shown in Copenhagen time: "02.04.2026 17.30". */
export function fmtInstant(iso) {
	if (!iso) return '–';
	const d = new Date(iso);
	if (isNaN(d)) return String(iso);
	return new Intl.DateTimeFormat(getLang() === 'en' ? 'en-GB' : 'da-DK', {
		timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
	}).format(d);
}

/* A date "YYYY-MM-DD" as it is (ISO dates read the same in both languages). */
export function fmtDate(s) {
	return s ? String(s) : '–';
}

/* Today in Copenhagen as YYYY-MM-DD. */
export function todayISO() {
	const p = new Intl.DateTimeFormat('en-CA', {timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit'})
		.format(new Date());
	return p;
}

/* The value of a datetime-local input (browser-local time) as an ISO instant with its offset. */
export function localToISO(v) {
	if (!v) return null;
	const d = new Date(v);
	if (isNaN(d)) return null;
	const off = -d.getTimezoneOffset();
	const sign = off >= 0 ? '+' : '-';
	const pad = (n) => String(Math.abs(Math.trunc(n))).padStart(2, '0');
	return v.length === 16 ? v + ':00' + sign + pad(off / 60) + ':' + pad(off % 60)
		: v + sign + pad(off / 60) + ':' + pad(off % 60);
}

/* Now as a datetime-local value (browser-local time, to the minute). */
export function nowLocalInput() {
	const d = new Date();
	const pad = (n) => String(n).padStart(2, '0');
	return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + 'T' +
		pad(d.getHours()) + ':' + pad(d.getMinutes());
}

/* "2 d 03:04:05" for a span in milliseconds (sign dropped). */
export function fmtSpan(ms) {
	let s = Math.floor(Math.abs(ms) / 1000);
	const d = Math.floor(s / 86400);
	s -= d * 86400;
	const hh = Math.floor(s / 3600);
	s -= hh * 3600;
	const mm = Math.floor(s / 60);
	s -= mm * 60;
	const pad = (n) => String(n).padStart(2, '0');
	return (d ? d + ' ' + t('days_short') + ' ' : '') + pad(hh) + ':' + pad(mm) + ':' + pad(s);
}

/*
 * A live countdown to an ISO instant. The one ticker below refreshes every element made here
 * once a second, so a page may hold any number of them.
 */
export function countdown(iso, dueText) {
	if (!iso) return h('span', {class: 'countdown none'}, dueText || '–');
	const el = h('span', {class: 'countdown', dataset: {due: iso}});
	const txt = h('span', {class: 'cd-text'});
	el.appendChild(txt);
	updateCountdown(el);
	return el;
}

function updateCountdown(el) {
	const due = Date.parse(el.dataset.due);
	const left = due - Date.now();
	const txt = el.firstChild;
	if (left < 0) {
		txt.textContent = t('overdue_by') + ' ' + fmtSpan(left);
		el.classList.add('late');
		el.classList.remove('soon');
	} else {
		txt.textContent = fmtSpan(left);
		el.classList.remove('late');
		el.classList.toggle('soon', left < 4 * 3600 * 1000);
	}
}

setInterval(() => {
	for (const el of document.querySelectorAll('.countdown[data-due]')) updateCountdown(el);
}, 1000);

/* A table wrapped for horizontal scrolling on narrow screens. */
export function tableWrap(table, label) {
	return h('div', {class: 'table-wrap', role: 'region', 'aria-label': label || '', tabindex: '0'}, table);
}

/* Sets document.title and returns a page heading. */
export function pageTitle(text) {
	document.title = text + ' – skjold';
	return h('h1', {class: 'page-title'}, text);
}

/* The procedure steps a page covers (seed 003 §4), shown under its heading. */
export function stepsNote(steps) {
	return h('p', {class: 'steps', 'aria-label': t('steps_title')},
		steps.map((n) => h('span', {class: 'step'}, t('step_' + n))));
}
