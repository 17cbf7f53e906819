// Pieces shared by the sector forum's pages (forum.js and the tab modules it loads): a titled
// card, a data table, the green/amber/red badge, a figure the API may give as a number or as
// "fewer than 5" (the group-size rule, docs/forum.md), the switch between the two sources of the
// footprint, concentration and single points of failure (the dependency maps or the registers of
// information), and the replacement of an item under optimistic concurrency. The server decides
// what a user may see; these only show it.

import {getWithEtag, put, query} from './api.js';
import {t, term, getLang} from './i18n.js';
import {h, tableWrap, statusLine, errorText} from './dom.js';
import {guardedSave} from './conflict.js';

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

/* ---- the source: the members' dependency maps or their registers of information ------------- */

// docs/forum.md "The sector's providers from the registers of information": spof, footprint and
// concentration take ?source=register (the map is the server's default) and answer "source".
export const SOURCES = ['map', 'register'];

/* The query of a source: "?source=register", or nothing for the map. */
export function sourceQuery(src) {
	return src === 'register' ? query({source: 'register'}) : '';
}

/*
 * The switch "Kilde: Afhængighedskort / Informationsregistre": radio buttons under a legend;
 * onChange(src) fetches and shows the figures of the chosen source. The radios wait while it runs,
 * the status line says so, and the box's data-source is the source shown once it is done.
 */
export function sourceSwitch(id, current, onChange) {
	const status = statusLine();
	status.id = id + '-status';
	const radios = SOURCES.map((s) => h('input', {type: 'radio', name: id, id: id + '-' + s, value: s, checked: s === current}));
	const box = h('fieldset', {class: 'inline source-switch', id, dataset: {source: current}},
		h('legend', null, t('fsrc_legend')),
		SOURCES.map((s, i) => h('span', {class: 'radio'}, radios[i], h('label', {for: radios[i].id}, t('fsrc_' + s)))),
		status);
	for (const r of radios) {
		r.addEventListener('change', async () => {
			if (!r.checked) return;
			for (const x of radios) x.disabled = true;
			box.setAttribute('aria-busy', 'true');
			status.show(t('loading'), 'busy');
			try {
				await onChange(r.value);
				box.dataset.source = r.value;
				status.show('', null);
			} catch (e) {
				status.show(errorText(e), 'error');
			} finally {
				box.removeAttribute('aria-busy');
				for (const x of radios) x.disabled = false;
				r.focus();
			}
		});
	}
	return box;
}

/* Which source an answer's figures come from (its "source", else the one asked for). */
export function sourceNote(answer, asked) {
	const src = SOURCES.includes(answer && answer.source) ? answer.source : (asked || 'map');
	return h('p', {class: 'source-note', dataset: {source: src}},
		h('span', {class: 'badge source source-' + src}, t('fsrc_legend') + ': ' + t('fsrc_' + src)), ' ',
		h('small', {class: 'muted'}, t('fsrc_from_' + src)));
}

/*
 * A provider's id as the page shows it: a code from the registers of information, "lei:CODE", as
 * "LEI CODE"; an organisation of skjold by its id.
 */
export function providerText(id) {
	const m = /^([a-z]+):([^/\s]+)$/.exec(String(id ?? ''));
	return m ? m[1].toUpperCase() + ' ' + m[2] : String(id ?? '–');
}

/* Promise.allSettled, named for what the pages do with it. */
export function settle(promises) {
	return Promise.allSettled(promises);
}

// Body fields the server works out on every write (the ids of the item and of what it belongs to, a
// risk's rating history and level): no part of a user's change, so the conflict panel leaves them out.
const DERIVED = {
	risk: ['history', 'score', 'level'],
	redteam: ['id', 'member'],
	finding: ['id', 'test', 'member'],
	answer: ['member', 'catalogue', 'campaign'],
	response: ['survey', 'member'],
};

/*
 * Replace an item of one's own (PUT …/items/{kind}/{id}) with a body made from `item` as the user
 * read it, under If-Match and the item's version (docs/api.md, "Concurrent edits"). The forum's
 * lists give each item's version but not its ETag, so the item is read once more: its ETag goes as
 * If-Match when it is still the version the user read (else the stale version alone makes the
 * server refuse). A change saved meanwhile answers 412 and opens the conflict panel at the end of
 * ui.host; ui: {host, status?, discard()}. Resolves to the saved item, or null when the user
 * discarded the change.
 */
export async function replaceItem(f, kind, item, body, tlp, ui) {
	const path = f.base('items', kind, item.id);
	// the item's recipients go with its own label only; a new label takes the server's default
	const recipients = tlp === item.tlp && item.recipients && item.recipients.length ? item.recipients : undefined;
	const send = {body, tlp, recipients};
	const read = await getWithEtag(path);
	const etag = read.data.version === item.version ? read.etag : null;
	const fields = (x) => {
		const o = {...x.body, tlp: x.tlp};
		if (recipients) o.recipients = x.recipients;
		for (const k of DERIVED[kind] || []) delete o[k];
		return o;
	};
	const saved = await guardedSave(ui.host, {
		read: path, mine: fields(send), theirs: fields, status: ui.status, discard: ui.discard,
		write: (cur) => put(path, {...send, version: cur ? cur.data.version : item.version}, {ifMatch: cur ? cur.etag : etag}),
	});
	return saved && saved.answer;
}
