// The sector forum's risk register, red-team programme, baseline and survey tabs.
// (Being written: each tab shows its heading until its page lands.)

import {t} from './i18n.js';
import {section} from './forum_common.js';

export async function renderRegister(view) {
	view.append(section('forum-register', t('forum_tab_register')));
}
export async function renderRedteam(view) {
	view.append(section('forum-redteam', t('forum_tab_redteam')));
}
export async function renderBaseline(view) {
	view.append(section('forum-baseline', t('forum_tab_baseline')));
}
export async function renderSurvey(view) {
	view.append(section('forum-survey', t('forum_tab_survey')));
}
