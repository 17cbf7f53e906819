/*
 * test_connguard.c — the server's connection guard: admission against the
 * limits in all, per address and per address still sending a first head;
 * the header and body deadlines on a clock the test moves; the address
 * table under churn (no count leaks when addresses come and go).
 *
 * Each connection is one end of a socketpair; "refused" and "cut" are
 * checked as the client would see them: the other end reads end-of-file.
 * The guard runs without its reaper thread; the test calls connguard_reap.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "connguard.h"

#define S_NS INT64_C(1000000000)

static int64_t fake_ns;
static int64_t fake_clock(void) { return fake_ns; }

/* One test connection: the server's end goes to the guard, the client's end is read by the test. */
struct tconn {
	int server_fd, client_fd;
	struct connguard_conn *c;
};

static struct connguard *start(int max, int per_ip, int head_per_ip)
{
	struct connguard_limits lim = {
		.max_connections = max, .max_per_ip = per_ip, .max_head_per_ip = head_per_ip,
		.header_timeout_ms = 10000, .body_timeout_ms = 60000, .tick_ms = 0, .now_ns = fake_clock,
	};
	struct connguard *g = NULL;
	struct errinfo e = {0};
	assert_int_equal(connguard_start(&lim, &g, &e), 0);
	fake_ns = 1000 * S_NS;
	return g;
}

static void open_from(struct connguard *g, struct tconn *t, const char *ip)
{
	int sv[2];
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	fcntl(sv[1], F_SETFL, O_NONBLOCK);
	struct sockaddr_in sa = {.sin_family = AF_INET};
	assert_int_equal(inet_pton(AF_INET, ip, &sa.sin_addr), 1);
	t->server_fd = sv[0];
	t->client_fd = sv[1];
	t->c = connguard_open(g, sv[0], (const struct sockaddr *)&sa);
	assert_non_null(t->c);
}

/* True when the client's end reads end-of-file (the guard shut the server's end down). */
static bool shut(const struct tconn *t)
{
	char b;
	ssize_t n = recv(t->client_fd, &b, 1, 0);
	return n == 0;
}

static void close_conn(struct tconn *t)
{
	connguard_close(t->c); /* before the descriptor, as MHD does */
	close(t->server_fd);
	close(t->client_fd);
}

static struct connguard_counts reap(struct connguard *g)
{
	struct connguard_counts n;
	connguard_reap(g, fake_ns, &n);
	return n;
}

static void per_address_limit(void **state)
{
	(void)state;
	struct connguard *g = start(100, 3, 3);
	struct tconn t[6];
	for (int i = 0; i < 4; i++)
		open_from(g, &t[i], "127.0.0.2");
	for (int i = 0; i < 3; i++) {
		assert_false(shut(&t[i]));
		assert_true(connguard_head_done(t[i].c));
	}
	assert_true(shut(&t[3]));
	assert_false(connguard_head_done(t[3].c));
	open_from(g, &t[4], "127.0.0.3"); /* another address is not affected */
	assert_false(shut(&t[4]));
	struct connguard_counts n = reap(g);
	assert_int_equal(n.refused_per_ip, 1);
	assert_int_equal(n.refused_total + n.refused_head_per_ip, 0);
	assert_int_equal(n.open, 4);
	close_conn(&t[0]); /* a slot of 127.0.0.2 frees */
	open_from(g, &t[5], "127.0.0.2");
	assert_false(shut(&t[5]));
	for (int i = 1; i < 6; i++)
		close_conn(&t[i]);
	assert_int_equal(reap(g).open, 0);
	connguard_stop(g);
}

static void total_limit(void **state)
{
	(void)state;
	struct connguard *g = start(4, 3, 3);
	struct tconn t[5];
	const char *ips[] = {"127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5", "127.0.0.6"};
	for (int i = 0; i < 5; i++)
		open_from(g, &t[i], ips[i]);
	for (int i = 0; i < 4; i++)
		assert_false(shut(&t[i]));
	assert_true(shut(&t[4]));
	struct connguard_counts n = reap(g);
	assert_int_equal(n.refused_total, 1);
	assert_int_equal(n.open, 4);
	for (int i = 0; i < 5; i++)
		close_conn(&t[i]);
	connguard_stop(g);
}

static void head_per_address_limit(void **state)
{
	(void)state;
	struct connguard *g = start(100, 10, 2);
	struct tconn t[5];
	open_from(g, &t[0], "10.1.2.3");
	open_from(g, &t[1], "10.1.2.3");
	open_from(g, &t[2], "10.1.2.3"); /* a third still in its first head */
	assert_true(shut(&t[2]));
	assert_int_equal(reap(g).refused_head_per_ip, 1);
	assert_true(connguard_head_done(t[0].c)); /* one sends its head: room for one more */
	open_from(g, &t[3], "10.1.2.3");
	assert_false(shut(&t[3]));
	/* a kept-alive connection waiting for its next head does not count as a first head */
	connguard_body_done(t[0].c);
	connguard_request_done(t[0].c);
	open_from(g, &t[4], "10.1.2.3");
	assert_true(shut(&t[4]));
	for (int i = 0; i < 5; i++)
		close_conn(&t[i]);
	connguard_stop(g);
}

static void header_deadline(void **state)
{
	(void)state;
	struct connguard *g = start(100, 10, 10);
	struct tconn t[2];
	open_from(g, &t[0], "127.0.0.2");
	fake_ns += 5 * S_NS;
	open_from(g, &t[1], "127.0.0.2");
	fake_ns += 5 * S_NS - 1; /* t[0]: 1 ns before its deadline */
	struct connguard_counts n = reap(g);
	assert_int_equal(n.cut_head, 0);
	assert_false(shut(&t[0]));
	fake_ns += 1;
	n = reap(g);
	assert_int_equal(n.cut_head, 1);
	assert_true(shut(&t[0]));
	assert_false(shut(&t[1]));
	assert_false(connguard_head_done(t[0].c)); /* a head that completes after the cut goes no further */
	assert_int_equal(reap(g).cut_head, 0);     /* cut once */
	fake_ns += 5 * S_NS;
	assert_int_equal(reap(g).cut_head, 1);
	assert_true(shut(&t[1]));
	close_conn(&t[0]);
	close_conn(&t[1]);
	connguard_stop(g);
}

static void body_and_answer(void **state)
{
	(void)state;
	struct connguard *g = start(100, 10, 10);
	struct tconn t[2];
	open_from(g, &t[0], "127.0.0.2");
	open_from(g, &t[1], "127.0.0.2");
	fake_ns += 9 * S_NS;
	assert_true(connguard_head_done(t[0].c)); /* the body deadline (60 s) replaces the header one */
	assert_true(connguard_head_done(t[1].c));
	fake_ns += 30 * S_NS;
	connguard_body_done(t[1].c); /* t[1] is answering: no deadline */
	fake_ns += 30 * S_NS - 1;
	assert_int_equal(reap(g).cut_body, 0);
	fake_ns += 1;
	struct connguard_counts n = reap(g);
	assert_int_equal(n.cut_body, 1);
	assert_true(shut(&t[0]));
	fake_ns += 3600 * S_NS;
	n = reap(g);
	assert_int_equal(n.cut_body + n.cut_head, 0);
	assert_false(shut(&t[1]));
	/* answered: the next head on the kept-alive connection has 10 s from now */
	connguard_request_done(t[1].c);
	fake_ns += 10 * S_NS - 1;
	assert_int_equal(reap(g).cut_head, 0);
	fake_ns += 1;
	assert_int_equal(reap(g).cut_head, 1);
	assert_true(shut(&t[1]));
	close_conn(&t[0]);
	close_conn(&t[1]);
	connguard_stop(g);
}

/* Many addresses come and go in a shuffled order: the counts stay exact (the table's removal is right). */
static void address_churn(void **state)
{
	(void)state;
	enum { N = 300 }; /* 600 descriptors */
	struct connguard *g = start(N, 2, 2);
	static struct tconn t[N];
	char ip[32];
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < N; i++) {
			snprintf(ip, sizeof ip, "10.0.%d.%d", (i / 2) / 250, (i / 2) % 250 + 1);
			open_from(g, &t[i], ip); /* two from each of 150 addresses: all admitted */
			assert_false(shut(&t[i]));
		}
		assert_int_equal(reap(g).open, N);
		for (int k = 0; k < N; k++) { /* close in an order that scatters the table */
			int i = (k * 7 + round * 13) % N;
			close_conn(&t[i]);
		}
		assert_int_equal(reap(g).open, 0);
	}
	connguard_stop(g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(per_address_limit), cmocka_unit_test(total_limit),
		cmocka_unit_test(head_per_address_limit), cmocka_unit_test(header_deadline),
		cmocka_unit_test(body_and_answer), cmocka_unit_test(address_churn),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
