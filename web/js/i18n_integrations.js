// Strings of the integrations of issue 18 (integrations.js): the forum's export, requiring single
// sign-on, the KITOS import, the audit log's export. [Danish, English], merged into i18n.js.

export const INTEGRATION_STRINGS = {
	fx_title: ['Del videre', 'Share out'],
	fx_hint: ['Det, organisationen må se i forummet, som fil til egne værktøjer til trusselsinformation. Intet ud over det, I selv kan se, kommer med.',
		'What the organisation may see in the forum, as a file for its own threat-intelligence tools. Nothing beyond what you can see yourselves is included.'],
	fx_stix: ['Hent som STIX 2.1', 'Download as STIX 2.1'],
	fx_misp: ['Hent som MISP-hændelse', 'Download as MISP event'],
	sso_title: ['Enkeltlogon (SSO)', 'Single sign-on (SSO)'],
	sso_require: ['Kræv enkeltlogon for organisationens brugere', 'Require single sign-on for the organisation\'s users'],
	sso_require_hint: ['Når det slås til, afvises login med adgangskode, og de aktive sessioner for organisationens brugere, som ikke er systemadministratorer, afsluttes — måske også din egen.',
		'When it is turned on, password logins are refused, and the active sessions of the organisation\'s users who are not system administrators are ended — perhaps your own too.'],
	sso_confirm: ['Kræv enkeltlogon? Organisationens brugere, som ikke er systemadministratorer, logges ud og kan kun logge ind med enkeltlogon.',
		'Require single sign-on? The organisation\'s users who are not system administrators are signed out and can sign in by single sign-on only.'],
	sso_on: ['Enkeltlogon kræves nu.', 'Single sign-on is now required.'],
	sso_off: ['Enkeltlogon kræves ikke længere.', 'Single sign-on is no longer required.'],
};
