// Reports (seed 003 §6): the quarterly ISU report and the annual management report, fetched as
// HTML from the server (…/reports/isu?year&quarter&format=html, …/reports/management?year) and
// shown in the page. Their own <style> cannot apply under the CSP, so style.css styles the
// report's markup (.en, .lvl-N, tr.overdue) and a print stylesheet prints just the report.

import {get, orgPath, query, downloadHref} from './api.js';
import {t} from './i18n.js';
import {h, field, clear, errorBox, pageTitle, stepsNote} from './dom.js';

const ALLOWED = new Set(['H1', 'H2', 'H3', 'H4', 'P', 'BR', 'SPAN', 'STRONG', 'EM', 'B', 'I', 'SMALL', 'CODE', 'PRE',
	'TABLE', 'THEAD', 'TBODY', 'TFOOT', 'TR', 'TH', 'TD', 'CAPTION', 'UL', 'OL', 'LI', 'DL', 'DT', 'DD', 'DIV', 'SECTION',
	'TIME', 'A', 'ABBR', 'HR', 'SUP', 'SUB']);
const ATTRS = new Set(['class', 'colspan', 'rowspan', 'scope', 'datetime', 'lang', 'title', 'id']);

/* A copy of the report's body with only plain markup: no scripts, styles, handlers or URLs. */
function sanitize(node) {
	const out = document.createDocumentFragment();
	for (const c of node.childNodes) {
		if (c.nodeType === Node.TEXT_NODE) {
			out.append(document.createTextNode(c.textContent));
		} else if (c.nodeType === Node.ELEMENT_NODE) {
			if (!ALLOWED.has(c.tagName)) {
				if (c.tagName !== 'SCRIPT' && c.tagName !== 'STYLE' && c.tagName !== 'LINK') out.append(sanitize(c));
				continue;
			}
			const el = document.createElement(c.tagName === 'A' ? 'span' : c.tagName.toLowerCase());
			for (const a of c.attributes) {
				if (ATTRS.has(a.name)) el.setAttribute(a.name === 'id' ? 'data-report-id' : a.name, a.value);
			}
			el.append(sanitize(c));
			out.append(el);
		}
	}
	return out;
}

export async function render(view, ctx) {
	view.append(pageTitle(t('reports_title')), stepsNote([9]));
	const now = new Date();
	const kind = field(t('report_kind'), 'select', {name: 'kind', id: 'report-kind', value: ctx.params.get('kind') || 'isu'},
		[['isu', t('report_isu')], ['management', t('report_management')]]);
	const year = field(t('year'), 'input', {name: 'year', id: 'report-year', type: 'number', min: '2000', max: '2100',
		value: ctx.params.get('year') || String(now.getFullYear())});
	const quarter = field(t('quarter'), 'select', {name: 'quarter', id: 'report-quarter',
		value: ctx.params.get('quarter') || String(Math.floor(now.getMonth() / 3) + 1)}, [1, 2, 3, 4].map((q) => [q, 'Q' + q]));
	const showBtn = h('button', {type: 'submit', id: 'report-show'}, t('report_show'));
	const printBtn = h('button', {type: 'button', id: 'report-print', class: 'secondary', disabled: true,
		onclick: () => window.print()}, t('print'));
	// the same report as a document to hand over (the server typesets it: ?format=pdf|docx)
	const docLink = (format, label) => h('a', {class: 'button secondary', id: 'report-' + format, download: '',
		onclick: (ev) => {
			const isu = kind.control.value === 'isu';
			const q = {year: year.control.value, format};
			if (isu) q.quarter = quarter.control.value;
			ev.currentTarget.href = downloadHref(orgPath(ctx.org, 'reports', isu ? 'isu' : 'management')) + query(q);
		}, href: '#'}, label);
	const form = h('form', {class: 'card no-print', id: 'report-form'},
		h('div', {class: 'grid'}, kind, year, quarter),
		h('div', {class: 'buttons'}, showBtn, printBtn, docLink('pdf', t('download_pdf')), docLink('docx', t('download_docx'))));
	const out = h('article', {class: 'report', id: 'report', 'aria-live': 'polite'});
	const syncQuarter = () => {
		quarter.hidden = kind.control.value !== 'isu';
	};
	kind.control.addEventListener('change', syncQuarter);
	syncQuarter();

	const load = async () => {
		clear(out).append(h('p', {class: 'loading'}, t('loading')));
		printBtn.disabled = true;
		const isu = kind.control.value === 'isu';
		const q = {year: year.control.value, format: 'html'};
		if (isu) q.quarter = quarter.control.value;
		const path = orgPath(ctx.org, 'reports', isu ? 'isu' : 'management');
		try {
			let html;
			try {
				html = await get(path + query(q), {raw: true});
			} catch (e) {
				// docs/api.md names ?year&quarter; the CLI's own form is --quarter 2026Q4
				if (!isu || e.status !== 400 || e.field !== 'year') throw e;
				html = await get(path + query({quarter: q.year + 'Q' + q.quarter, format: 'html'}), {raw: true});
			}
			// the report's own <style> goes before parsing: even an inert parse reports it to the CSP
			const doc = new DOMParser().parseFromString(html.replace(/<(style|script)\b[\s\S]*?<\/\1\s*>/gi, ''), 'text/html');
			clear(out).append(sanitize(doc.body));
			// a Danish document with English beside it: its language goes with it (screen readers, the UI's language check)
			out.lang = doc.documentElement.lang || 'da';
			printBtn.disabled = false;
		} catch (e) {
			clear(out).append(errorBox(e));
		}
	};
	form.addEventListener('submit', (ev) => {
		ev.preventDefault();
		load();
	});
	view.append(form, out);
	await load();
}
