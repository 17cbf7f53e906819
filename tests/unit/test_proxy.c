/*
 * test_proxy.c — the client's address behind trusted reverse proxies
 * (src/server/proxy.c): the list's parsing and its refusals, and which
 * X-Forwarded-For hop is believed from which peer.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "proxy.h"

static struct proxy_list list(const char *text)
{
	struct proxy_list l;
	struct errinfo e = {0};
	assert_int_equal(proxy_list_parse(text, &l, "--trusted-proxies", &e), 0);
	return l;
}

static const char *client(const struct proxy_list *t, const char *peer, const char *xff)
{
	static char out[64];
	proxy_client(t, peer, xff, out, sizeof out);
	return out;
}

static void parse(void **state)
{
	(void)state;
	struct proxy_list l = list("10.0.0.5, 10.0.0.6,::1");
	assert_int_equal(l.n, 3);
	struct errinfo e = {0};
	assert_int_equal(proxy_list_parse("10.0.0.5,proxy.local", &l, "--trusted-proxies", &e), ERR_INVALID);
	assert_string_equal(e.field, "--trusted-proxies");
	assert_non_null(strstr(e.message, "'proxy.local' is not an IPv4 or IPv6 address"));
	struct errinfo e2 = {0};
	assert_int_equal(proxy_list_parse("10.0.0.0/8", &l, "f", &e2), ERR_INVALID); /* exact addresses, no ranges */
	struct errinfo e3 = {0};
	assert_int_equal(proxy_list_parse("10.0.0.5,,10.0.0.6", &l, "f", &e3), ERR_INVALID);
	struct errinfo e4 = {0};
	assert_int_equal(proxy_list_parse(
				 "1.1.1.1,1.1.1.2,1.1.1.3,1.1.1.4,1.1.1.5,1.1.1.6,1.1.1.7,1.1.1.8,1.1.1.9,1.1.1.10,1.1.1.11,"
				 "1.1.1.12,1.1.1.13,1.1.1.14,1.1.1.15,1.1.1.16,1.1.1.17",
				 &l, "f", &e4),
			 ERR_INVALID);
}

static void who_is_believed(void **state)
{
	(void)state;
	struct proxy_list t = list("10.0.0.5,10.0.0.6,2001:db8::5");
	/* from a trusted proxy: the hop it saw */
	assert_string_equal(client(&t, "10.0.0.5", "198.51.100.9"), "198.51.100.9");
	/* the client's own header before it: not believed */
	assert_string_equal(client(&t, "10.0.0.5", "203.0.113.66, 198.51.100.9"), "198.51.100.9");
	/* two proxies in a row: past both */
	assert_string_equal(client(&t, "10.0.0.5", "198.51.100.9,10.0.0.6"), "198.51.100.9");
	/* IPv6, written as inet_ntop writes it; an IPv4 hop stays dotted */
	assert_string_equal(client(&t, "2001:db8::5", "2001:DB8:0:0::77"), "2001:db8::77");
	/* from anyone else the header is ignored */
	assert_string_equal(client(&t, "127.0.0.1", "198.51.100.9"), "127.0.0.1");
	/* no header, or garbage in it: the proxy itself (nothing better is known) */
	assert_string_equal(client(&t, "10.0.0.5", NULL), "10.0.0.5");
	assert_string_equal(client(&t, "10.0.0.5", "unknown"), "10.0.0.5");
	assert_string_equal(client(&t, "10.0.0.5", "garbage, 10.0.0.6"), "10.0.0.6");
	/* only trusted hops: the left-most of them */
	assert_string_equal(client(&t, "10.0.0.5", "10.0.0.6"), "10.0.0.6");
	/* no list: the peer */
	assert_string_equal(client(NULL, "10.0.0.5", "198.51.100.9"), "10.0.0.5");
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(parse), cmocka_unit_test(who_is_believed)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
