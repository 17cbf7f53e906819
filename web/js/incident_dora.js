// The DORA details of an incident (issue 14): what only a person can say for the major-incident
// report — when regular activities were recovered (field 3.3), how it was discovered (2.7), its
// type (3.23), threat techniques (3.25), indicators of compromise (3.35), root causes (4.2, 4.3),
// the resolution (4.6, 4.9), costs and recoveries (4.13, 4.14) and more. The choices come from the
// schema the report must meet (GET /formats/dora-incident), so the form cannot offer a value the
// server refuses. Saved as a merge patch (PATCH); the filing checklist above refreshes after.

import {get, patch, orgPath} from './api.js';
import {t} from './i18n.js';
import {h, field, statusLine, errorText, localToISO} from './dom.js';

let schemaCache = null;

/* The enumeration at a '/' path of the schema. */
function enumAt(schema, path) {
	let cur = schema;
	for (const k of path.split('/')) cur = cur && cur[k];
	return Array.isArray(cur) ? cur : [];
}

const INC = '$defs/Incident/properties/';
const TYPE = '$defs/IncidentType/properties/';
/* key, field number, Danish, English, kind, enumeration path */
const CLS = '$defs/ClassificationType/properties/';
const FIELDS = [
	['discovery', '2.7', 'Hvordan hændelsen blev opdaget', 'How the incident was discovered', 'one', INC + 'incidentDiscovery/enum'],
	['third_party_provider', '2.8', 'Udspringer fra en tredjepartsudbyder', 'Originates from a third-party provider', 'text'],
	['business_continuity_activated', '2.9', 'Beredskabsplan aktiveret', 'Business continuity plan activated', 'bool'],
	['other_information', '2.10', 'Andre oplysninger', 'Other information', 'long'],
	['member_states', '2.6', 'Medlemsstater over tærsklen', 'Member States over the threshold', 'many',
		CLS + 'countryCodeMaterialityThresholds/items/enum'],
	['reputational_impact_types', '3.13', 'Omdømmemæssig påvirkning', 'Reputational impact', 'many',
		CLS + 'reputationalImpactType/items/enum'],
	['reputational_impact_description', '3.14', 'Beskrivelse af omdømmepåvirkningen', 'Reputational impact, described', 'long'],
	['member_state_impact_types', '3.18', 'Virkning i medlemsstaterne', 'Impact in the Member States', 'many',
		CLS + 'memberStatesImpactType/items/enum'],
	['member_state_impact_description', '3.19', 'Beskrivelse af virkningen i medlemsstaterne', 'Impact in the Member States, described', 'long'],
	['data_loss_types', '3.20', 'Datatab', 'Data losses', 'many', CLS + 'dataLosseMaterialityThresholds/items/enum'],
	['data_losses_description', '3.21', 'Beskrivelse af datatabet', 'Data losses, described', 'long'],
	['critical_services', '3.22', 'Berørte kritiske tjenester', 'Critical services affected', 'text'],
	['classification', '3.23', 'Hændelsestype', 'Incident type', 'many', TYPE + 'incidentClassification/items/enum'],
	['classification_other', '3.24', 'Anden hændelsestype', 'Other incident type', 'text'],
	['threat_techniques', '3.25', 'Trusselsteknikker', 'Threat techniques', 'many', TYPE + 'threatTechniques/items/enum'],
	['threat_techniques_other', '3.26', 'Andre trusselsteknikker', 'Other threat techniques', 'text'],
	['functional_areas', '3.27', 'Berørte funktionsområder', 'Functional areas affected', 'text'],
	['infrastructure_components', '3.29', 'Berørte infrastrukturkomponenter', 'Infrastructure components affected', 'long'],
	['reported_to', '3.31', 'Indberettet til andre myndigheder', 'Reported to other authorities', 'many',
		'properties/reportingToOtherAuthorities/items/enum'],
	['reported_to_other', '3.32', 'Andre myndigheder', 'Other authorities', 'text'],
	['temporary_actions', '3.34', 'Midlertidige foranstaltninger', 'Temporary actions or measures', 'long'],
	['indicators_of_compromise', '3.35', 'Kompromitteringsindikatorer', 'Indicators of compromise', 'long'],
	['root_causes', '4.2', 'Grundlæggende årsager', 'Root causes', 'many', INC + 'rootCausesDetailedClassification/items/enum'],
	['root_causes_additional', '4.3', 'Yderligere årsagsklassifikation', 'Additional root-cause classification', 'many',
		INC + 'rootCausesAdditionalClassification/items/enum'],
	['root_causes_other', '4.4', 'Andre grundlæggende årsager', 'Other root causes', 'text'],
	['resolution_summary', '4.6', 'Resumé af løsningen', 'Summary of the resolution', 'long'],
	['root_cause_addressed_at', '4.7', 'Årsagen afhjulpet', 'Root cause addressed', 'instant'],
	['resolution_vs_planned', '4.9', 'Løsning sammenholdt med planen', 'Resolution against the plan', 'long'],
	['risk_to_critical_functions', '4.10', 'Risiko for kritiske funktioner', 'Risk to critical functions', 'long'],
	['resolution_authority_information', '4.11', 'Oplysninger til afviklingsmyndigheder', 'Information for resolution authorities', 'long'],
	['economic_impact_threshold', '4.12', 'Økonomisk påvirkning mod tærsklen', 'Economic impact against the threshold', 'text'],
	['costs_eur', '4.13', 'Bruttoomkostninger og tab (EUR)', 'Gross costs and losses (EUR)', 'number'],
	['recoveries_eur', '4.14', 'Finansielle inddrivelser (EUR)', 'Financial recoveries (EUR)', 'number'],
	['affected_entities', '1.4-1.6', 'Berørte enheder (koncernindberetning, JSON)', 'Affected entities (group report, JSON)', 'json'],
];

const label = (f) => f[1] + ' ' + f[2] + ' (' + f[3] + ')';
const words = (v) => v.replace(/_/g, ' ');

/* The form, for an incident DORA applies to; onSaved() after a save. */
export async function doraForm(ctx, inc, onSaved) {
	const sec = h('section', {class: 'card', id: 'dora-details', 'aria-labelledby': 'dora-details-h'},
		h('h2', {id: 'dora-details-h'}, t('dora_details')));
	try {
		schemaCache = schemaCache || await get('/formats/dora-incident');
	} catch (e) {
		sec.append(h('p', {class: 'error'}, errorText(e)));
		return sec;
	}
	const dora = inc.dora || {};
	const controls = {};
	const grid = h('div', {class: 'grid'});
	const recovered = field('3.3 ' + t('recovered_at'), 'input', {type: 'datetime-local', id: 'dora-recovered_at',
		value: inc.recovered_at ? inc.recovered_at.slice(0, 16) : ''});
	grid.append(recovered);
	const wide = h('div');
	for (const f of FIELDS) {
		const [key, , , , kind, path] = f;
		const id = 'dora-' + key;
		if (kind === 'one') {
			const c = field(label(f), 'select', {id, value: dora[key] || ''},
				[['', '–'], ...enumAt(schemaCache, path).map((v) => [v, words(v)])]);
			controls[key] = () => c.control.value || null;
			grid.append(c);
		} else if (kind === 'many') {
			const sel = h('select', {id, multiple: true, size: Math.min(8, enumAt(schemaCache, path).length)},
				enumAt(schemaCache, path).map((v) => h('option', {value: v, selected: (dora[key] || []).includes(v)}, words(v))));
			controls[key] = () => {
				const vs = [...sel.selectedOptions].map((o) => o.value);
				return vs.length ? vs : null;
			};
			wide.append(h('label', {class: 'field', for: id}, h('span', null, label(f)), sel));
		} else if (kind === 'bool') {
			const c = field(label(f), 'input', {id, type: 'checkbox', checked: dora[key] === true});
			controls[key] = () => c.control.checked;
			grid.append(c);
		} else if (kind === 'instant') {
			const c = field(label(f), 'input', {id, type: 'datetime-local', value: dora[key] ? String(dora[key]).slice(0, 16) : ''});
			controls[key] = () => localToISO(c.control.value);
			grid.append(c);
		} else if (kind === 'json') {
			// [{"name", "lei", "code", "types": [1.4 values]}]; checked by the server, which names the field
			const c = field(label(f), 'textarea', {id, value: dora[key] ? JSON.stringify(dora[key], null, 1) : ''});
			controls[key] = () => {
				const v = c.control.value.trim();
				if (!v) return null;
				try {
					return JSON.parse(v);
				} catch (_) {
					throw new Error('dora.affected_entities: ' + t('not_json'));
				}
			};
			wide.append(c);
		} else if (kind === 'number') {
			const c = field(label(f), 'input', {id, type: 'number', min: '0', step: '1', value: dora[key] ?? ''});
			controls[key] = () => (c.control.value === '' ? null : Number(c.control.value));
			grid.append(c);
		} else {
			const c = field(label(f), kind === 'long' ? 'textarea' : 'input', {id, value: dora[key] || ''});
			controls[key] = () => c.control.value.trim() || null;
			(kind === 'long' ? wide : grid).append(c);
		}
	}
	const status = statusLine();
	const btn = h('button', {type: 'submit', id: 'dora-save'}, t('save'));
	const form = h('form', {novalidate: true}, grid, wide, btn, status);
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		const d = {};
		try {
			for (const [k, get1] of Object.entries(controls)) d[k] = get1();
		} catch (e) {
			status.show(e.message, 'error');
			return;
		}
		const body = {dora: d, recovered_at: localToISO(recovered.control.value)};
		btn.disabled = true;
		status.show(t('saving'), 'busy');
		try {
			// A merge patch of the DORA fields alone: a concurrent edit of the incident's other fields is kept,
			// and every change lands in the incident's timeline and the audit log. (The incident's GET answer
			// carries "now", so its ETag cannot serve as If-Match.)
			await patch(orgPath(ctx.org, 'incidents', inc.id), body);
			status.show(t('saved'), 'ok');
			if (onSaved) onSaved();
		} catch (e) {
			status.show(errorText(e), 'error');
		} finally {
			btn.disabled = false;
		}
	});
	sec.append(h('p', {class: 'hint'}, t('dora_details_hint')), form);
	return sec;
}
