// Strings of the sector forum's sharing, crisis and analysis pages (forum_share.js,
// forum_crisis.js, forum_analysis.js) and its tabs: [Danish, English], merged into i18n.js.

export const FORUM_STRINGS = {
	forum_tabs: ['Forummets sider', 'The forum\'s pages'],
	forum_tab_overview: ['Overblik', 'Overview'],
	forum_tab_sharing: ['Deling', 'Sharing'],
	forum_tab_crisis: ['Krise', 'Crisis'],
	forum_tab_analysis: ['Analyse', 'Analysis'],
	forum_tab_register: ['Risikoregister', 'Risk register'],
	forum_tab_redteam: ['Red team (TIBER-DK)', 'Red team (TIBER-DK)'],
	forum_tab_baseline: ['Baseline', 'Baseline'],
	forum_tab_survey: ['Spørgeundersøgelse', 'Survey'],
};

export const FORUM_TERMS = {
};
