/*
 * api.h — what the API's handler files share (api.c and every api_*.c).
 *
 * A handler gets one struct api for its request: the caller (principal) is
 * resolved and the store already carries the caller's scope, so every store
 * call inside the handler answers only for the caller's organisations.
 * A handler returns 0 with x->out (JSON, owned) and x->status set, or an
 * error with x->e filled; api.c turns either into the answer.
 */
#ifndef SKJOLD_API_H
#define SKJOLD_API_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "app.h"
#include "auth.h"
#include "http.h"

/*
 * A list whose items are made on demand, for api.c to page: n items,
 * item(ctx, i) a new reference to item i, done(ctx) releases ctx (also when
 * the request fails).  Only the page's items are made unless the query
 * filters or sorts.
 */
struct api_rows {
	size_t n;
	json_t *(*item)(void *ctx, size_t i);
	void (*done)(void *ctx);
	void *ctx;
};

struct api {
	struct http_req *r;
	struct store *st;
	struct principal p;
	bool authed;
	const char *param[4]; /* path parameters in order */
	int nparam;
	json_t *body;         /* the parsed JSON body, when the route takes one */
	int64_t now_ms;
	int32_t today;
	struct arena *a;
	struct errinfo *e;
	int status;
	json_t *out;
	char *text;           /* heap; a non-JSON answer */
	size_t text_len;      /* its length when it is bytes (PDF, DOCX, XLSX); 0: text, strlen */
	const char *text_type;
	const char *text_name; /* a download's file name (Content-Disposition), or NULL */
	json_t *list;         /* an array to page, filter and sort (api.c wraps it) */
	struct api_rows rows; /* or the same made on demand */
};

/* Route flags */
#define API_PUBLIC 1u   /* no caller needed */
#define API_OPEN 2u     /* allowed while the session must first change its password or enrol TOTP */
#define API_ORG 4u      /* param[0] is an organisation the caller must see */
#define API_BODY 8u     /* a JSON body is required */
#define API_RAW 16u     /* the body is passed through as it is (CSV) */
#define API_SYSADMIN 32u /* system administrators only */
#define API_ANYJSON 64u  /* the JSON body may be any value (a table is an array) */
#define API_CACHE 128u   /* a GET whose answer depends only on the organisations' data, the date and the query */
#define API_PRECOND 256u /* the handler passes If-Match to the application layer, which checks it itself */
#define API_NOSTORE 512u /* a health check: run before any store, caller or transaction (it opens the store if it needs one) */

typedef int (*api_fn)(struct api *x);
struct api_route {
	const char *method, *pattern;
	api_fn fn;
	unsigned flags;
	unsigned perm; /* role.h permissions needed in param[0]'s organisation */
};

/* The route tables of the api_*.c files, each ending with a NULL method. */
extern const struct api_route api_auth_routes[];
extern const struct api_route api_data_routes[];
extern const struct api_route api_view_routes[];
extern const struct api_route api_incident_routes[];
extern const struct api_route api_io_routes[];
extern const struct api_route api_forum_routes[];
extern const struct api_route api_roi_routes[];
extern const struct api_route api_ops_routes[];
extern const struct api_route api_sso_routes[];
extern const struct api_route api_saml_routes[];
extern const struct api_route api_webhook_routes[];

/* A download's file name "STEM-DATE.EXT" (today's date; in x->a), for x->text_name. */
const char *api_file_name(struct api *x, const char *stem, const char *ext);
/* Answer bytes (malloc'ed, taken) of media type as a download named "STEM-DATE.EXT". */
void api_download(struct api *x, char *bytes, size_t len, const char *type, const char *stem, const char *ext);
/*
 * ?format=xlsx asked of a list or register: answer the spreadsheet (bytes,
 * malloc'ed) with its media type and a file name "ORG-what-DATE.xlsx".
 * Returns rc (the use case's result) for the handler to return.
 */
int api_answer_xlsx(struct api *x, int rc, char *bytes, size_t len, const char *what);
/* Whether ?format is xlsx; ERR_INVALID naming "format" when it is set to anything but json or xlsx. */
int api_format_xlsx(struct api *x, bool *xlsx);

/* The actor recorded in the audit log for this caller. */
const char *api_actor(struct api *x);
/* The application layer's context for this request (app.h). */
struct app api_app(struct api *x);

/* A system administrator's new organisation: the caller becomes its admin in
 * this request's scope.  1 when org is new, 0 when it exists. */
int api_grant_new_org(struct api *x, const char *org);

/* End the transaction the handler began: commit when rc is 0, else roll back; returns the outcome. */
int api_tx_end(struct api *x, int rc);

/* A string field of the body; required ones name the field when missing. */
int api_body_str(struct api *x, const char *key, bool required, const char **out);

#endif
