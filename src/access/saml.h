/*
 * saml.h — SAML 2.0 single sign-on, the service provider's side, through
 * Lasso (docs/sso.md#saml): skjold's metadata, the AuthnRequest by
 * HTTP-Redirect, and the checks of the IdP's answer by HTTP-POST.
 *
 * Built once at start from buffers (the SP's key and certificate, the IdP's
 * metadata: cmd_serve.c reads the files) and read-only after.  Lasso and
 * libxml2 are not used from several threads at once: every call here takes
 * one lock (a sign-in is rare).
 *
 * saml_response checks, beyond Lasso's own signature check (an assertion
 * signed by the IdP's key, or a signed response around it): the status is
 * Success, the issuer is the IdP, the audience is our entity id, the
 * Destination and the bearer confirmation's Recipient are our ACS URL, the
 * times (NotBefore, NotOnOrAfter of the conditions and of the confirmation)
 * with the skew, and InResponseTo is present.  Whether InResponseTo is a
 * request this server sent, and whether the assertion was seen before, is
 * the caller's to check (api_saml.c).
 */
#ifndef SKJOLD_SAML_H
#define SKJOLD_SAML_H

#include <jansson.h>
#include <stdint.h>

#include "err.h"
#include "mem.h"

struct saml_settings {
	const char *sp_entity_id, *acs_url;
	const char *sp_key_pem, *sp_cert_pem; /* contents, not file names */
	const char *idp_metadata_xml;
	long skew_s;
};

/* What a checked answer says (strings in the arena). */
struct saml_answer {
	const char *issuer;          /* the IdP's entityID */
	const char *name_id;
	const char *in_response_to;
	const char *assertion_id;
	int64_t expires_s;           /* the latest NotOnOrAfter: how long to remember assertion_id */
	json_t *attributes;          /* {Name: [values…]} plus "NameID"; the caller's to decref */
};

/* Build the service provider; ERR_INVALID naming the setting's flag (--saml-sp-cert-file, …) when a part cannot be used. */
int saml_init(const struct saml_settings *s, struct errinfo *e);
/* Whether saml_init succeeded. */
bool saml_on(void);
/* The SP's metadata (EntityDescriptor with the signing key and the ACS). */
const char *saml_metadata(void);
/* The IdP's entityID. */
const char *saml_idp(void);

/* A new AuthnRequest: *url to send the browser to, *request_id its ID (both in a). */
int saml_login(const char *relay_state, struct arena *a, const char **url, const char **request_id,
	       struct errinfo *e);

/* The IdP's SAMLResponse (base64 as posted), checked at now_s: *out, or ERR_UNAUTH "saml.*". */
int saml_response(const char *b64, int64_t now_s, struct arena *a, struct saml_answer *out, struct errinfo *e);

/* An xs:dateTime "2026-12-07T01:02:03Z" (fractions and Z) as Unix seconds; -1 when it is not one. */
int64_t saml_time(const char *s);

#endif
