// An edit that lost a race, shown to the user (docs/api.md, "Concurrent edits"). Every edit of an
// existing object is sent with If-Match (and the forum's version, where it has one); when someone
// else saved the object meanwhile the server answers 412 and nothing is written. The form keeps
// what the user typed, and a panel opens below it with both versions side by side — "your change"
// and "saved by someone else meanwhile", the fields that differ highlighted — and two ways on:
// overwrite with my change (sent again, now under the stored object's ETag and version) or discard
// it (the page is drawn again from the server). Every edit form uses this one panel.

import {ApiError, getWithEtag} from './api.js';
import {t} from './i18n.js';
import {h, statusLine, fmtInstant, tableWrap} from './dom.js';

/*
 * guardedSave(host, o) → {answer} once the write is saved (at once, or after "overwrite"), or null
 * when the user discarded the change (o.discard() has then run). A failure other than 412 is thrown
 * as it came. While the panel is open the promise waits, so the form's submit button stays off.
 *   o.read       the path whose GET answers the object the write changes, with its ETag
 *   o.write(cur) the write: first with cur null (the caller sends the ETag and version it read), on
 *                "overwrite" with cur = {data, etag} of the object as stored now
 *   o.mine       the fields of the user's change, as an object (nested objects and lists allowed)
 *   o.theirs(stored) → the same fields of a stored object
 *   o.status     the form's status line (optional)
 *   o.discard()  draws the page again from the server
 * The panel is appended to host (a form, or the section of a button); its id is host's + '-conflict'.
 */
export async function guardedSave(host, o) {
	try {
		return {answer: await o.write(null)};
	} catch (e) {
		if (!isConflict(e)) throw e;
	}
	return resolveConflict(host, o);
}

const isConflict = (e) => e instanceof ApiError && e.status === 412;

/* Fetch the stored object, show both versions, and wait for the user's choice. */
async function resolveConflict(host, o) {
	const cur = await getWithEtag(o.read);
	if (o.status) o.status.show(t('conflict_status'), 'error');
	return new Promise((resolve, reject) => {
		// the attribute: a form's .id may be its control named "id"
		const id = (host.getAttribute('id') || 'form') + '-conflict';
		const note = statusLine();
		const overwrite = h('button', {type: 'button', class: 'danger', id: id + '-overwrite'}, t('conflict_overwrite'));
		const discard = h('button', {type: 'button', class: 'secondary', id: id + '-discard'}, t('conflict_discard'));
		const head = h('h3', {id: id + '-h', tabindex: '-1'}, t('conflict_title'));
		const panel = h('section', {class: 'conflict', id, 'aria-labelledby': id + '-h'}, head,
			h('p', null, t('conflict_hint')),
			savedBy(cur.data),
			comparison(id, o.mine, o.theirs(cur.data)),
			h('div', {class: 'buttons'}, overwrite, discard), note);
		document.getElementById(id)?.remove();
		host.append(panel);
		// focus on the heading, not on a button: a stray Enter must not overwrite anything
		head.focus({preventScroll: true});
		panel.scrollIntoView({block: 'nearest'});
		overwrite.addEventListener('click', async () => {
			overwrite.disabled = discard.disabled = true;
			note.show(t('saving'), 'busy');
			try {
				const answer = await o.write(cur);
				panel.remove();
				resolve({answer});
			} catch (e) {
				panel.remove();
				// saved again by someone else in the meantime: the panel again, with that version
				if (isConflict(e)) resolveConflict(host, o).then(resolve, reject);
				else reject(e);
			}
		});
		discard.addEventListener('click', () => {
			panel.remove();
			if (o.status) o.status.show('', null);
			resolve(null);
			o.discard();
		});
	});
}

/* Who saved the stored version and when, when the object says so (the forum's items do). */
function savedBy(stored) {
	if (!stored || (!stored.by && !stored.updated_at)) return null;
	return h('p', {class: 'meta'}, t('conflict_saved_by', {by: stored.by || '–', at: fmtInstant(stored.updated_at)}));
}

/* The two versions side by side: the fields that differ highlighted, the others folded away. */
function comparison(id, mine, theirs) {
	const a = flatten(mine);
	const b = flatten(theirs);
	const keys = [...new Set([...a.keys(), ...b.keys()])];
	const row = (k, differs) => h('tr', {class: differs ? 'differs' : null, dataset: {field: k}},
		h('th', {scope: 'row'}, k),
		h('td', {class: 'mine'}, cell(a.get(k), differs)),
		h('td', {class: 'theirs'}, cell(b.get(k), differs)));
	const differing = keys.filter((k) => (a.get(k) || '') !== (b.get(k) || ''));
	const same = keys.filter((k) => !differing.includes(k));
	const heads = h('thead', null, h('tr', null, h('th', {scope: 'col'}, t('conflict_field')),
		h('th', {scope: 'col'}, t('conflict_mine')), h('th', {scope: 'col'}, t('conflict_theirs'))));
	const tbl = (tid, caption, keys2, differs) => tableWrap(h('table', {class: 'data conflict-table', id: tid},
		h('caption', {class: 'sr-only'}, caption), heads.cloneNode(true),
		h('tbody', null, keys2.map((k) => row(k, differs)))), caption);
	return [
		differing.length ? tbl(id + '-diff', t('conflict_differs'), differing, true)
			: h('p', {class: 'hint'}, t('conflict_no_difference')),
		same.length ? h('details', {class: 'conflict-same'}, h('summary', null, t('conflict_same', {n: same.length})),
			tbl(id + '-same', t('conflict_same', {n: same.length}), same, false)) : null,
	];
}

function cell(v, differs) {
	if (!v) return h('span', {class: 'muted'}, t('conflict_empty'));
	return differs ? h('mark', null, v) : v;
}

/*
 * An object as path → text: "title", "sources[0].ref", "deliverables.tti_report.planned"; a list of
 * plain values is one field ("a, b"). Empty values (null, '', [], {}) give no field, so a value the
 * server fills in as null reads the same as one left out.
 */
function flatten(x, pre = '', out = new Map()) {
	if (x === null || x === undefined || x === '') return out;
	if (Array.isArray(x) && x.every((v) => v === null || typeof v !== 'object')) {
		if (x.length) out.set(pre, x.join(', '));
	} else if (typeof x === 'object') {
		for (const [k, v] of Object.entries(x)) flatten(v, Array.isArray(x) ? pre + '[' + k + ']' : pre ? pre + '.' + k : k, out);
	} else {
		out.set(pre, String(x));
	}
	return out;
}
