/*
 * ict.c — the ICT service types of the DORA register of information.
 *
 * The list is the taxonomy of "type of ICT services" in the implementing
 * technical standards on the register of information, Commission
 * Implementing Regulation (EU) 2024/2956, Annex III.  It is a closed list
 * in the regulation, so it is a table here rather than a file a forum edits;
 * codes are the stable data format, names are labels.
 */
#include "ict.h"

#include <string.h>

static const struct {
	const char *code, *da, *en;
} types[ICT_NTYPES] = {
	{"S01", "It-projektledelse", "ICT project management"},
	{"S02", "It-udvikling", "ICT development"},
	{"S03", "It-helpdesk og førstelinjesupport", "ICT help desk and first level support"},
	{"S04", "It-sikkerhedsstyring", "ICT security management services"},
	{"S05", "Levering af data", "Provision of data"},
	{"S06", "Dataanalyse", "Data analysis"},
	{"S07", "It-faciliteter og hosting (ikke cloud)", "ICT, facilities and hosting services (excluding cloud services)"},
	{"S08", "Beregningskapacitet", "Computation"},
	{"S09", "Datalagring (ikke cloud)", "Non-cloud data storage"},
	{"S10", "Teleoperatør", "Telecom carrier"},
	{"S11", "Netværksinfrastruktur", "Network infrastructure"},
	{"S12", "Hardware og fysiske enheder", "Hardware and physical devices"},
	{"S13", "Softwarelicenser (ikke SaaS)", "Software licencing (excluding SaaS)"},
	{"S14", "It-drift og vedligehold", "ICT operation management (including maintenance)"},
	{"S15", "It-rådgivning", "ICT consulting"},
	{"S16", "It-risikostyring", "ICT risk management"},
	{"S17", "Cloud: IaaS", "Cloud services: IaaS"},
	{"S18", "Cloud: PaaS", "Cloud services: PaaS"},
	{"S19", "Cloud: SaaS", "Cloud services: SaaS"},
};

int ict_service_type(const char *code)
{
	for (int i = 0; code && i < ICT_NTYPES; i++)
		if (!strcmp(types[i].code, code))
			return i + 1;
	return 0;
}

const char *ict_service_code(int t) { return t >= 1 && t <= ICT_NTYPES ? types[t - 1].code : NULL; }
const char *ict_service_name_da(int t) { return t >= 1 && t <= ICT_NTYPES ? types[t - 1].da : NULL; }
const char *ict_service_name_en(int t) { return t >= 1 && t <= ICT_NTYPES ? types[t - 1].en : NULL; }

json_t *ict_service_types_json(void)
{
	json_t *a = json_array();
	for (int i = 0; i < ICT_NTYPES; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:s}", "code", types[i].code, "name_da", types[i].da,
						   "name_en", types[i].en));
	return a;
}
