/*
 * saml.c — SAML 2.0 single sign-on through Lasso, the service provider's
 * side (saml.h): the SP built from its key, certificate and the IdP's
 * metadata, the AuthnRequest, and the checks of the IdP's answer.
 */
#include "saml.h"

#include <lasso/lasso.h>
#include <lasso/xml/misc_text_node.h>
#include <lasso/xml/saml-2.0/saml2_assertion.h>
#include <lasso/xml/saml-2.0/saml2_attribute.h>
#include <lasso/xml/saml-2.0/saml2_attribute_statement.h>
#include <lasso/xml/saml-2.0/saml2_attribute_value.h>
#include <lasso/xml/saml-2.0/saml2_audience_restriction.h>
#include <lasso/xml/saml-2.0/saml2_conditions.h>
#include <lasso/xml/saml-2.0/saml2_subject.h>
#include <lasso/xml/saml-2.0/saml2_subject_confirmation.h>
#include <lasso/xml/saml-2.0/saml2_subject_confirmation_data.h>
#include <lasso/xml/saml-2.0/samlp2_authn_request.h>
#include <lasso/xml/saml-2.0/samlp2_name_id_policy.h>
#include <lasso/xml/saml-2.0/samlp2_response.h>
#include <lasso/xml/saml-2.0/samlp2_status.h>
#include <lasso/xml/saml-2.0/samlp2_status_code.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static LassoServer *server;
static char *metadata, *idp, *sp_id, *acs;
static long skew;

bool saml_on(void) { return server != NULL; }
const char *saml_metadata(void) { return metadata; }
const char *saml_idp(void) { return idp; }

/* The certificate's base64 body, without the PEM armour and line ends. */
static char *cert_body(const char *pem)
{
	const char *b = strstr(pem, "-----BEGIN CERTIFICATE-----"), *end;
	if (!b || !(end = strstr(b, "-----END CERTIFICATE-----")))
		return NULL;
	b += strlen("-----BEGIN CERTIFICATE-----");
	char *out = g_malloc(end - b + 1), *o = out;
	for (; b < end; b++)
		if (*b != '\n' && *b != '\r' && *b != ' ')
			*o++ = *b;
	*o = 0;
	return out;
}

int saml_init(const struct saml_settings *s, struct errinfo *e)
{
	static bool lasso_ready;
	if (!lasso_ready && lasso_init())
		return err_setm(e, ERR_INTERNAL, "", "internal.lasso_start", NULL);
	lasso_ready = true;
	char *cert = cert_body(s->sp_cert_pem);
	if (!cert)
		return err_setm(e, ERR_INVALID, "--saml-sp-cert-file", "config.saml_cert", NULL);
	char *eid = g_markup_escape_text(s->sp_entity_id, -1), *eacs = g_markup_escape_text(s->acs_url, -1);
	char *meta = g_strdup_printf(
		"<?xml version=\"1.0\"?>\n"
		"<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" "
		"xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" entityID=\"%s\">\n"
		" <md:SPSSODescriptor AuthnRequestsSigned=\"true\" WantAssertionsSigned=\"true\" "
		"protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">\n"
		"  <md:KeyDescriptor use=\"signing\"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>%s"
		"</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>\n"
		"  <md:KeyDescriptor use=\"encryption\"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>%s"
		"</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>\n"
		"  <md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</md:NameIDFormat>\n"
		"  <md:AssertionConsumerService index=\"0\" isDefault=\"true\" "
		"Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\" Location=\"%s\"/>\n"
		" </md:SPSSODescriptor>\n"
		"</md:EntityDescriptor>\n",
		eid, cert, cert, eacs);
	g_free(eid);
	g_free(eacs);
	g_free(cert);
	/* no certificate: Lasso would load it again at every signature (and xmlsec leak a BIO each
	 * time); the IdP has it from the metadata, which is what it checks the signature with */
	LassoServer *sv = lasso_server_new_from_buffers(meta, s->sp_key_pem, NULL, NULL);
	if (!sv) {
		g_free(meta);
		return err_setm(e, ERR_INVALID, "--saml-sp-key-file", "config.saml_key", NULL);
	}
	/* the same key decrypts an IdP's encrypted assertions (the metadata offers its certificate for both) */
	if (lasso_server_set_encryption_private_key_with_password(sv, s->sp_key_pem, NULL)) {
		lasso_server_destroy(sv);
		g_free(meta);
		return err_setm(e, ERR_INVALID, "--saml-sp-key-file", "config.saml_key_decrypt", NULL);
	}
	LassoProvider *p = lasso_provider_new_from_buffer(LASSO_PROVIDER_ROLE_IDP, s->idp_metadata_xml, NULL, NULL);
	if (!p || !p->ProviderID || lasso_server_add_provider2(sv, p)) {
		if (p)
			g_object_unref(p);
		lasso_server_destroy(sv);
		g_free(meta);
		return err_setm(e, ERR_INVALID, "--saml-idp-metadata-file", "config.saml_idp_metadata", NULL);
	}
	metadata = meta;
	idp = g_strdup(p->ProviderID);
	sp_id = g_strdup(s->sp_entity_id);
	acs = g_strdup(s->acs_url);
	skew = s->skew_s;
	server = sv;
	return 0;
}

int saml_login(const char *relay_state, struct arena *a, const char **url, const char **request_id,
	       struct errinfo *e)
{
	if (!server)
		return err_setm(e, ERR_NOTFOUND, "", "sso.not_configured", NULL);
	int rc = 0;
	pthread_mutex_lock(&lock);
	LassoLogin *login = lasso_login_new(server);
	LassoProfile *pf = LASSO_PROFILE(login);
	if (!login || lasso_login_init_authn_request(login, idp, LASSO_HTTP_METHOD_REDIRECT)) {
		rc = err_setm(e, ERR_INTERNAL, "", "internal.saml_request", NULL);
		goto out;
	}
	LassoSamlp2AuthnRequest *req = LASSO_SAMLP2_AUTHN_REQUEST(pf->request);
	g_free(req->NameIDPolicy->Format);
	req->NameIDPolicy->Format = g_strdup(LASSO_SAML2_NAME_IDENTIFIER_FORMAT_UNSPECIFIED);
	req->NameIDPolicy->AllowCreate = TRUE;
	g_free(req->ProtocolBinding);
	req->ProtocolBinding = g_strdup(LASSO_SAML2_METADATA_BINDING_POST);
	pf->msg_relayState = g_strdup(relay_state);
	if (lasso_login_build_authn_request_msg(login) || !pf->msg_url) {
		rc = err_setm(e, ERR_INTERNAL, "", "internal.saml_request", NULL);
		goto out;
	}
	*url = arena_strdup(a, pf->msg_url);
	*request_id = arena_strdup(a, LASSO_SAMLP2_REQUEST_ABSTRACT(req)->ID);
out:
	if (login)
		lasso_login_destroy(login);
	pthread_mutex_unlock(&lock);
	return rc;
}

int64_t saml_time(const char *s)
{
	struct tm tm = {0};
	int n = 0;
	if (!s || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
			 &tm.tm_sec, &n) != 6)
		return -1;
	const char *p = s + n;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	if (strcmp(p, "Z") || tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 ||
	    tm.tm_min > 59 || tm.tm_sec > 60)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (int64_t)timegm(&tm);
}

/* A time condition: absent is fine; a bad one, or now outside it with the skew, is not. */
static bool before_ok(const char *not_before, int64_t now_s)
{
	int64_t t = not_before ? saml_time(not_before) : 0;
	return t >= 0 && now_s + skew >= t;
}

static bool after_ok(const char *not_on_or_after, int64_t now_s, int64_t *latest)
{
	if (!not_on_or_after)
		return true;
	int64_t t = saml_time(not_on_or_after);
	if (t > *latest)
		*latest = t;
	return t >= 0 && now_s - skew < t;
}

static json_t *attributes(LassoSaml2Assertion *as)
{
	json_t *out = json_object();
	for (GList *s = as->AttributeStatement; s; s = s->next) {
		LassoSaml2AttributeStatement *st = s->data;
		for (GList *l = st->Attribute; l; l = l->next) {
			LassoSaml2Attribute *at = l->data;
			if (!at->Name)
				continue;
			json_t *vals = json_object_get(out, at->Name);
			if (!vals)
				json_object_set_new(out, at->Name, vals = json_array());
			for (GList *v = at->AttributeValue; v; v = v->next) {
				if (!LASSO_IS_SAML2_ATTRIBUTE_VALUE(v->data))
					continue;
				for (GList *t = LASSO_SAML2_ATTRIBUTE_VALUE(v->data)->any; t; t = t->next)
					if (LASSO_IS_MISC_TEXT_NODE(t->data) && LASSO_MISC_TEXT_NODE(t->data)->content)
						json_array_append_new(vals, json_string(LASSO_MISC_TEXT_NODE(t->data)->content));
			}
		}
	}
	return out;
}

/* The checks of one assertion beyond its signature (saml.h). */
static int check_assertion(LassoSaml2Assertion *as, int64_t now_s, struct arena *a, struct saml_answer *out,
			   struct errinfo *e)
{
	if (!as->Issuer || !as->Issuer->content || strcmp(as->Issuer->content, idp))
		return err_setm(e, ERR_UNAUTH, "SAMLResponse", "saml.issuer", NULL);
	LassoSaml2Conditions *c = as->Conditions;
	bool audience = false;
	for (GList *l = c ? c->AudienceRestriction : NULL; l; l = l->next) {
		LassoSaml2AudienceRestriction *r = l->data;
		if (r->Audience && !strcmp(r->Audience, sp_id))
			audience = true;
	}
	if (!audience)
		return err_setm(e, ERR_UNAUTH, "SAMLResponse", "saml.audience", NULL);
	int64_t latest = 0;
	if (!before_ok(c->NotBefore, now_s))
		return err_setm(e, ERR_UNAUTH, "SAMLResponse", "saml.not_yet", NULL);
	if (!after_ok(c->NotOnOrAfter, now_s, &latest))
		return err_setm(e, ERR_UNAUTH, "SAMLResponse", "saml.expired", NULL);
	LassoSaml2Subject *sub = as->Subject;
	if (!sub || !sub->NameID || !sub->NameID->content || !*sub->NameID->content)
		return err_setm(e, ERR_UNAUTH, "SAMLResponse", "saml.no_name_id", NULL);
	LassoSaml2SubjectConfirmationData *d = sub->SubjectConfirmation ? sub->SubjectConfirmation->SubjectConfirmationData
									  : NULL;
	if (!d || !d->Recipient || strcmp(d->Recipient, acs))
		return err_setm(e, ERR_UNAUTH, "SAMLResponse", "saml.recipient", NULL);
	if (!before_ok(d->NotBefore, now_s))
		return err_setm(e, ERR_UNAUTH, "SAMLResponse", "saml.not_yet", NULL);
	if (!d->NotOnOrAfter || !after_ok(d->NotOnOrAfter, now_s, &latest))
		return err_setm(e, ERR_UNAUTH, "SAMLResponse", "saml.expired", NULL);
	if (!d->InResponseTo || !as->ID)
		return err_setm(e, ERR_UNAUTH, "SAMLResponse", "saml.request", NULL);
	out->issuer = arena_strdup(a, idp);
	out->name_id = arena_strdup(a, sub->NameID->content);
	out->in_response_to = arena_strdup(a, d->InResponseTo);
	out->assertion_id = arena_strdup(a, as->ID);
	out->expires_s = latest;
	out->attributes = attributes(as);
	json_object_set_new(out->attributes, "NameID", json_string(out->name_id));
	return 0;
}

int saml_response(const char *b64, int64_t now_s, struct arena *a, struct saml_answer *out, struct errinfo *e)
{
	memset(out, 0, sizeof *out);
	if (!server)
		return err_setm(e, ERR_NOTFOUND, "", "sso.not_configured", NULL);
	if (!b64 || !*b64)
		return err_setm(e, ERR_INVALID, "SAMLResponse", "saml.no_response", NULL);
	pthread_mutex_lock(&lock);
	LassoLogin *login = lasso_login_new(server);
	LassoProfile *pf = LASSO_PROFILE(login);
	/* every signature is checked and must hold: an unsigned answer is refused, never let through */
	lasso_profile_set_signature_verify_hint(pf, LASSO_PROFILE_SIGNATURE_VERIFY_HINT_FORCE);
	int lr = lasso_login_process_authn_response_msg(login, (gchar *)b64);
	int rc = 0;
	LassoSamlp2Response *resp = LASSO_IS_SAMLP2_RESPONSE(pf->response) ? LASSO_SAMLP2_RESPONSE(pf->response) : NULL;
	LassoSamlp2StatusResponse *sr = resp ? LASSO_SAMLP2_STATUS_RESPONSE(resp) : NULL;
	if (lr == LASSO_PROFILE_ERROR_STATUS_NOT_SUCCESS || lr == LASSO_LOGIN_ERROR_STATUS_NOT_SUCCESS) {
		rc = err_setm(e, ERR_UNAUTH, "SAMLResponse", "saml.status", NULL);
	} else if (lr == LASSO_PROFILE_ERROR_MISSING_ASSERTION && resp && resp->EncryptedAssertion) {
		/* encrypted, and not to skjold's key */
		rc = err_setm(e, ERR_UNAUTH, "SAMLResponse", "saml.encrypted", NULL);
	} else if (lr == LASSO_PROFILE_ERROR_INVALID_MSG || lr == LASSO_PROFILE_ERROR_INVALID_POST_MSG || !sr) {
		rc = err_setm(e, ERR_INVALID, "SAMLResponse", "saml.malformed", NULL);
	} else if (lr) {
		/* the signature (missing, invalid, a key not the IdP's), an unknown issuer, an assertion we cannot read */
		rc = err_setm(e, ERR_UNAUTH, "SAMLResponse", "saml.signature", NULL);
	} else if (!resp->Assertion || resp->Assertion->next) {
		rc = err_setm(e, ERR_UNAUTH, "SAMLResponse", resp->EncryptedAssertion ? "saml.encrypted" : "saml.one_assertion",
			      NULL);
	} else if (sr->Destination && strcmp(sr->Destination, acs)) {
		rc = err_setm(e, ERR_UNAUTH, "SAMLResponse", "saml.recipient", NULL);
	} else if (!sr->Issuer || !sr->Issuer->content || strcmp(sr->Issuer->content, idp)) {
		rc = err_setm(e, ERR_UNAUTH, "SAMLResponse", "saml.issuer", NULL);
	} else {
		/* the assertion first: an unsolicited answer for another SP is refused for its audience */
		rc = check_assertion(resp->Assertion->data, now_s, a, out, e);
		if (!rc && (!sr->InResponseTo || strcmp(out->in_response_to, sr->InResponseTo))) {
			json_decref(out->attributes);
			memset(out, 0, sizeof *out);
			rc = err_setm(e, ERR_UNAUTH, "SAMLResponse", "saml.request", NULL);
		}
	}
	lasso_login_destroy(login);
	pthread_mutex_unlock(&lock);
	return rc;
}
