/*
 * totp.h — time-based one-time passwords (RFC 6238) for the second login
 * factor, and the base32 text (RFC 4648 §6) the secrets travel in.
 *
 * Parameters are the ones every authenticator app supports: HMAC-SHA-1, a
 * 30-second step counted from the Unix epoch, 6 digits at login (8 only for
 * the RFC's own test vectors).  Keys are raw bytes; a new secret is 20
 * random bytes (160 bits, RFC 4226 §4 R6), shown to the user as 32 base32
 * characters and as an otpauth:// URI for a QR code.
 *
 * Replays are the caller's business: totp_verify reports which time step
 * matched, and the caller stores the last accepted step per user and
 * refuses a code whose step is not later (RFC 6238 §5.2).
 */
#ifndef SKJOLD_TOTP_H
#define SKJOLD_TOTP_H

#include <stddef.h>
#include <stdint.h>

#define TOTP_STEP_SECONDS 30
#define TOTP_DIGITS 6           /* what totp_verify accepts and totp_uri announces */
#define TOTP_DIGITS_MIN 6       /* RFC 4226 §5.3 */
#define TOTP_DIGITS_MAX 8
#define TOTP_WINDOW_MAX 10      /* steps either side totp_verify will search */
#define TOTP_KEY_MAX 64         /* bytes; one SHA-1 block */
#define TOTP_SECRET_BYTES 20
#define TOTP_SECRET_B32_LEN 32  /* base32 characters of a new secret, without the NUL */
#define TOTP_LABEL_MAX 256      /* bytes of issuer or account in a URI */

/*
 * The base32 length of n bytes without padding: ceil(8n/5).  Add 1 for the
 * NUL when sizing a buffer for totp_b32_encode.
 */
#define TOTP_B32_LEN(n) (((n) * 8 + 4) / 5)

/*
 * Write the RFC 4648 base32 form of in[0..in_len) into out as a
 * NUL-terminated string of upper-case letters and digits 2–7, without '='
 * padding.  out_len is the size of out and must be at least
 * TOTP_B32_LEN(in_len) + 1.  Returns 0, or ERR_INVALID when out is too
 * small (out is then left as "" if it has room for that).
 */
int totp_b32_encode(const unsigned char *in, size_t in_len, char *out, size_t out_len);

/*
 * Decode the base32 text into out (capacity out_cap bytes) and store the
 * number of bytes in *out_len.  Letters may be in either case; spaces
 * anywhere are ignored, and so is trailing '=' padding (after the first '='
 * only '=' and spaces may follow).  Any other character, a length no
 * encoding produces (1, 3 or 6 characters in the last group of 8) or
 * non-zero unused bits in the last character is ERR_INVALID: every byte
 * string has exactly one accepted spelling apart from case, spaces and
 * padding.  ERR_INVALID also when the result does not fit in out_cap.  Returns
 * 0 on success; on error *out_len is 0 and out holds no partial key.
 */
int totp_b32_decode(const char *text, unsigned char *out, size_t out_cap, size_t *out_len);

/*
 * The `digits`-digit TOTP code for key[0..key_len) at the instant
 * unix_seconds (step floor(unix_seconds / 30)), computed with HMAC-SHA-1 and
 * the dynamic truncation of RFC 4226 §5.3; stored in *code as a number
 * (print it with "%0*u" to keep leading zeros).  Returns 0, ERR_INVALID for
 * an empty or longer than TOTP_KEY_MAX key, a negative time or digits
 * outside TOTP_DIGITS_MIN..TOTP_DIGITS_MAX, or ERR_INTERNAL when GnuTLS
 * refuses the HMAC.
 */
int totp_code(const unsigned char *key, size_t key_len, int64_t unix_seconds, int digits,
	      uint32_t *code);

/*
 * Check a code the user typed against key at unix_seconds, accepting the
 * steps t-window .. t+window (t = floor(unix_seconds / 30)) so that clock
 * drift and typing time are forgiven.  code_text must be exactly
 * TOTP_DIGITS ASCII digits; spaces are ignored ("123 456" as apps show it).
 *
 * Every step in the window is computed and compared, whatever matches, so
 * the time taken does not tell how close a guess was.  When more than one
 * step matches, the latest one is reported.
 *
 * Returns 0 and stores the matched step in *matched_step (may be NULL);
 * ERR_CHECK when no step matches; ERR_INVALID for malformed code_text, a
 * window outside 0..TOTP_WINDOW_MAX or a bad key or time (as totp_code);
 * ERR_INTERNAL when the HMAC fails.  The caller must refuse a match whose
 * step is not greater than the last step it accepted for this key.
 */
int totp_verify(const unsigned char *key, size_t key_len, int64_t unix_seconds,
		const char *code_text, int window, int64_t *matched_step);

/*
 * A new secret: TOTP_SECRET_BYTES bytes from libsodium's randombytes_buf,
 * written to b32_out in base32 (TOTP_SECRET_B32_LEN characters and a NUL).
 * out_len must be at least TOTP_SECRET_B32_LEN + 1.  Returns 0,
 * ERR_INVALID when out is too small, or ERR_INTERNAL when libsodium cannot
 * be initialised.
 */
int totp_secret_new(char *b32_out, size_t out_len);

/*
 * The Key URI authenticator apps read from a QR code:
 *   otpauth://totp/ISSUER:ACCOUNT?secret=B32&issuer=ISSUER&algorithm=SHA1&digits=6&period=30
 * ISSUER and ACCOUNT are percent-encoded (everything but A–Z a–z 0–9 - . _ ~,
 * UTF-8 byte by byte, space as %20).  issuer may be NULL or "", which drops
 * the prefix and the issuer parameter.  b32 is any text totp_b32_decode
 * accepts; the URI carries its canonical form (upper case, no spaces or
 * padding).  Returns a string the caller frees with free(), or NULL when
 * account is NULL or empty, issuer or account is longer than TOTP_LABEL_MAX
 * bytes or contains ':' (the label separator, which apps do not un-escape
 * consistently), or b32 is not a valid key of 1..TOTP_KEY_MAX bytes.
 */
char *totp_uri(const char *issuer, const char *account, const char *b32);

#endif
