/*
 * test_link_limits.c — what guards the employer's evaluation links beyond
 * the token itself (decision 40): the access log never writes a token,
 * an address cannot start another's count of tries again, and a page
 * asked too often says so (429), not "something went wrong".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

#define TOKEN "0123456789abcdef0123456789abcdef"

static struct server srv;

static int
setup(void **state)
{
	static const char *const extra[] = {"http.access_log=true", NULL};
	if (server_start(&srv, extra) != 0)
		return -1;
	*state = &srv;
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	return server_stop(&srv);
}

static long
get_from(const struct server *s, const char *path, const char *from, struct http_res *res)
{
	struct http_req q = {.path = path, .from = from};
	assert_int_equal(http_send(s, &q, res), 0);
	return res->status;
}

/* The server's log as text (freed by the caller). */
static char *
log_text(const struct server *s)
{
	FILE *f = fopen(s->log_path, "rb");
	assert_non_null(f);
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	assert_non_null(out);
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		fwrite(buf, 1, n, out);
	fclose(f);
	fclose(out);
	return text;
}

/* A link's page and its API twin are logged as ":token": whoever reads
 * the log cannot open the trainee's form with what it says. Other paths
 * are logged as they are. */
static void
test_log_hides_the_token(void **state)
{
	struct server *s = *state;
	struct http_res res;
	assert_int_equal(get_from(s, "/evaluate/" TOKEN, "127.0.1.1", &res), 404);
	http_res_free(&res);
	assert_int_equal(get_from(s, "/api/v1/evaluate/" TOKEN, "127.0.1.1", &res), 404);
	http_res_free(&res);
	assert_int_equal(get_from(s, "/robots.txt", "127.0.1.1", &res), 200);
	http_res_free(&res);
	/* each line is written once its answer is sent: wait for the three */
	static const char *const lines[] = {"access GET /evaluate/:token 404", "access GET /api/v1/evaluate/:token 404",
					    "access GET /robots.txt 200"};
	char *log = log_text(s);
	for (int i = 0; i < 100 && !(strstr(log, lines[0]) && strstr(log, lines[1]) && strstr(log, lines[2])); i++) {
		free(log);
		usleep(20000);
		log = log_text(s);
	}
	if (strstr(log, TOKEN) != NULL)
		fail_msg("the log writes the token:\n%s", log);
	for (size_t i = 0; i < 3; i++)
		if (strstr(log, lines[i]) == NULL)
			fail_msg("no \"%s\" in the log:\n%s", lines[i], log);
	free(log);
}

/* The links' count of tries keeps its slots by a hash of the address
 * (FNV-1a, 512 slots, as web/evaluations.c): the slot of address. */
static unsigned
slot_of(const char *address)
{
	uint32_t h = 2166136261u;
	for (const unsigned char *c = (const unsigned char *)address; *c; c++)
		h = (h ^ *c) * 16777619u;
	return h % 512;
}

/* An address that has used its 30 tries is answered 429; one try from a
 * second address of the same slot does not start its count again (it
 * did: two addresses taking turns were never limited). The page says
 * "too many tries" with status 429 and Retry-After, not a 500. */
static void
test_second_address_does_not_reset(void **state)
{
	struct server *s = *state;
	const char *first = "127.0.2.1";
	static char second[32];
	second[0] = '\0';
	for (int i = 2; i < 256 * 64 && second[0] == '\0'; i++) {
		char a[32];
		snprintf(a, sizeof a, "127.0.%d.%d", 2 + i / 256, i % 256);
		if (i % 256 != 0 && slot_of(a) == slot_of(first))
			snprintf(second, sizeof second, "%s", a);
	}
	assert_true(second[0] != '\0');
	struct http_res res;
	for (int i = 0; i < 30; i++) {
		assert_int_equal(get_from(s, "/api/v1/evaluate/" TOKEN, first, &res), 404);
		http_res_free(&res);
	}
	assert_int_equal(get_from(s, "/api/v1/evaluate/" TOKEN, first, &res), 429);
	http_res_free(&res);
	/* the second address shares the slot's spent count */
	assert_int_equal(get_from(s, "/api/v1/evaluate/" TOKEN, second, &res), 429);
	http_res_free(&res);
	assert_int_equal(get_from(s, "/evaluate/" TOKEN, first, &res), 429);
	assert_non_null(res_header(&res, "Retry-After"));
	/* in Bokmål, the language of a visitor without an account */
	assert_true(res_contains(&res, "<h1>For mange forsøk</h1>"));
	assert_true(res_contains(&res, "For mange forsøk fra denne adressen. Prøv igjen senere."));
	http_res_free(&res);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_log_hides_the_token),
		cmocka_unit_test(test_second_address_does_not_reset),
	};
	return harness_status(cmocka_run_group_tests(tests, setup, teardown));
}
