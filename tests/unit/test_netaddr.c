/*
 * test_netaddr.c — table-driven tests of src/util/netaddr.c: which peers
 * are trusted load balancers (http.trusted_proxies), and which client
 * address a balancer's X-Forwarded-For names. Only the last element
 * counts: the ones before it came from the client and may be forged.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "util/netaddr.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

struct listed_row {
	const char *list;
	const char *addr;
	bool listed;
};

static const struct listed_row listed_rows[] = {
	{"127.0.0.1", "127.0.0.1", true},
	{"10.0.0.5,10.0.0.6", "10.0.0.6", true},
	{" 10.0.0.5 , 10.0.0.6 ", "10.0.0.5", true},
	{"10.0.0.5,,10.0.0.6", "10.0.0.6", true},
	{"::1", "::1", true},
	{"0:0:0:0:0:0:0:1", "::1", true},          /* compared as addresses */
	{"2001:db8::1", "2001:DB8::1", true},
	/* not listed */
	{"", "127.0.0.1", false},
	{"127.0.0.1", "127.0.0.2", false},
	{"10.0.0.5", "10.0.0.50", false},           /* no prefix match */
	{"10.0.0.50", "10.0.0.5", false},
	{"10.0.0.0/8", "10.0.0.5", false},          /* no ranges */
	{"127.0.0.1", "::ffff:127.0.0.1", false},   /* another family */
	{"localhost", "127.0.0.1", false},          /* no names */
	{"127.0.0.1", "unknown", false},
	{"127.0.0.1", "", false},
	{NULL, "127.0.0.1", false},
	{"127.0.0.1", NULL, false},
};

static void
test_listed_rows(void **state)
{
	(void)state;
	for (size_t i = 0; i < NELEM(listed_rows); i++) {
		const struct listed_row *r = &listed_rows[i];
		if (netaddr_listed(r->list, r->addr) != r->listed)
			fail_msg("row %zu: \"%s\" in \"%s\": want %s", i, r->addr ? r->addr : "(null)",
				 r->list ? r->list : "(null)", r->listed ? "listed" : "not listed");
	}
}

struct forwarded_row {
	const char *value;
	const char *client;   /* NULL: none */
};

static const struct forwarded_row forwarded_rows[] = {
	{"203.0.113.9", "203.0.113.9"},
	{" 203.0.113.9 ", "203.0.113.9"},
	{"198.51.100.1, 203.0.113.9", "203.0.113.9"},    /* the balancer's is the last */
	{"forged, 203.0.113.9", "203.0.113.9"},
	{"2001:db8::7", "2001:db8::7"},
	{"10.1.1.1,2001:DB8:0:0::7", "2001:db8::7"},     /* written the usual way */
	/* nothing usable: the peer's own address stays */
	{"", NULL},
	{"203.0.113.9,", NULL},
	{"203.0.113.9, unknown", NULL},
	{"203.0.113.9:4711", NULL},
	{"[2001:db8::7]", NULL},
	{"203.0.113", NULL},
	{"203.0.113.9 203.0.113.8", NULL},
	{NULL, NULL},
};

static void
test_forwarded_rows(void **state)
{
	(void)state;
	for (size_t i = 0; i < NELEM(forwarded_rows); i++) {
		const struct forwarded_row *r = &forwarded_rows[i];
		char out[64] = "untouched";
		bool ok = netaddr_forwarded(r->value, out, sizeof out);
		if (r->client == NULL) {
			if (ok || strcmp(out, "untouched") != 0)
				fail_msg("row %zu: \"%s\" gave \"%s\", want none", i, r->value ? r->value : "(null)",
					 out);
		} else if (!ok || strcmp(out, r->client) != 0) {
			fail_msg("row %zu: \"%s\" gave %s\"%s\", want \"%s\"", i, r->value, ok ? "" : "nothing, ",
				 out, r->client);
		}
	}
}

/* An address that does not fit the caller's buffer is refused whole. */
static void
test_forwarded_small_buffer(void **state)
{
	(void)state;
	char out[8] = "x";
	assert_false(netaddr_forwarded("203.0.113.9", out, sizeof out));
	assert_string_equal(out, "x");
	char fits[12];
	assert_true(netaddr_forwarded("203.0.113.9", fits, sizeof fits));
	assert_string_equal(fits, "203.0.113.9");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_listed_rows),
		cmocka_unit_test(test_forwarded_rows),
		cmocka_unit_test(test_forwarded_small_buffer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
