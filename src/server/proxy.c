/*
 * proxy.c — the client's address behind trusted reverse proxies (proxy.h).
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "proxy.h"

/* text (len bytes) as a 16-byte address, IPv4 mapped; 0, or -1 when it is no address. */
static int addr_parse(const char *text, size_t len, unsigned char out[16])
{
	char buf[64];
	while (len && (*text == ' ' || *text == '\t'))
		text++, len--;
	while (len && (text[len - 1] == ' ' || text[len - 1] == '\t'))
		len--;
	if (!len || len >= sizeof buf)
		return -1;
	memcpy(buf, text, len);
	buf[len] = '\0';
	unsigned char v4[4];
	if (inet_pton(AF_INET, buf, v4) == 1) {
		memset(out, 0, 10);
		out[10] = out[11] = 0xff;
		memcpy(out + 12, v4, 4);
		return 0;
	}
	return inet_pton(AF_INET6, buf, out) == 1 ? 0 : -1;
}

static int trusted_has(const struct proxy_list *t, const unsigned char a[16])
{
	for (size_t i = 0; t && i < t->n; i++)
		if (!memcmp(t->addr[i], a, 16))
			return 1;
	return 0;
}

int proxy_list_parse(const char *text, struct proxy_list *out, const char *field, struct errinfo *e)
{
	memset(out, 0, sizeof *out);
	const char *p = text;
	while (*p) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		if (out->n == PROXY_MAX)
			return err_setm(e, ERR_INVALID, field, "serve.proxies_max", "max", err_num((char[24]){0}, PROXY_MAX), NULL);
		if (addr_parse(p, len, out->addr[out->n])) {
			while (len && *p == ' ')
				p++, len--;
			char addr[61];
			snprintf(addr, sizeof addr, "%.*s", (int)(len > 60 ? 60 : len), p);
			return err_setm(e, ERR_INVALID, field, "serve.proxy_address", "address", addr, NULL);
		}
		out->n++;
		p = comma ? comma + 1 : p + len;
	}
	return out->n ? 0 : err_setm(e, ERR_INVALID, field, "serve.proxies_none", NULL);
}

void proxy_client(const struct proxy_list *trusted, const char *peer, const char *xff, char *out, size_t out_len)
{
	snprintf(out, out_len, "%s", peer);
	unsigned char a[16];
	if (!xff || !trusted || !trusted->n || addr_parse(peer, strlen(peer), a) || !trusted_has(trusted, a))
		return;
	/* right to left: the first hop that is not one of ours is the client as our proxies saw it */
	size_t end = strlen(xff);
	while (end) {
		size_t start = end;
		while (start && xff[start - 1] != ',')
			start--;
		if (addr_parse(xff + start, end - start, a))
			return; /* not an address: keep the last trusted hop's view (the peer or the hop before) */
		char buf[64];
		if (!inet_ntop(AF_INET6, a, buf, sizeof buf))
			return;
		if (!memcmp(a, "\0\0\0\0\0\0\0\0\0\0\xff\xff", 12))
			inet_ntop(AF_INET, a + 12, buf, sizeof buf);
		snprintf(out, out_len, "%s", buf);
		if (!trusted_has(trusted, a))
			return;
		end = start ? start - 1 : 0;
	}
}
