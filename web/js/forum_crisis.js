// (being written)
import {section} from './forum_common.js';
import {t} from './i18n.js';

export async function render(view) {
	view.append(section('forum-crisis', t('forum_tab_crisis')));
}
