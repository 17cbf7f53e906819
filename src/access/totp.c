/*
 * totp.c — RFC 6238 time-based one-time passwords and RFC 4648 base32.
 *
 * Design:
 *  - A code is HOTP (RFC 4226) over the time step T = floor(unix / 30):
 *    HMAC-SHA-1 of T as 8 big-endian bytes, then dynamic truncation (§5.3):
 *    the low nibble of the last MAC byte picks 4 bytes, the top bit is
 *    cleared so the value is the same signed or unsigned, and the result is
 *    reduced modulo 10^digits.  The HMAC is GnuTLS's gnutls_hmac_fast; it
 *    needs no handle and initialises the library on first use.
 *  - totp_verify computes every step in the window before it looks at the
 *    result, compares with sodium_memcmp and picks the matching step with
 *    masks rather than branches, so the time taken is the same for a wrong
 *    guess, a near miss and a hit.  Only the public facts (window size, the
 *    shape of the typed text, steps before the epoch) change the timing.
 *  - Base32 decoding is strict about the alphabet and canonical about the
 *    tail (no impossible lengths, no stray bits), so one key has one
 *    spelling up to case, spaces and '=' padding.  Both directions run a
 *    5-bit/8-bit shift register; nothing is allocated.
 *  - Key material that passes through a local buffer (MACs, decoded keys)
 *    is wiped with sodium_memzero before the function returns.
 *
 * Caveats: SHA-1 is what authenticator apps implement; its collision
 * weakness does not affect HMAC.  A system GnuTLS in FIPS mode may refuse
 * HMAC-SHA-1 — totp_code then reports ERR_INTERNAL.
 */
#include "totp.h"

#include <gnutls/crypto.h>
#include <sodium.h>
#include <string.h>

#include "err.h"
#include "mem.h"

static const char b32_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

static int b32_value(char c);
static int hotp(const unsigned char *key, size_t key_len, uint64_t step, int digits,
		uint32_t *code);
static size_t put_pct(char *out, const char *s);

int totp_b32_encode(const unsigned char *in, size_t in_len, char *out, size_t out_len)
{
	if (!out || out_len == 0)
		return ERR_INVALID;
	out[0] = '\0';
	if ((!in && in_len) || in_len > (SIZE_MAX - 5) / 8 || out_len < TOTP_B32_LEN(in_len) + 1)
		return ERR_INVALID;
	uint32_t buf = 0;
	int bits = 0;
	size_t j = 0;
	for (size_t i = 0; i < in_len; i++) {
		buf = (buf << 8) | in[i];
		bits += 8;
		while (bits >= 5) {
			bits -= 5;
			out[j++] = b32_alphabet[(buf >> bits) & 31];
		}
		buf &= (1u << bits) - 1;
	}
	if (bits > 0)
		out[j++] = b32_alphabet[(buf << (5 - bits)) & 31];
	out[j] = '\0';
	return 0;
}

/* The 5-bit value of one base32 letter (either case), or -1. */
static int b32_value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a';
	if (c >= '2' && c <= '7')
		return c - '2' + 26;
	return -1;
}

int totp_b32_decode(const char *text, unsigned char *out, size_t out_cap, size_t *out_len)
{
	int rc = 0;
	size_t n = 0;
	uint32_t buf = 0;
	int bits = 0, padding = 0;
	if (out_len)
		*out_len = 0;
	if (!text || !out_len || (!out && out_cap))
		return ERR_INVALID;
	for (const char *p = text; *p; p++) {
		if (*p == ' ')
			continue;
		if (*p == '=') {
			padding = 1;
			continue;
		}
		int v = b32_value(*p);
		if (v < 0 || padding) {
			rc = ERR_INVALID;
			goto out;
		}
		buf = (buf << 5) | (uint32_t)v;
		bits += 5;
		if (bits >= 8) {
			bits -= 8;
			if (n >= out_cap) {
				rc = ERR_INVALID;
				goto out;
			}
			out[n++] = (unsigned char)(buf >> bits);
			buf &= (1u << bits) - 1;
		}
	}
	/* 1, 3 or 6 characters in the last group leave 5..7 bits: no
	 * encoder writes that.  Fewer left-over bits must be zero. */
	if (bits >= 5 || buf != 0)
		rc = ERR_INVALID;
out:
	if (rc) {
		if (n)
			sodium_memzero(out, n);
		return rc;
	}
	*out_len = n;
	return 0;
}

/* HOTP (RFC 4226 §5.3) of key at counter step. */
static int hotp(const unsigned char *key, size_t key_len, uint64_t step, int digits,
		uint32_t *code)
{
	static const uint32_t mod[TOTP_DIGITS_MAX + 1] = {
		1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000,
	};
	unsigned char msg[8], mac[20];
	int rc = 0;
	for (int i = 7; i >= 0; i--) {
		msg[i] = (unsigned char)(step & 0xff);
		step >>= 8;
	}
	if (gnutls_hmac_fast(GNUTLS_MAC_SHA1, key, key_len, msg, sizeof msg, mac) < 0) {
		rc = ERR_INTERNAL;
		goto out;
	}
	unsigned off = mac[19] & 0x0f;
	uint32_t bin = ((uint32_t)(mac[off] & 0x7f) << 24) | ((uint32_t)mac[off + 1] << 16) |
		       ((uint32_t)mac[off + 2] << 8) | (uint32_t)mac[off + 3];
	*code = bin % mod[digits];
out:
	sodium_memzero(mac, sizeof mac);
	return rc;
}

int totp_code(const unsigned char *key, size_t key_len, int64_t unix_seconds, int digits,
	      uint32_t *code)
{
	if (!key || key_len == 0 || key_len > TOTP_KEY_MAX || unix_seconds < 0 || !code ||
	    digits < TOTP_DIGITS_MIN || digits > TOTP_DIGITS_MAX)
		return ERR_INVALID;
	return hotp(key, key_len, (uint64_t)(unix_seconds / TOTP_STEP_SECONDS), digits, code);
}

int totp_verify(const unsigned char *key, size_t key_len, int64_t unix_seconds,
		const char *code_text, int window, int64_t *matched_step)
{
	if (!key || key_len == 0 || key_len > TOTP_KEY_MAX || unix_seconds < 0 || !code_text ||
	    window < 0 || window > TOTP_WINDOW_MAX)
		return ERR_INVALID;

	/* The typed text is not secret: parse it plainly. */
	uint32_t want = 0;
	int ndigits = 0;
	for (const char *p = code_text; *p; p++) {
		if (*p == ' ')
			continue;
		if (*p < '0' || *p > '9' || ndigits == TOTP_DIGITS)
			return ERR_INVALID;
		want = want * 10 + (uint32_t)(*p - '0');
		ndigits++;
	}
	if (ndigits != TOTP_DIGITS)
		return ERR_INVALID;

	int64_t t = unix_seconds / TOTP_STEP_SECONDS;
	uint64_t found = 0, matched = 0;
	for (int64_t s = t - window; s <= t + window; s++) {
		if (s < 0)
			continue; /* before the epoch: public, may branch */
		uint32_t c;
		int rc = hotp(key, key_len, (uint64_t)s, TOTP_DIGITS, &c);
		if (rc)
			return rc;
		/* sodium_memcmp is 0 on equality, -1 otherwise: eq is all ones
		 * on a match and zero otherwise, with no branch on the code. */
		uint64_t eq = (uint64_t)0 - (uint64_t)(sodium_memcmp(&c, &want, sizeof c) + 1);
		matched = (matched & ~eq) | ((uint64_t)s & eq);
		found |= eq;
	}
	if (!found)
		return ERR_CHECK;
	if (matched_step)
		*matched_step = (int64_t)matched;
	return 0;
}

int totp_secret_new(char *b32_out, size_t out_len)
{
	unsigned char key[TOTP_SECRET_BYTES];
	int rc = 0;
	if (!b32_out || out_len < TOTP_SECRET_B32_LEN + 1) {
		if (b32_out && out_len)
			b32_out[0] = '\0';
		return ERR_INVALID;
	}
	b32_out[0] = '\0';
	if (sodium_init() < 0)
		return ERR_INTERNAL;
	randombytes_buf(key, sizeof key);
	rc = totp_b32_encode(key, sizeof key, b32_out, out_len);
	sodium_memzero(key, sizeof key);
	return rc;
}

/*
 * Percent-encode s into out (which has room for 3 * strlen(s)) and return
 * the number of characters written; out is not NUL-terminated.
 */
static size_t put_pct(char *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t j = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' || *p == '_' || *p == '~') {
			out[j++] = (char)*p;
		} else {
			out[j++] = '%';
			out[j++] = hex[*p >> 4];
			out[j++] = hex[*p & 15];
		}
	}
	return j;
}

char *totp_uri(const char *issuer, const char *account, const char *b32)
{
	static const char scheme[] = "otpauth://totp/";
	static const char p_secret[] = "?secret=";
	static const char p_issuer[] = "&issuer=";
	static const char p_tail[] = "&algorithm=SHA1&digits=6&period=30";
	_Static_assert(TOTP_DIGITS == 6 && TOTP_STEP_SECONDS == 30, "p_tail names the parameters");
	unsigned char key[TOTP_KEY_MAX];
	char canon[TOTP_B32_LEN(TOTP_KEY_MAX) + 1];
	size_t key_len = 0;
	char *uri = NULL;

	if (!issuer)
		issuer = "";
	if (!account || !*account || !b32)
		return NULL;
	size_t il = strlen(issuer), al = strlen(account);
	if (il > TOTP_LABEL_MAX || al > TOTP_LABEL_MAX || strchr(issuer, ':') ||
	    strchr(account, ':'))
		return NULL;
	if (totp_b32_decode(b32, key, sizeof key, &key_len) != 0 || key_len == 0)
		goto out;
	if (totp_b32_encode(key, key_len, canon, sizeof canon) != 0)
		goto out;

	size_t cap = sizeof scheme + 3 * il + 1 + 3 * al + sizeof p_secret + strlen(canon) +
		     sizeof p_issuer + 3 * il + sizeof p_tail + 1;
	uri = xmalloc(cap);
	size_t j = 0;
	memcpy(uri + j, scheme, sizeof scheme - 1);
	j += sizeof scheme - 1;
	if (il) {
		j += put_pct(uri + j, issuer);
		uri[j++] = ':';
	}
	j += put_pct(uri + j, account);
	memcpy(uri + j, p_secret, sizeof p_secret - 1);
	j += sizeof p_secret - 1;
	memcpy(uri + j, canon, strlen(canon));
	j += strlen(canon);
	if (il) {
		memcpy(uri + j, p_issuer, sizeof p_issuer - 1);
		j += sizeof p_issuer - 1;
		j += put_pct(uri + j, issuer);
	}
	memcpy(uri + j, p_tail, sizeof p_tail - 1);
	j += sizeof p_tail - 1;
	ASSERT(j < cap);
	uri[j] = '\0';
out:
	sodium_memzero(key, sizeof key);
	sodium_memzero(canon, sizeof canon);
	return uri;
}
