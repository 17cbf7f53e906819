// Strings of the integrations of issue 18 (integrations.js): the forum's export, requiring single
// sign-on, the KITOS import, the audit log's export. [Danish, English], merged into i18n.js.

export const INTEGRATION_STRINGS = {
	fx_title: ['Del videre', 'Share out'],
	fx_hint: ['Det, organisationen må se i forummet, som fil til egne værktøjer til trusselsinformation. Intet ud over det, I selv kan se, kommer med.',
		'What the organisation may see in the forum, as a file for its own threat-intelligence tools. Nothing beyond what you can see yourselves is included.'],
	fx_stix: ['Hent som STIX 2.1', 'Download as STIX 2.1'],
	fx_misp: ['Hent som MISP-hændelse', 'Download as MISP event'],
};
