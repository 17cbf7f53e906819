/*
 * recurring.h — DORA's recurring-incident rule (Delegated Regulation (EU)
 * 2024/1772 art. 8(2)) over an organisation's stored incidents.
 */
#ifndef SKJOLD_RECURRING_H
#define SKJOLD_RECURRING_H

#include <jansson.h>

#include "assess.h"
#include "increc.h"
#include "rules.h"

/*
 * Non-major DORA incidents that occurred at least twice within 6 months
 * with the same apparent root cause and together meet art. 8(1) count as
 * one major incident.  Returns an array (new reference) with one object per
 * root cause that recurred: its incidents, the combined facts' criteria and
 * verdict, and — when major — the reports due for the combined incident.
 */
json_t *recurring_check(const struct rules *rs, const struct increc *xs, size_t n, int64_t now_ms, struct arena *a);

#endif
