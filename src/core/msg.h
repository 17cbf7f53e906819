/*
 * msg.h — user-visible texts as message codes with parameters, and the
 * Danish and English catalogues that render them (msg/da.json, msg/en.json,
 * embedded in the binary).
 *
 * A message is a code ("incident.criterion.psd2.downtime") and named
 * parameters.  A catalogue text names its parameters in braces:
 * "nedetid {minutes} min — tærskel {threshold} min: {outcome}".  A parameter
 * may itself be a message code (a name given as "@outcome" in the calls
 * below), rendered in the same language: the outcome "ikke opfyldt"; its
 * own parameters, if any, are those named "outcome.NAME".  A
 * text that exists in both languages but in no catalogue (a rule's own
 * words) is given twice, as "name:da" and "name:en"; {name} is the one of
 * the language rendered.
 *
 * In JSON a localised text field X travels with "X_msg":
 * {"code": "...", "params": {"minutes": "200", "outcome": {"code": "..."}}};
 * msg_localize sets every such X in a document to the text of the
 * language asked for, so stored and computed results are rendered by the
 * adapter that answers (the API by Accept-Language or ?lang=, the shell by
 * --lang), never by the domain.  Keys stay English.
 */
#ifndef SKJOLD_MSG_H
#define SKJOLD_MSG_H

#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "mem.h"

enum msg_lang { MSG_DA = 0, MSG_EN = 1 };

#define MSG_MAX_PARAMS 12

struct msg {
	const char *code;
	int n;
	unsigned sub; /* bit i: value[i] is a message code, rendered in the same language */
	const char *name[MSG_MAX_PARAMS];
	const char *value[MSG_MAX_PARAMS];
	const struct msg *nested[MSG_MAX_PARAMS]; /* non-NULL: the parameter is this message (msg_add_msg) */
};

/*
 * A message in arena a: code, then NULL-terminated pairs of parameter name
 * and value (strings).  A name starting with '@' makes its value a message
 * code.  Values are copied into a.
 */
struct msg *msg_new(struct arena *a, const char *code, ...);
struct msg *msg_vnew(struct arena *a, const char *code, va_list ap);

/* Add parameter name whose value is the message sub (rendered in the same language); returns m. */
struct msg *msg_add_msg(struct msg *m, const char *name, const struct msg *sub);
/* Add a string parameter (copied into a); returns m. */
struct msg *msg_add(struct arena *a, struct msg *m, const char *name, const char *value);
/* m's text in lang, in a. */
const char *msg_str(struct arena *a, enum msg_lang lang, const struct msg *m);

/* The catalogue text of code in lang, or NULL when the catalogue lacks it. */
const char *msg_text(enum msg_lang lang, const char *code);
/*
 * Render m in lang into out (always NUL-terminated, cut at out_len).  A
 * code missing from the catalogue renders as the code itself; a missing
 * parameter as "{name}".
 */
void msg_render(enum msg_lang lang, const struct msg *m, char *out, size_t out_len);
/* The same for a message as JSON ({"code", "params"}); heap string, caller frees. */
char *msg_render_json(enum msg_lang lang, const json_t *m);
/* {"code": ..., "params": {...}} of m (new reference). */
json_t *msg_json(const struct msg *m);
/* obj[key] = m's English text and obj[key_msg] = msg_json(m), for msg_localize to render later. */
void msg_set_json(json_t *obj, const char *key, const struct msg *m);
/*
 * Set, in every object of doc (recursively), each key X that has a sibling
 * "X_msg" — a message object, or an array of them — to its text in lang.
 */
void msg_localize(json_t *doc, enum msg_lang lang);
/* Whether doc holds any "X_msg" key (msg_localize would change it). */
bool msg_present(const json_t *doc);

/* "da" or "en". */
const char *msg_lang_name(enum msg_lang lang);
/* Parse "da"/"en" (also "da-DK", "en_GB.UTF-8"): 0 and *out set, or -1. */
int msg_lang_parse(const char *s, enum msg_lang *out);
/*
 * The language an Accept-Language header asks for: the da or en range with
 * the highest q-value (ties: the first); MSG_DA when neither is named or the
 * header is NULL.
 */
enum msg_lang msg_lang_accept(const char *header);
/* The shell's default from the environment's LANG: Danish when it starts with "da", else English. */
enum msg_lang msg_lang_env(const char *lang_env);

/* Every code of lang's catalogue, sorted (for tests); NULL-terminated, heap array of borrowed strings. */
const char **msg_codes(enum msg_lang lang);

#endif
