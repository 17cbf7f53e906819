/*
 * uuid.h — name-based UUIDs (RFC 9562 §5.5, version 5: SHA-1 of a namespace
 * and a name), for identifiers that must come out the same every time the
 * same thing is named: the forum's STIX and MISP exports (forum_export.h).
 */
#ifndef SKJOLD_UUID_H
#define SKJOLD_UUID_H

#include <stdbool.h>

#define UUID_LEN 37 /* 36 characters and the NUL */

/*
 * The version-5 UUID of name in namespace ns (its 36-character text form),
 * lower case, into out.  false when ns is not a UUID's text form (out is
 * then empty).
 */
bool uuid_v5(const char *ns, const char *name, char out[UUID_LEN]);

#endif
