/*
 * app_sheet.h — the lists a compliance officer filters and sorts, as XLSX
 * spreadsheets (xlsx.h): the risk register, the risk list, the incident
 * list and the open reporting deadlines.
 *
 * Each use case calls the use case that answers the same question as JSON
 * — the register app_view_register with report_register_json, the risk
 * list app_object_list (what `skjold risk list` and GET …/risks return),
 * the incidents app_incident_list, the deadlines app_incident_deadlines —
 * and writes its answer as one sheet, so the spreadsheet and the JSON
 * cannot disagree: one row per element of the JSON answer, the values as
 * the JSON gives them (codes such as "mitigate" or "overdue" included),
 * dates as Excel dates and instants as Excel date-times in Copenhagen
 * wall-clock time.  Headings are Danish with the English in parentheses.
 * The workbook's properties name the organisation and the date (or instant)
 * the sheet is as of.
 *
 * Errors are those of the use case called (an unknown organisation:
 * ERR_NOTFOUND), or of the writer (xlsx_write).  *out is the file's bytes
 * (malloc'ed, the caller frees) and *len its length; on error *out is NULL.
 * The media type is XLSX_MEDIA_TYPE (xlsx.h).
 */
#ifndef SKJOLD_APP_SHEET_H
#define SKJOLD_APP_SHEET_H

#include <stddef.h>

#include "app.h"
#include "rules.h"

/* The risk register (seed 003 §5) as of x->today: the rows of report_register_json. */
int app_sheet_register(struct app *x, const char *org, char **out, size_t *len);

/* The risk list as of x->today: the rows of app_object_list(APP_RISK). */
int app_sheet_risks(struct app *x, const char *org, char **out, size_t *len);

/*
 * The incidents of org as of x->now_ms with their verdict per regime and
 * next deadline: the rows of app_incident_list (status NULL: any; rules
 * NULL: the shipped rules, as there).
 */
int app_sheet_incidents(struct app *x, const char *org, const char *status, const struct rules *rules, char **out,
			size_t *len);

/*
 * Every open reporting obligation of org's incidents (org NULL: of every
 * organisation the store shows), overdue first: the rows of
 * app_incident_deadlines (rules NULL: the shipped rules).
 */
int app_sheet_deadlines(struct app *x, const char *org, const struct rules *rules, char **out, size_t *len);

#endif
