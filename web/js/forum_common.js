// Pieces shared by the sector forum's pages (forum.js and the tab modules it loads): a titled
// card, a data table, the green/amber/red badge, and a figure the API may give as a number or as
// "fewer than 5" (the group-size rule, docs/forum.md). The server decides what a user may see;
// these only show it.

import {t, term, getLang} from './i18n.js';
import {h, tableWrap} from './dom.js';

export const COLOURS = ['green', 'amber', 'red'];
export const TLPS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'];

/* A card with a heading the section is labelled by. */
export function section(id, title, ...body) {
	const hid = id + '-h';
	return h('section', {class: 'card', id, 'aria-labelledby': hid}, h('h2', {id: hid}, title), ...body);
}

/* A data table with a caption for screen readers; rows are <tr> nodes. */
export function table(id, caption, heads, rows) {
	return tableWrap(h('table', {class: 'data', id},
		h('caption', {class: 'sr-only'}, caption),
		h('thead', null, h('tr', null, heads.map((x) => h('th', {scope: 'col'}, x)))),
		h('tbody', null, rows)), caption);
}

export function colourBadge(c) {
	if (!c) return h('span', {class: 'badge muted'}, '–');
	return h('span', {class: 'badge colour colour-' + c, dataset: {colour: c}}, term('colour', c));
}

/* A TLP label as a badge ("TLP:AMBER"). */
export function tlpBadge(tlp) {
	if (!tlp) return h('span', {class: 'badge muted'}, '–');
	return h('span', {class: 'badge tlp tlp-' + tlp.toLowerCase().replace('+', '-'), dataset: {tlp}}, 'TLP:' + tlp);
}

/* A figure the API may give as a number or as the words "fewer than 5". */
export function figure(v) {
	if (v === null || v === undefined) return '–';
	if (typeof v === 'string' && /fewer than/i.test(v)) return t('forum_suppressed');
	return String(v);
}

export function colourCounts(id, counts) {
	const dl = h('dl', {class: 'figures colour-counts', id});
	for (const c of COLOURS) {
		dl.append(h('div', {class: 'figure colour-' + c, dataset: {colour: c}},
			h('dt', null, term('colour', c)), h('dd', null, figure(counts ? counts[c] : null))));
	}
	return dl;
}

/* The Danish or English name of a record that carries both (da/en, name_da/name_en). */
export function nameEn(o, da, en) {
	return getLang() === 'en' && o[en] ? o[en] : (o[da] || o[en] || '');
}

/* Join nodes with a separator (for inline lists of badges or links). */
export function joined(nodes, sep = ', ') {
	return nodes.reduce((a, x) => (a.length ? [...a, sep, x] : [x]), []);
}

/* Promise.allSettled, named for what the pages do with it. */
export function settle(promises) {
	return Promise.allSettled(promises);
}
