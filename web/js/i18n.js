// Danish by default, English on request; the choice is kept in localStorage.
// Domain terms keep their Danish names: the criticality and risk levels (Lav, Medium, Høj,
// Kritisk) are data values and are shown as they are, with the English label beside them when
// the UI speaks English.

import {FORUM_STRINGS, FORUM_TERMS} from './i18n_forum.js';
import {PROGRAMME_STRINGS, PROGRAMME_TERMS} from './i18n_programmes.js';
import {ROI_STRINGS} from './i18n_roi.js';
import {WEBHOOK_STRINGS} from './i18n_webhooks.js';
import {INTEGRATION_STRINGS} from './i18n_integrations.js';

const KEY = 'skjold.lang';
let lang = 'da';
try {
	const saved = localStorage.getItem(KEY);
	if (saved === 'da' || saved === 'en') lang = saved;
} catch (_) { /* storage blocked: stay Danish */ }

export function getLang() {
	return lang;
}

export function setLang(l) {
	lang = l === 'en' ? 'en' : 'da';
	try {
		localStorage.setItem(KEY, lang);
	} catch (_) { /* not kept */ }
	document.documentElement.lang = lang;
}

/* [Danish, English] for every string the UI shows. */
const S = {
	app_name: ['skjold', 'skjold'],
	skip: ['Spring til indhold', 'Skip to content'],
	nav_label: ['Hovedmenu', 'Main menu'],
	nav_dashboard: ['Overblik', 'Dashboard'],
	nav_map: ['Afhængighedskort', 'Dependency map'],
	nav_risks: ['Risici', 'Risks'],
	nav_incidents: ['Hændelser', 'Incidents'],
	nav_reports: ['Rapporter', 'Reports'],
	nav_orgs: ['Organisationer', 'Organisations'],
	org_label: ['Organisation', 'Organisation'],
	lang_switch: ['English', 'Dansk'],
	lang_switch_label: ['Switch to English', 'Skift til dansk'],
	logout: ['Log ud', 'Log out'],
	loading: ['Henter …', 'Loading …'],
	saving: ['Gemmer …', 'Saving …'],
	saved: ['Gemt', 'Saved'],
	error: ['Fejl', 'Error'],
	none: ['Ingen', 'None'],
	yes: ['Ja', 'Yes'],
	no: ['Nej', 'No'],
	unknown: ['Ukendt', 'Unknown'],
	show: ['Vis', 'Show'],
	save: ['Gem', 'Save'],
	cancel: ['Annullér', 'Cancel'],
	optional: ['valgfri', 'optional'],
	total: ['I alt', 'Total'],
	field: ['felt', 'field'],
	not_found: ['Siden findes ikke.', 'No such page.'],
	pick_org_first: ['Vælg først en organisation.', 'Choose an organisation first.'],

	// an edit that lost a race (conflict.js)
	conflict_title: ['En anden har gemt en ændring, mens du redigerede', 'Someone else saved a change while you were editing'],
	conflict_hint: ['Din ændring er ikke gemt, og intet er overskrevet. Felterne, der er forskellige, er fremhævet.',
		'Your change is not saved and nothing was overwritten. The fields that differ are highlighted.'],
	conflict_status: ['Ikke gemt: en anden har ændret det samme imens – se begge versioner nedenfor.',
		'Not saved: someone else changed the same thing meanwhile – see both versions below.'],
	conflict_saved_by: ['Gemt af {by} {at}', 'Saved by {by} at {at}'],
	conflict_field: ['Felt', 'Field'],
	conflict_mine: ['Din ændring', 'Your change'],
	conflict_theirs: ['Gemt af en anden', 'Saved by someone else meanwhile'],
	conflict_differs: ['Felter der er forskellige', 'Fields that differ'],
	conflict_same: ['Felter uden forskel ({n})', 'Fields without a difference ({n})'],
	conflict_no_difference: ['De to versioner har de samme værdier.', 'The two versions hold the same values.'],
	conflict_empty: ['(tom)', '(empty)'],
	conflict_overwrite: ['Overskriv med min ændring', 'Overwrite with my change'],
	conflict_discard: ['Kassér min ændring', 'Discard my change'],

	// procedure steps, seed 003 §4 (its step 6 is missing in the source numbering)
	steps_title: ['Procedurens trin', 'The procedure\'s steps'],
	step_1: ['1 Kritiske processer og opgaver', '1 Critical processes and tasks'],
	step_2: ['2 Understøttende systemer', '2 Supporting systems'],
	step_3: ['3 Afhængigheder, integrationer og leverandører', '3 Dependencies, integrations and suppliers'],
	step_4: ['4 Sandsynlighed og konsekvens', '4 Likelihood and consequence'],
	step_5: ['5 Risikoniveau og restrisiko', '5 Risk level and residual risk'],
	step_7: ['7 Prioritér og anbefal foranstaltninger', '7 Prioritise and recommend measures'],
	step_8: ['8 Handleplaner godkendt og igangsat', '8 Action plans approved and started'],
	step_9: ['9 Opfølgning på fremdrift og effekt', '9 Follow-up on progress and effect'],

	// login
	login_title: ['Log ind', 'Log in'],
	user: ['Brugernavn', 'User name'],
	password: ['Adgangskode', 'Password'],
	totp_code: ['Engangskode (TOTP)', 'One-time code (TOTP)'],
	totp_needed: ['Indtast koden fra din autentificeringsapp.', 'Enter the code from your authenticator app.'],
	login_button: ['Log ind', 'Log in'],
	sso_button: ['Log ind med SSO (single sign-on)', 'Log in with SSO (single sign-on)'],
	saml_button: ['Log ind med SAML (kommunens login)', 'Log in with SAML (the municipality\'s login)'],
	sso_or: ['eller med brugernavn og adgangskode', 'or with user name and password'],
	sso_failed: ['Log ind med SSO mislykkedes. Prøv igen.', 'The single sign-on failed. Try again.'],
	sso_no_group: ['Dine grupper hos identitetsudbyderen giver ingen rolle i skjold. Spørg en administrator.',
		'Your groups at the identity provider give no role in skjold. Ask an administrator.'],
	sso_disabled: ['Din bruger er deaktiveret i skjold.', 'Your user is disabled in skjold.'],
	sso_name_taken: ['Dit brugernavn tilhører en anden skjold-bruger. Spørg en administrator.',
		'Your user name belongs to another skjold user. Ask an administrator.'],
	sso_expired: ['Login fra identitetsudbyderen er udløbet. Prøv igen, og kontrollér evt. urene.',
		'The identity provider\'s sign-in has expired. Try again, and check the clocks if it persists.'],
	sso_state: ['Log ind er udløbet eller allerede brugt. Prøv igen.', 'The sign-in has expired or was already used. Try again.'],
	login_failed: ['Forkert brugernavn eller adgangskode.', 'Wrong user name or password.'],
	login_failed_totp: ['Forkert brugernavn, adgangskode eller engangskode.', 'Wrong user name, password or code.'],
	change_pw_title: ['Skift adgangskode', 'Change password'],
	change_pw_intro: ['Du skal vælge en ny adgangskode (mindst 12 tegn), før du kan fortsætte.',
		'You must choose a new password (at least 12 characters) before you go on.'],
	old_password: ['Nuværende adgangskode', 'Current password'],
	new_password: ['Ny adgangskode', 'New password'],
	new_password2: ['Gentag ny adgangskode', 'Repeat new password'],
	pw_mismatch: ['De to adgangskoder er ikke ens.', 'The two passwords differ.'],
	pw_short: ['Adgangskoden skal have mindst 12 tegn.', 'The password needs at least 12 characters.'],
	change_pw_button: ['Skift adgangskode', 'Change password'],
	totp_title: ['Opsæt totrinsgodkendelse', 'Set up two-step verification'],
	totp_intro: ['Tilføj denne nøgle i din autentificeringsapp (RFC 6238, SHA-1, 6 cifre, 30 s), og bekræft med en kode.',
		'Add this key to your authenticator app (RFC 6238, SHA-1, 6 digits, 30 s) and confirm with a code.'],
	totp_secret: ['Hemmelig nøgle', 'Secret key'],
	totp_uri: ['otpauth-adresse', 'otpauth URI'],
	totp_confirm: ['Bekræft', 'Confirm'],

	// organisations
	orgs_title: ['Vælg organisation', 'Choose an organisation'],
	orgs_none: ['Du er ikke medlem af nogen organisation endnu.', 'You are not a member of any organisation yet.'],
	role: ['Rolle', 'Role'],
	org_create_title: ['Opret organisation', 'Create an organisation'],
	org_id: ['Id (kort navn)', 'Id (short name)'],
	org_name: ['Navn', 'Name'],
	org_kind: ['Type', 'Kind'],
	org_nis2: ['NIS2', 'NIS2'],
	org_dora: ['DORA-type', 'DORA type'],
	org_psd2: ['Udbyder af betalingstjenester (PSD2)', 'Payment service provider (PSD2)'],
	org_appetite: ['Risikoappetit', 'Risk appetite'],
	org_create_button: ['Opret organisation', 'Create organisation'],
	not_dora: ['ikke omfattet', 'not covered'],

	// dashboard
	dash_title: ['Overblik', 'Dashboard'],
	dash_as_of: ['Opgjort pr.', 'As of'],
	dash_deadlines: ['Åbne hændelser: frister for indberetning', 'Open incidents: reporting deadlines'],
	dash_no_deadlines: ['Ingen åbne indberetningsfrister.', 'No open reporting deadlines.'],
	dash_overdue: ['Forfaldent', 'Overdue'],
	dash_no_overdue: ['Intet er forfaldent.', 'Nothing is overdue.'],
	dash_escalate: ['Skal eskaleres', 'Must escalate'],
	dash_no_escalate: ['Intet skal eskaleres.', 'Nothing must escalate.'],
	dash_reviews: ['Revurderinger', 'Reviews due'],
	dash_no_reviews: ['Ingen revurderinger forfalder.', 'No reviews are due.'],
	dash_soon: ['Forfalder snart', 'Due soon'],
	dash_totals: ['Nøgletal', 'Key figures'],
	dash_procedure: ['Procedurens årlige gennemgang', 'Yearly review of the procedure'],
	last_reviewed: ['Senest gennemgået', 'Last reviewed'],
	t_nodes: ['Knuder i kortet', 'Nodes in the map'],
	t_risks: ['Risikoscenarier', 'Risk scenarios'],
	t_above: ['Over risikoappetit', 'Above risk appetite'],
	t_risks_overdue: ['Risici forfaldne', 'Risks overdue'],
	t_measures_overdue: ['Foranstaltninger forfaldne', 'Measures overdue'],
	t_reviews_overdue: ['Revurderinger forfaldne', 'Reviews overdue'],
	t_never: ['Aldrig vurderet', 'Never assessed'],
	kind: ['Art', 'Kind'],
	item: ['Emne', 'Item'],
	title: ['Titel', 'Title'],
	due: ['Frist', 'Due'],
	days_overdue: ['Dage over', 'Days over'],
	level: ['Niveau', 'Level'],
	responsible: ['Ansvarlig', 'Responsible'],
	escalate_to: ['Eskaleres til', 'Escalate to'],
	reason: ['Begrundelse', 'Reason'],
	owner: ['Ejer', 'Owner'],
	countdown: ['Tid tilbage', 'Time left'],
	overdue_by: ['overskredet med', 'overdue by'],
	days_short: ['d', 'd'],
	incident: ['Hændelse', 'Incident'],
	regime: ['Regelsæt', 'Regime'],
	report: ['Rapport', 'Report'],
	status: ['Status', 'Status'],
	basis: ['Grundlag', 'Basis'],

	// map
	map_title: ['Afhængighedskort', 'Dependency map'],
	map_intro: ['Kortet viser knuderne grupperet efter art: processer og ydelser øverst og det, de afhænger af, nedenunder. Farven er den effektive kritikalitet. Søg efter en knude, zoom med knapperne eller musehjulet, og træk i kortet for at flytte det.',
		'The map shows the nodes grouped by kind: processes and services at the top and what they depend on below. The colour is the effective criticality. Search for a node, zoom with the buttons or the mouse wheel, and drag the map to move it.'],
	map_graph_label: ['Afhængighedsgraf: piletasterne flytter kortet, + og − zoomer, 0 viser det hele; vælg en knude med søgefeltet eller i listen',
		'Dependency graph: the arrow keys move the map, + and − zoom, 0 shows it all; choose a node with the search box or in the list'],
	map_empty: ['Kortet er tomt. Tilføj den første kritiske proces nedenfor.', 'The map is empty. Add the first critical process below.'],
	map_truncated: ['Viser de første {n} af {total} knuder.', 'Showing the first {n} of {total} nodes.'],
	map_nodes: ['Knuder', 'Nodes'],
	map_select_hint: ['Vælg en knude i grafen eller i listen.', 'Choose a node in the graph or in the list.'],
	map_legend: ['Farveforklaring', 'Legend'],
	map_fit: ['Tilpas visning', 'Fit to view'],
	map_search: ['Søg i kortet', 'Search the map'],
	map_search_placeholder: ['Navn eller id', 'Name or id'],
	map_search_count: ['{n} fundet', '{n} found'],
	map_search_none: ['Ingen knuder passer', 'No node matches'],
	map_group_count: ['{n} knuder', '{n} nodes'],
	map_zoom: ['Zoom', 'Zoom'],
	map_zoom_in: ['Zoom ind', 'Zoom in'],
	map_zoom_out: ['Zoom ud', 'Zoom out'],
	map_zoom_selection: ['Zoom til valgte', 'Zoom to selection'],
	node: ['Knude', 'Node'],
	node_kind: ['Art', 'Kind'],
	name: ['Navn', 'Name'],
	effective_criticality: ['Effektiv kritikalitet', 'Effective criticality'],
	assessed_criticality: ['Vurderet kritikalitet', 'Assessed criticality'],
	criticality_reason: ['Hvorfor denne kritikalitet', 'Why this criticality'],
	review_due: ['Næste revurdering', 'Next review'],
	personal_data: ['Personoplysninger', 'Personal data'],
	critical_service: ['Kritisk ydelse (NIS2/DORA)', 'Critical service (NIS2/DORA)'],
	description: ['Beskrivelse', 'Description'],
	rto: ['RTO (minutter)', 'RTO (minutes)'],
	rpo: ['RPO (minutter)', 'RPO (minutes)'],
	impact_title: ['Hvad svigter, hvis denne svigter', 'What fails if this fails'],
	impact_none: ['Intet andet svigter.', 'Nothing else fails.'],
	impact_stopped: ['Processer og ydelser der stopper', 'Processes and services that stop'],
	impact_critical: ['Heraf kritiske', 'Of which critical'],
	impact_orgs: ['Organisationer der rammes', 'Organisations hit'],
	impact_how: ['Hvorfor', 'Why'],
	because: ['fordi', 'because'],
	add_node_title: ['Tilføj knude', 'Add a node'],
	add_node_button: ['Tilføj knude', 'Add node'],
	add_edge_title: ['Tilføj afhængighed', 'Add a dependency'],
	add_edge_button: ['Tilføj afhængighed', 'Add dependency'],
	edge_from: ['Denne knude …', 'This node …'],
	edge_to: ['… afhænger af', '… depends on'],
	edge_type: ['Type', 'Type'],
	edge_group: ['Redundansgruppe', 'Redundancy group'],
	edge_group_hint: ['Afhængigheder med samme gruppe er alternativer: én af dem er nok.',
		'Dependencies sharing a group are alternatives: one of them is enough.'],
	crit_none: ['(afledes)', '(derived)'],
	node_added: ['Knuden er tilføjet.', 'The node was added.'],
	edge_added: ['Afhængigheden er tilføjet.', 'The dependency was added.'],
	depends_on: ['Afhænger af', 'Depends on'],
	depended_by: ['Afhængig heraf', 'Depended on by'],

	// risks
	risks_title: ['Risici', 'Risks'],
	matrix_title: ['Risikomatrix', 'Risk matrix'],
	matrix_residual: ['Restrisiko', 'Residual risk'],
	matrix_inherent: ['Iboende risiko', 'Inherent risk'],
	matrix_which: ['Vis', 'Show'],
	matrix_caption: ['Antal scenarier pr. felt: sandsynlighed (lodret) × konsekvens (vandret)',
		'Scenarios per cell: likelihood (down) × consequence (across)'],
	// begins with what the cell shows (its count and level), so the spoken name matches the visible one
	matrix_cell: ['{n} {shown}: sandsynlighed {l}, konsekvens {c}, {n} scenarier, niveau {lvl}',
		'{n} {shown}: likelihood {l}, consequence {c}, {n} scenarios, level {lvl}'],
	matrix_unscored: ['Ikke vurderet: {n}', 'Not scored: {n}'],
	likelihood: ['Sandsynlighed', 'Likelihood'],
	consequence: ['Konsekvens', 'Consequence'],
	register_title: ['Risikoregister', 'Risk register'],
	filter_text: ['Søg', 'Search'],
	filter_level: ['Restrisiko', 'Residual level'],
	filter_all: ['Alle', 'All'],
	filter_overdue: ['Kun forfaldne', 'Overdue only'],
	filter_cell: ['Filter: felt L{l} × K{c}', 'Filter: cell L{l} × C{c}'],
	filter_clear: ['Ryd filter', 'Clear filter'],
	register_count: ['{n} af {total} scenarier', '{n} of {total} scenarios'],
	inherent_level: ['Iboende niveau', 'Inherent level'],
	residual_level: ['Restrisiko', 'Residual level'],
	decision: ['Beslutning', 'Decision'],
	treatment_due: ['Handleplan senest', 'Action plan due'],
	overdue: ['Forfalden', 'Overdue'],
	sort_by: ['Sortér efter {col}', 'Sort by {col}'],
	assess_title: ['Vurdér en risiko', 'Assess a risk'],
	scenario_fs: ['Scenarie', 'Scenario'],
	risk_id: ['Id', 'Id'],
	risk_title: ['Scenarie (titel)', 'Scenario (title)'],
	threat: ['Trussel', 'Threat'],
	assessed_on: ['Vurderet den', 'Assessed on'],
	assessor: ['Vurderet af', 'Assessor'],
	threat_level: ['Trusselsniveau (1–4)', 'Threat level (1–4)'],
	resilience: ['Egen modstandsdygtighed (1 lav – 4 høj)', 'Own resilience (1 low – 4 high)'],
	likelihood_set: ['Sandsynlighed', 'Likelihood'],
	use_suggestion: ['Brug forslaget', 'Use the suggestion'],
	c_availability: ['Tilgængelighed', 'Availability'],
	c_confidentiality: ['Fortrolighed', 'Confidentiality'],
	c_integrity: ['Integritet', 'Integrity'],
	c_authenticity: ['Autenticitet', 'Authenticity'],
	inherent_fs: ['Konsekvens før foranstaltninger', 'Consequence before measures'],
	residual_fs: ['Restrisiko efter eksisterende og planlagte foranstaltninger', 'Residual risk after existing and planned measures'],
	residual_likelihood: ['Sandsynlighed efter foranstaltninger', 'Likelihood after measures'],
	not_set: ['(ikke angivet)', '(not set)'],
	as_before: ['(som før)', '(as before)'],
	inherited_from: ['Arvet fra', 'Inherited from'],
	used_by: ['Bruges af', 'Used by'],
	note: ['Note', 'Note'],
	preview_title: ['Resultat (beregnes mens du skriver)', 'Result (computed as you type)'],
	suggested_likelihood: ['Foreslået sandsynlighed', 'Suggested likelihood'],
	likelihood_used: ['Anvendt sandsynlighed', 'Likelihood used'],
	deviation: ['afviger fra forslaget', 'deviates from the suggestion'],
	above_appetite: ['Over risikoappetitten', 'Above the risk appetite'],
	required_approver: ['Godkendes af', 'Approved by'],
	preview_incomplete: ['Udfyld knude, trussel og konsekvens for at se resultatet.',
		'Fill in node, threat and consequence to see the result.'],
	save_risk: ['Gem risikovurdering', 'Save the assessment'],
	risk_saved: ['Risikovurderingen er gemt.', 'The assessment was saved.'],
	no_threats: ['Organisationen har endnu ingen trusler. Tilføj en trussel først.',
		'The organisation has no threats yet. Add a threat first.'],
	add_threat_title: ['Tilføj trussel', 'Add a threat'],
	add_threat_button: ['Tilføj trussel', 'Add threat'],
	threat_category: ['Kategori', 'Category'],
	level_source: ['Kilde til trusselsniveau', 'Source of the threat level'],
	threat_added: ['Truslen er tilføjet.', 'The threat was added.'],

	// incidents
	incidents_title: ['Hændelser', 'Incidents'],
	incidents_none: ['Ingen hændelser registreret.', 'No incidents recorded.'],
	incident_new: ['Registrér hændelse', 'Record an incident'],
	incident_id: ['Id', 'Id'],
	detected_at: ['Opdaget', 'Detected'],
	occurred_at: ['Indtruffet', 'Occurred'],
	classified_at: ['Klassificeret', 'Classified'],
	resolved_at: ['Løst', 'Resolved'],
	category: ['Kategori', 'Category'],
	cause: ['Årsag', 'Cause'],
	root_cause: ['Grundårsag (nøgle)', 'Root cause (key)'],
	measures: ['Foranstaltninger', 'Measures'],
	verdicts: ['Vurderinger', 'Verdicts'],
	next_due: ['Næste frist', 'Next deadline'],
	times_fs: ['Tidspunkter', 'Times'],
	times_hint: ['Lokal tid (Europe/Copenhagen).', 'Local time (Europe/Copenhagen).'],
	nodes_affected: ['Berørte knuder i kortet', 'Affected nodes in the map'],
	facts_fs: ['Fakta (ukendt = tomt felt)', 'Facts (unknown = empty field)'],
	facts_tx: ['Transaktioner', 'Transactions'],
	facts_users: ['Brugere og kunder', 'Users and clients'],
	facts_time: ['Nedetid og varighed', 'Downtime and duration'],
	facts_impact: ['Påvirkning', 'Impact'],
	facts_data: ['Personoplysninger', 'Personal data'],
	facts_flags: ['Forhold (ja / nej / ukendt)', 'Circumstances (yes / no / unknown)'],
	entity_note: ['Enhedens regelsæt (NIS2, DORA, PSD2) og arbejdstid tages fra organisationens indstillinger.',
		'The entity\'s regimes (NIS2, DORA, PSD2) and working hours come from the organisation\'s settings.'],
	assess_live: ['Foreløbig vurdering (beregnes mens du skriver)', 'Provisional assessment (computed as you type)'],
	incident_save: ['Gem hændelse', 'Save incident'],
	incident_saved: ['Hændelsen er gemt.', 'The incident was saved.'],
	applies: ['Gælder', 'Applies'],
	not_applies: ['Gælder ikke', 'Does not apply'],
	rule: ['Regel', 'Rule'],
	criteria: ['Kriterier', 'Criteria'],
	criterion: ['Kriterium', 'Criterion'],
	met: ['Opfyldt', 'Met'],
	detail: ['Afgjort af', 'Decided by'],
	source: ['Kilde', 'Source'],
	verdict_provisional: ['Foreløbig: {n} ukendte forhold kan ændre vurderingen', 'Provisional: {n} unknown facts could change the verdict'],
	unknown_could_change: ['Ukendte fakta der kan ændre vurderingen', 'Unknown facts that could change the verdict'],
	provisional: ['foreløbig', 'provisional'],
	deadline_timeline: ['Tidslinje for indberetninger', 'Deadline timeline'],
	timeline_events: ['Hændelsesforløb', 'Event log'],
	submitted_at: ['Indsendt', 'Submitted'],
	late: ['for sent', 'late'],
	without_relief: ['Uden lempelse (2025/301 art. 5(4))', 'Without relief (2025/301 art. 5(4))'],
	submission_title: ['Registrér indsendelse', 'Record a submission'],
	submission_button: ['Registrér indsendelse', 'Record submission'],
	submission_saved: ['Indsendelsen er registreret.', 'The submission was recorded.'],
	channel: ['Kanal', 'Channel'],
	receipt: ['Kvittering', 'Receipt'],
	estimates: ['Bygger på skøn (BEK § 4, stk. 2)', 'Rests on estimates (order § 4(2))'],
	no_reportable: ['Ingen regelsæt kræver indberetning.', 'No regime requires a report.'],
	impact_incident: ['Følger i afhængighedskortet', 'Consequences in the dependency map'],
	back_to_list: ['Tilbage til listen', 'Back to the list'],
	f_transactions_affected: ['Berørte transaktioner (antal)', 'Transactions affected (number)'],
	f_transactions_regular: ['Normalt antal transaktioner', 'Regular number of transactions'],
	f_transactions_value_eur: ['Berørt værdi (EUR)', 'Value affected (EUR)'],
	f_transactions_value_regular_eur: ['Normal værdi (EUR)', 'Regular value (EUR)'],
	f_users_affected: ['Berørte betalingstjenestebrugere', 'Payment service users affected'],
	f_users_total: ['Brugere i alt', 'Users in total'],
	f_clients_affected: ['Berørte kunder', 'Clients affected'],
	f_clients_total: ['Kunder i alt', 'Clients in total'],
	f_financial_counterparts_affected: ['Berørte finansielle modparter', 'Financial counterparts affected'],
	f_financial_counterparts_total: ['Finansielle modparter i alt', 'Financial counterparts in total'],
	f_relevant_clients_affected: ['Relevante kunder/modparter berørt', 'Relevant clients/counterparts affected'],
	f_downtime_minutes: ['Nedetid (minutter)', 'Downtime (minutes)'],
	f_duration_minutes: ['Varighed (minutter)', 'Duration (minutes)'],
	f_economic_impact_eur: ['Økonomisk påvirkning (EUR)', 'Economic impact (EUR)'],
	f_internal_escalation: ['Intern eskalation', 'Internal escalation'],
	f_other_psps_affected: ['Andre udbydere/infrastruktur berørt', 'Other PSPs or infrastructures affected'],
	f_reputational_impact: ['Omdømmepåvirkning', 'Reputational impact'],
	f_security_breach: ['Sikkerhedsbrud', 'Security breach'],
	f_critical_services_affected: ['Kritiske ydelser berørt', 'Critical services affected'],
	f_malicious_unauthorised_access: ['Ondsindet uautoriseret adgang', 'Malicious unauthorised access'],
	f_data_losses: ['Datatab', 'Data losses'],
	f_member_states_affected: ['Berørte medlemsstater (antal)', 'Member states affected (number)'],
	f_significant_disruption: ['Alvorlig driftsforstyrrelse', 'Severe operational disruption'],
	f_considerable_damage: ['Betydelig skade for andre', 'Considerable damage to others'],
	f_personal_data_breach: ['Brud på persondatasikkerheden', 'Personal-data breach'],
	f_data_subject_risk: ['Risiko for de registrerede', 'Risk to data subjects'],

	// reports
	reports_title: ['Rapporter', 'Reports'],
	report_kind: ['Rapport', 'Report'],
	report_isu: ['Kvartalsrapport til ISU', 'Quarterly report to the ISU'],
	report_management: ['Årlig ledelsesrapport', 'Annual management report'],
	year: ['År', 'Year'],
	quarter: ['Kvartal', 'Quarter'],
	report_show: ['Vis rapport', 'Show report'],
	print: ['Udskriv', 'Print'],
	download: ['Hent', 'Download'],
	dora_details: ['DORA-oplysninger til indberetningen', 'DORA details for the report'],
	dora_details_hint: ['Det, kun I kan oplyse til DORA-indberetningen (Kommissionens gennemførelsesforordning (EU) 2025/302); valgmulighederne er indberetningsskemaets egne.',
		'What only you can tell for the DORA report (Implementing Regulation (EU) 2025/302); the choices are the report schema\'s own.'],
	not_json: ['ikke gyldig JSON', 'not valid JSON'],
	recovered_at: ['Almindelige aktiviteter genoprettet', 'Regular activities recovered'],
	org_reporting_title: ['Oplysninger til indberetninger', 'Details for regulatory reports'],
	org_lei: ['LEI (ISO 17442)', 'LEI (ISO 17442)'],
	org_competent_authority: ['Kompetent myndighed (kode, felt 3.1)', 'Competent authority (code, field 3.1)'],
	contact_primary: ['Primær kontaktperson', 'Primary contact'],
	contact_secondary: ['Sekundær kontaktperson', 'Secondary contact'],
	contact_name: ['Navn', 'Name'],
	contact_email: ['E-mail', 'E-mail'],
	contact_phone: ['Telefon', 'Telephone'],
	org_relief_withdrawn: ['Myndigheden har frataget weekendlempelsen (2025/301 art. 5, stk. 6)', 'The authority has withdrawn the weekend relief (2025/301 art. 5(6))'],
	org_simplified: ['Forenklet IKT-risikostyringsramme (DORA art. 16, stk. 1)', 'Simplified ICT risk-management framework (DORA art. 16(1))'],
	download_pdf: ['Hent PDF', 'Download PDF'],
	download_docx: ['Hent Word (DOCX)', 'Download Word (DOCX)'],
	download_xlsx: ['Hent Excel (XLSX)', 'Download Excel (XLSX)'],
	download_dora_json: ['DORA-indberetning (JSON)', 'DORA report (JSON)'],
	filing_checklist: ['Tjekliste før indsendelse', 'Filing checklist'],
	checklist_complete: ['Alle krævede felter er udfyldt', 'Every required field is filled'],
	checklist_missing: ['Mangler', 'Missing'],
	checklist_fill: ['udfyld', 'fill in'],

	// sector forum (docs/forum.md)
	nav_forum: ['Sektorforum', 'Sector forum'],
	forum_title: ['Sektorforum', 'Sector forum'],
	forum_none: ['Organisationen er ikke med i noget sektorforum.', 'The organisation is in no sector forum.'],
	forum_pick: ['Forum', 'Forum'],
	forum_secretariat: ['Sekretariat', 'Secretariat'],
	forum_member: ['Medlem', 'Member'],
	forum_acting_as: ['{org} deltager som {role}', '{org} takes part as {role}'],
	forum_inactive: ['Organisationens medlemskab er ikke aktivt ({status}).', 'The organisation\'s membership is not active ({status}).'],
	forum_members: ['Medlemmer', 'Members'],
	forum_category: ['Kategori', 'Category'],
	forum_assets: ['Balance (mio. kr.)', 'Total assets (DKK million)'],
	forum_joined: ['Tilsluttet', 'Joined'],
	forum_no_crisis: ['Ingen åben krise.', 'No open crisis.'],
	forum_crisis: ['Krisebillede', 'Crisis picture'],
	forum_severity: ['Alvorlighed', 'Severity'],
	forum_opened: ['Åbnet', 'Opened'],
	forum_cadence: ['Rapporteringskadence (min.)', 'Reporting cadence (min.)'],
	forum_reported: ['Har rapporteret', 'Reported'],
	forum_late_members: ['Forsinkede medlemmer', 'Late members'],
	forum_no_late: ['Ingen er forsinkede.', 'Nobody is late.'],
	forum_minutes_late: ['{n} min. forsinket', '{n} min. late'],
	forum_worst: ['Værste status', 'Worst status'],
	forum_services: ['Tjenester', 'Services'],
	forum_latest: ['Seneste rapport', 'Latest report'],
	forum_next_due: ['Næste frist', 'Next due'],
	forum_not_reported: ['ikke rapporteret', 'not reported'],
	forum_risks: ['Forummets top-risici', 'The forum\'s top risks'],
	forum_heat: ['Risikomatrix (antal risici)', 'Heat map (number of risks)'],
	forum_likelihood: ['Sandsynlighed', 'Likelihood'],
	forum_consequence: ['Konsekvens', 'Consequence'],
	forum_no_risks: ['Forummet har ingen risici.', 'The forum has no risks.'],
	forum_score: ['Score', 'Score'],
	forum_trend: ['Udvikling', 'Trend'],
	forum_concentration: ['Koncentration pr. IKT-tjenestetype (HHI)', 'Concentration per ICT service type (HHI)'],
	forum_hhi_note: ['Herfindahl-Hirschman-indeks 0–10000: under 1500 lav, 1500–2500 moderat, over 2500 høj.',
		'Herfindahl-Hirschman index 0–10000: below 1500 low, 1500–2500 moderate, above 2500 high.'],
	forum_relationships: ['{n} relationer, {p} udbydere', '{n} relationships, {p} providers'],
	forum_footprint: ['Udbyderes fodaftryk', 'Provider footprint'],
	forum_provider: ['Udbyder', 'Provider'],
	forum_direct: ['Direkte', 'Direct'],
	forum_via_sub: ['Kun via underleverandører', 'Only through subcontractors'],
	forum_flagged: ['Markeret (10 %)', 'Flagged (10 %)'],
	forum_flagged_cats: ['Markerede kategorier', 'Flagged categories'],
	forum_position: ['Egen position: enkeltfejlpunkter', 'Own position: single points of failure'],
	forum_function: ['Kritisk funktion', 'Critical function'],
	forum_spofs: ['Enkeltfejlpunkter (SPOF)', 'Single points of failure (SPOF)'],
	forum_outside: ['Uden for egen organisation', 'Outside own organisation'],
	forum_not_shared: ['ikke delt', 'not shared'],
	forum_no_spof: ['Ingen kritiske funktioner delt i forummet.', 'No critical functions shared in the forum.'],
	forum_providers: ['Udbydere i sektoren', 'Providers in the sector'],
	forum_relied: ['I bruger den', 'You rely on it'],
	forum_sector: ['Sektorens tal', 'Sector figures'],
	forum_sector_reporting: ['Medlemmer der rapporterer', 'Members reporting'],
	forum_suppressed: ['færre end 5', 'fewer than 5'],
	forum_report: ['Statusrapport', 'Status report'],
	forum_report_for: ['Til krisen: {title}', 'For the crisis: {title}'],
	forum_service_status: ['Status for {name}', 'Status of {name}'],
	forum_service_name: ['Tjeneste', 'Service'],
	forum_cause: ['Årsag', 'Cause'],
	forum_continuity: ['Beredskabsplan aktiveret', 'Continuity plan active'],
	forum_assistance: ['Behov for assistance', 'Assistance needed'],
	forum_comm: ['Kommunikation', 'Communication status'],
	forum_next_update: ['Næste opdatering', 'Next update'],
	forum_tlp: ['TLP-mærkning', 'TLP label'],
	forum_tlp_hint: ['AMBER: kun sekretariatet. AMBER+STRICT indgår aldrig i sektortal.',
		'AMBER: the secretariat only. AMBER+STRICT never feeds a sector figure.'],
	forum_report_submit: ['Indsend statusrapport', 'File status report'],
	forum_report_ok: ['Statusrapport modtaget ({id}).', 'Status report accepted ({id}).'],
	forum_my_status: ['Egen seneste status', 'Own latest status'],
	forum_add_service: ['Anden tjeneste (id)', 'Other service (id)'],
};

/* Terms shown with their English label beside the Danish one. */
const LEVEL_EN = {Lav: 'Low', Medium: 'Medium', 'Høj': 'High', Kritisk: 'Critical'};
export const LEVELS = ['Lav', 'Medium', 'Høj', 'Kritisk'];
const LIKELIHOOD = [['Lav', 'Low'], ['Medium', 'Medium'], ['Høj', 'High'], ['Meget høj', 'Very high']];

const TERMS = {
	// an incident's timeline (src/incident/increc.c)
	event_kind: {created: ['Oprettet', 'Created'], updated: ['Ændret', 'Updated'], submitted: ['Indberettet', 'Submitted']},
	node_kind: {
		process: ['Proces', 'Process'], service: ['Ydelse', 'Service'], system: ['System', 'System'],
		infrastructure: ['Infrastruktur', 'Infrastructure'], supplier: ['Leverandør', 'Supplier'],
		external: ['Ekstern', 'External'],
	},
	node_kind_plural: {
		process: ['Processer', 'Processes'], service: ['Ydelser', 'Services'], system: ['Systemer', 'Systems'],
		infrastructure: ['Infrastruktur', 'Infrastructure'], supplier: ['Leverandører', 'Suppliers'],
		external: ['Eksterne', 'Externals'],
	},
	edge_type: {
		runs_on: ['kører på', 'runs on'], uses: ['bruger', 'uses'],
		integrates_with: ['integrerer med', 'integrates with'], supplied_by: ['leveres af', 'supplied by'],
		hosted_at: ['hostes hos', 'hosted at'],
	},
	personal_data: {
		none: ['Ingen', 'None'], ordinary: ['Almindelige', 'Ordinary'], sensitive: ['Følsomme', 'Sensitive'],
	},
	decision: {
		none: ['Ingen', 'None'], mitigate: ['Reducér', 'Mitigate'], accept: ['Acceptér', 'Accept'],
		transfer: ['Overfør', 'Transfer'], avoid: ['Undgå', 'Avoid'],
	},
	followup: {
		treatment_overdue: ['Handleplan forfalden', 'Action plan overdue'],
		treatment_due: ['Handleplan forfalder', 'Action plan due'],
		measure_overdue: ['Foranstaltning forfalden', 'Measure overdue'],
		measure_due: ['Foranstaltning forfalder', 'Measure due'],
		above_appetite: ['Over risikoappetit', 'Above risk appetite'],
		review_overdue: ['Revurdering forfalden', 'Review overdue'],
		review_due: ['Revurdering forfalder', 'Review due'],
		acceptance_expired: ['Accept udløbet', 'Acceptance expired'],
		procedure_review_overdue: ['Procedurens gennemgang forfalden', 'Procedure review overdue'],
		procedure_review_due: ['Procedurens gennemgang forfalder', 'Procedure review due'],
		acceptance_expires: ['Accept udløber', 'Acceptance expires'],
	},
	regime: {
		'dk-psd2-2018': ['Betalingsbekendtgørelsen 2018 (PSD2)', 'Danish PSD2 order 2018'],
		'eu-dora': ['DORA', 'DORA'], 'eu-nis2': ['NIS2', 'NIS2'], 'eu-gdpr': ['GDPR', 'GDPR'],
	},
	verdict: {
		major: ['Større hændelse', 'Major incident'], significant: ['Væsentlig hændelse', 'Significant incident'],
		notifiable: ['Anmeldelsespligtig', 'Notifiable'], none: ['Ikke indberetningspligtig', 'Not reportable'],
	},
	report: {
		initial: ['Første underretning', 'Initial notification'],
		intermediate: ['Mellemliggende rapport', 'Intermediate report'],
		final: ['Endelig rapport', 'Final report'],
		early_warning: ['Tidlig varsling', 'Early warning'],
		notification: ['Hændelsesanmeldelse', 'Incident notification'],
		progress: ['Statusrapport', 'Progress report'],
		authority: ['Anmeldelse til Datatilsynet', 'Notification to the authority'],
		data_subjects: ['Underretning af de registrerede', 'Notice to data subjects'],
	},
	obligation: {
		user_information_assessment: ['Vurdering af information til brugerne', 'Assessment of informing users'],
		user_notice: ['Information til brugerne', 'Notice to users'],
		outsourced_reporting_notice: ['Varsel om udlagt indberetning', 'Notice of outsourced reporting'],
		outsourcing_withdrawal_notice: ['Varsel om tilbagetrækning af udlægning', 'Notice of withdrawn outsourcing'],
		recurring: ['Tilbagevendende hændelser', 'Recurring incidents'],
	},
	report_status: {
		pending: ['Afventer', 'Pending'], submitted: ['Indsendt', 'Submitted'], overdue: ['Overskredet', 'Overdue'],
	},
	incident_status: {
		open: ['Åben', 'Open'], resolved: ['Løst', 'Resolved'], closed: ['Lukket', 'Closed'],
	},
	org_kind: {
		bank: ['Pengeinstitut', 'Bank'], mortgage_institution: ['Realkreditinstitut', 'Mortgage institution'],
		payment_institution: ['Betalingsinstitut', 'Payment institution'],
		emoney_institution: ['E-pengeinstitut', 'E-money institution'],
		payment_system: ['Betalings-/afviklingssystem', 'Payment/settlement system'],
		data_centre: ['Datacenter', 'Data centre'], insurer: ['Forsikring/pension', 'Insurer/pension'],
		municipality: ['Kommune', 'Municipality'], authority: ['Myndighed', 'Authority'],
		supplier: ['Leverandør', 'Supplier'], other: ['Andet', 'Other'],
	},
	nis2: {
		essential: ['Væsentlig enhed', 'Essential entity'], important: ['Vigtig enhed', 'Important entity'],
		none: ['Ikke omfattet', 'Not covered'],
	},
	dora_type: {
		credit_institution: ['Kreditinstitut', 'Credit institution'],
		payment_institution: ['Betalingsinstitut', 'Payment institution'],
		e_money_institution: ['E-pengeinstitut', 'E-money institution'],
		investment_firm: ['Investeringsselskab', 'Investment firm'], ccp: ['Central modpart', 'CCP'],
		csd: ['Værdipapircentral', 'CSD'], trading_venue: ['Handelsplads', 'Trading venue'],
		insurance: ['Forsikring', 'Insurance'], other: ['Anden finansiel enhed', 'Other financial entity'],
	},
	escalation: {
		none: ['Ingen', 'None'], high: ['Høj', 'High'], crisis: ['Krisetilstand', 'Crisis mode'],
	},
	ds_risk: {
		unlikely: ['Usandsynlig', 'Unlikely'], risk: ['Risiko', 'Risk'], high: ['Høj risiko', 'High risk'],
	},
	approver: {
		system_owner: ['Systemejer', 'System owner'], head_of_department: ['Afdelingsleder', 'Head of department'],
		it_management: ['IT-ledelsen', 'IT management'], director: ['Direktørniveau', 'Director level'],
		board: ['Direktionen', 'The board'],
	},
	colour: {
		green: ['Grøn', 'Grøn (green)'], amber: ['Gul', 'Gul (amber)'], red: ['Rød', 'Rød (red)'],
	},
	comm_status: {
		none: ['Ingen', 'None'], internal: ['Intern', 'Internal'], customers: ['Kunder', 'Customers'],
		public: ['Offentligheden', 'The public'], media: ['Medier', 'Media'],
	},
	hhi_band: {
		low: ['Lav', 'Lav (low)'], moderate: ['Moderat', 'Moderat (moderate)'], high: ['Høj', 'Høj (high)'],
	},
	forum_status: {
		secretariat: ['Sekretariat', 'Secretariat'], active: ['Aktiv', 'Active'], invited: ['Inviteret', 'Invited'],
		declined: ['Afslået', 'Declined'], left: ['Udtrådt', 'Left'], removed: ['Fjernet', 'Removed'],
	},
	trend: {
		new: ['ny', 'new'], up: ['stigende', 'rising'], down: ['faldende', 'falling'], same: ['uændret', 'unchanged'],
	},
	role: {
		admin: ['Administrator', 'Administrator'], isk: ['Informationssikkerhedskoordinator', 'Information-security coordinator'],
		system_owner: ['Systemejer', 'System owner'], management: ['Ledelse', 'Management'],
		auditor: ['Revisor', 'Auditor'], secretariat: ['Sekretariat', 'Secretariat'],
	},
};

// The forum's pages and the register of information keep their strings in their own files (one per
// module that owns them).
Object.assign(S, FORUM_STRINGS, PROGRAMME_STRINGS, ROI_STRINGS, WEBHOOK_STRINGS, INTEGRATION_STRINGS);
Object.assign(TERMS, FORUM_TERMS, PROGRAMME_TERMS);

/* t('key', {n: 3}) → the string in the current language, {placeholders} filled in. */
export function t(key, vars) {
	const pair = S[key];
	let s = pair ? pair[lang === 'en' ? 1 : 0] : key;
	if (vars) {
		for (const [k, v] of Object.entries(vars)) s = s.split('{' + k + '}').join(String(v));
	}
	return s;
}

/* A criticality or risk level: the Danish data value, with the English label beside it in English. */
export function levelText(level) {
	if (level === null || level === undefined || level === '') return '–';
	if (lang !== 'en') return level;
	const en = LEVEL_EN[level];
	return en && en !== level ? level + ' (' + en + ')' : level;
}

/* A likelihood value 1..4 ("3 Høj (High)"). */
export function likelihoodText(n) {
	const p = LIKELIHOOD[Number(n) - 1];
	if (!p) return '–';
	return n + ' ' + (lang === 'en' && p[1] !== p[0] ? p[0] + ' (' + p[1] + ')' : p[0]);
}

/* A consequence value 1..4 (the level scale). */
export function consequenceText(n) {
	const l = LEVELS[Number(n) - 1];
	return l ? n + ' ' + levelText(l) : '–';
}

/* A domain term of one group (node_kind, regime, verdict, …); unknown values are shown raw. */
export function term(group, value) {
	const g = TERMS[group];
	const p = g && g[value];
	if (!p) return value === null || value === undefined ? '–' : String(value);
	return p[lang === 'en' ? 1 : 0];
}

/* The values of a term group, in their defined order. */
export function termKeys(group) {
	return Object.keys(TERMS[group] || {});
}

/* Pick the server's Danish or English text of a pair of fields (reason / reason_en). */
export function pick(obj, field) {
	if (!obj) return '';
	if (lang === 'en' && obj[field + '_en']) return obj[field + '_en'];
	return obj[field] || '';
}

/* 1..4 for a level name, 0 for anything else. */
export function levelIndex(level) {
	return LEVELS.indexOf(level) + 1;
}

/* The server's wording for a deadline without a fixed instant: it answers in the UI's language (Accept-Language). */
export function dueText(s) {
	return s || '–';
}
