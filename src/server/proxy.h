/*
 * proxy.h — the client's address behind trusted reverse proxies.
 *
 * Behind a load balancer (haproxy in docs/ha.md) every request comes from
 * the balancer's address, so the per-address login limit would count every
 * client as one.  The servers named as trusted proxies (`trusted_proxies`,
 * exact IPv4 or IPv6 addresses) add X-Forwarded-For: for a request whose
 * peer is one of them, the client is the right-most address of that header
 * which is not itself a trusted proxy (the left part is whatever the client
 * sent, and may be forged).  From any other peer the header is ignored.
 */
#ifndef SKJOLD_PROXY_H
#define SKJOLD_PROXY_H

#include <stddef.h>

#include "err.h"

#define PROXY_MAX 16

struct proxy_list {
	size_t n;
	unsigned char addr[PROXY_MAX][16]; /* IPv4 as ::ffff:a.b.c.d */
};

/* Parse "10.0.0.5, 10.0.0.6" (commas, optional spaces) into *out; ERR_INVALID naming field. */
int proxy_list_parse(const char *text, struct proxy_list *out, const char *field, struct errinfo *e);

/*
 * The client's address for a request from peer (text, as inet_ntop writes it)
 * that carried X-Forwarded-For xff (NULL: none): into out (at least 46 bytes).
 */
void proxy_client(const struct proxy_list *trusted, const char *peer, const char *xff, char *out, size_t out_len);

#endif
