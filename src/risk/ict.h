/*
 * ict.h — the ICT service types of the DORA register of information.
 *
 * Codes "S01".."S19" with Danish and English names; a supplier or
 * infrastructure node may carry one (node.service_type), and the sector
 * analyses measure concentration per type (sector_hhi).
 */
#ifndef SKJOLD_ICT_H
#define SKJOLD_ICT_H

#include <jansson.h>

#define ICT_NTYPES 19

/* 1..19 for a known code ("S07"), 0 otherwise (NULL included). */
int ict_service_type(const char *code);
/* The code, Danish and English name of type 1..19 (NULL outside). */
const char *ict_service_code(int t);
const char *ict_service_name_da(int t);
const char *ict_service_name_en(int t);
/* [{code, name_da, name_en}] for the API and the UI (new reference). */
json_t *ict_service_types_json(void);

#endif
