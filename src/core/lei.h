/*
 * lei.h — the Legal Entity Identifier (ISO 17442) and the other
 * identifiers a regulator's report form checks: the LEI's check digits,
 * an authority code, an e-mail address and a telephone number as the DORA
 * incident report's schema accepts them.
 */
#ifndef SKJOLD_LEI_H
#define SKJOLD_LEI_H

#include <stdbool.h>

/*
 * Whether s is a LEI: 18 characters A-Z/0-9 and two check digits, the
 * whole read as a number (A = 10 … Z = 35) being 1 modulo 97 (ISO 17442
 * §4.2, the check of ISO/IEC 7064 MOD 97-10).
 */
bool lei_valid(const char *s);
/* An authority code: 2..32 of A-Z, 0-9 and '_' ("DK_FSA"). */
bool authority_code_valid(const char *s);
/* A plausible e-mail address: one '@', a local part, a domain with a dot, no spaces or control characters. */
bool email_valid(const char *s);
/*
 * A telephone number as the DORA incident schema's pattern
 * ^\+?[1-9]\d{1,14}(\s?\(\d+\))?([-\s.]?\d+)*$ accepts it (with a plain
 * space for \s): "+45 33 55 82 82", "+4533558282".
 */
bool phone_valid(const char *s);

#endif
