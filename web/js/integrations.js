// The integrations of issue 18 in the UI, each where it is used:
//   forumExport   the forum page: what the organisation may see of the forum as a STIX 2.1 bundle
//                 or a MISP event (GET …/forums/{forum}/export?format=stix|misp; docs/forum.md
//                 "Sharing out"), links the browser downloads with the session

import {query, downloadHref} from './api.js';
import {t} from './i18n.js';
import {h} from './dom.js';

/* The forum's export for the acting organisation: two download links. */
export function forumExport(f) {
	const href = (format) => downloadHref(f.base('export')) + query({format});
	return h('section', {class: 'card no-print', id: 'forum-export', 'aria-labelledby': 'forum-export-h'},
		h('h2', {id: 'forum-export-h'}, t('fx_title')),
		h('p', {class: 'hint'}, t('fx_hint')),
		h('p', {class: 'downloads'},
			h('a', {class: 'button secondary', id: 'forum-export-stix', download: '', href: href('stix')}, t('fx_stix')), ' ',
			h('a', {class: 'button secondary', id: 'forum-export-misp', download: '', href: href('misp')}, t('fx_misp'))));
}
