/*
 * test_parse.c — table-driven tests for the request parsers in web/parse.h:
 * one row per behaviour, valid and invalid, with the boundaries spelled out.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "util/arena.h"
#include "util/err.h"
#include "web/parse.h"

/* Inputs may contain NUL bytes, so decode rows carry an explicit length. */
#define SZ(s) (s), sizeof(s) - 1

static int
setup(void **state)
{
	*state = arena_new();
	return *state == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	arena_free(*state);
	return 0;
}

/* ---- parse_percent_decode ---- */

struct decode_row {
	const char *in;
	size_t n;
	bool plus;
	int rc;
	const char *want;
};

static const struct decode_row decode_rows[] = {
	{SZ(""), true, SC_OK, ""},
	{SZ("abc"), true, SC_OK, "abc"},
	{SZ("a+b"), true, SC_OK, "a b"},
	{SZ("a+b"), false, SC_OK, "a+b"},
	{SZ("a%20b"), false, SC_OK, "a b"},
	{SZ("%2B"), true, SC_OK, "+"},
	{SZ("%2b%2F"), true, SC_OK, "+/"},
	{SZ("%41%42C"), true, SC_OK, "ABC"},
	{SZ("%C3%A6%C3%B8%C3%A5"), true, SC_OK, "\xC3\xA6\xC3\xB8\xC3\xA5"},
	{SZ("\xC3\xA6"), true, SC_OK, "\xC3\xA6"},                 /* raw UTF-8 */
	{SZ("%F0%9F%98%80"), true, SC_OK, "\xF0\x9F\x98\x80"},   /* U+1F600 */
	{SZ("%EF%BF%BF"), true, SC_OK, "\xEF\xBF\xBF"},          /* U+FFFF */
	{SZ("%F4%8F%BF%BF"), true, SC_OK, "\xF4\x8F\xBF\xBF"},   /* U+10FFFF */
	{SZ("100%25"), true, SC_OK, "100%"},
	{SZ("%"), true, SC_EINVAL, NULL},
	{SZ("%4"), true, SC_EINVAL, NULL},
	{SZ("a%"), true, SC_EINVAL, NULL},
	{SZ("%zz"), true, SC_EINVAL, NULL},
	{SZ("%4g"), true, SC_EINVAL, NULL},
	{SZ("%g4"), true, SC_EINVAL, NULL},
	{SZ("% 41"), true, SC_EINVAL, NULL},
	{SZ("%00"), true, SC_EINVAL, NULL},
	{SZ("a\0b"), true, SC_EINVAL, NULL},                     /* raw NUL */
	{SZ("%C0%AF"), true, SC_EINVAL, NULL},                   /* overlong '/' */
	{SZ("%C0%80"), true, SC_EINVAL, NULL},                   /* overlong NUL */
	{SZ("%E0%80%AF"), true, SC_EINVAL, NULL},                /* overlong '/' */
	{SZ("%F0%80%80%AF"), true, SC_EINVAL, NULL},             /* overlong '/' */
	{SZ("%ED%A0%80"), true, SC_EINVAL, NULL},                /* surrogate */
	{SZ("%F4%90%80%80"), true, SC_EINVAL, NULL},             /* > U+10FFFF */
	{SZ("%FF"), true, SC_EINVAL, NULL},
	{SZ("%C3"), true, SC_EINVAL, NULL},                      /* truncated */
	{SZ("%C3A"), true, SC_EINVAL, NULL},                     /* bad continuation */
	{SZ("\xC3"), true, SC_EINVAL, NULL},                     /* raw truncated */
	{SZ("%80"), true, SC_EINVAL, NULL},                      /* lone continuation */
};

static void
test_percent_decode(void **state)
{
	struct arena *a = *state;
	for (size_t i = 0; i < sizeof decode_rows / sizeof decode_rows[0]; i++) {
		const struct decode_row *r = &decode_rows[i];
		char *out = (char *)"untouched";
		int rc = parse_percent_decode(a, r->in, r->n, r->plus, &out);
		if (rc != r->rc)
			fail_msg("row %zu (%s): rc %d, want %d", i, r->in, rc, r->rc);
		if (r->want != NULL)
			assert_string_equal(out, r->want);
		else
			assert_null(out);
	}
}

static void
test_percent_decode_not_terminated(void **state)
{
	/* The length bounds the input: bytes after it are never read. */
	char *out;
	assert_int_equal(parse_percent_decode(*state, "ab%41", 2, true, &out), SC_OK);
	assert_string_equal(out, "ab");
	assert_int_equal(parse_percent_decode(*state, "a%41", 3, true, &out), SC_EINVAL);
	assert_int_equal(parse_percent_decode(*state, NULL, 0, true, &out), SC_OK);
	assert_string_equal(out, "");
}

/* ---- parse_query ---- */

struct query_row {
	const char *in;
	size_t max;
	int rc;
	size_t n;
	const char *pairs[8][2];
};

static const struct query_row query_rows[] = {
	{"", 8, SC_OK, 0, {{0}}},
	{"&", 8, SC_OK, 0, {{0}}},
	{"&&&", 0, SC_OK, 0, {{0}}},
	{"a=1", 8, SC_OK, 1, {{"a", "1"}}},
	{"a=1&b=2", 8, SC_OK, 2, {{"a", "1"}, {"b", "2"}}},
	{"a=1&a=2", 8, SC_OK, 2, {{"a", "1"}, {"a", "2"}}},
	{"a=1&&b=2&", 8, SC_OK, 2, {{"a", "1"}, {"b", "2"}}},
	{"flag", 8, SC_OK, 1, {{"flag", ""}}},
	{"a=", 8, SC_OK, 1, {{"a", ""}}},
	{"a==b", 8, SC_OK, 1, {{"a", "=b"}}},
	{"a=b=c", 8, SC_OK, 1, {{"a", "b=c"}}},
	{"name=Ola+Nordmann", 8, SC_OK, 1, {{"name", "Ola Nordmann"}}},
	{"q=%C3%A6+%26+%3D", 8, SC_OK, 1, {{"q", "\xC3\xA6 & ="}}},
	{"first+name=x", 8, SC_OK, 1, {{"first name", "x"}}},
	{"%61=1", 8, SC_OK, 1, {{"a", "1"}}},
	{"a=1&b=2&c=3", 3, SC_OK, 3, {{"a", "1"}, {"b", "2"}, {"c", "3"}}},
	{"a=1&b=2&c=3&d=4", 3, SC_ELIMIT, 0, {{0}}},
	{"a=1&&b=2&&c=3&&", 3, SC_OK, 3, {{"a", "1"}, {"b", "2"}, {"c", "3"}}},
	{"a", 0, SC_ELIMIT, 0, {{0}}},
	{"a=%zz&b=%%%", 1, SC_ELIMIT, 0, {{0}}},  /* limit before decoding */
	{"=x", 8, SC_EINVAL, 0, {{0}}},
	{"=", 8, SC_EINVAL, 0, {{0}}},
	{"a=1&=2", 8, SC_EINVAL, 0, {{0}}},
	{"a=%", 8, SC_EINVAL, 0, {{0}}},
	{"a=%4", 8, SC_EINVAL, 0, {{0}}},
	{"a=%zz", 8, SC_EINVAL, 0, {{0}}},
	{"a=%00", 8, SC_EINVAL, 0, {{0}}},
	{"a%00=1", 8, SC_EINVAL, 0, {{0}}},
	{"a=%C0%AF", 8, SC_EINVAL, 0, {{0}}},
	{"ok=1&bad=%FF", 8, SC_EINVAL, 0, {{0}}},
};

static void
test_query(void **state)
{
	struct arena *a = *state;
	for (size_t i = 0; i < sizeof query_rows / sizeof query_rows[0]; i++) {
		const struct query_row *r = &query_rows[i];
		struct kvlist l = {(struct kv *)1, 99};
		int rc = parse_query(a, r->in, strlen(r->in), r->max, &l);
		if (rc != r->rc)
			fail_msg("row %zu (%s): rc %d, want %d", i, r->in, rc, r->rc);
		if (l.n != r->n)
			fail_msg("row %zu (%s): n %zu, want %zu", i, r->in, l.n, r->n);
		if (l.n == 0)
			assert_null(l.items);
		for (size_t k = 0; k < r->n; k++) {
			assert_string_equal(l.items[k].key, r->pairs[k][0]);
			assert_string_equal(l.items[k].value, r->pairs[k][1]);
		}
	}
}

static void
test_query_max_fields_boundary(void **state)
{
	/* 100 fields pass with max 100, 101 fail. */
	char in[1024];
	size_t len = 0;
	for (int i = 0; i < 101; i++)
		len += (size_t)snprintf(in + len, sizeof in - len, "%sk=%d", i ? "&" : "", i);
	struct kvlist l;
	assert_int_equal(parse_query(*state, in, len, 101, &l), SC_OK);
	assert_int_equal(l.n, 101);
	assert_int_equal(parse_query(*state, in, len, 100, &l), SC_ELIMIT);
	assert_int_equal(l.n, 0);
	assert_null(l.items);
	assert_int_equal(parse_query(*state, NULL, 0, 0, &l), SC_OK);
	assert_int_equal(l.n, 0);
	/* The length bounds the input. */
	assert_int_equal(parse_query(*state, "a=1&b=2", 3, 1, &l), SC_OK);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.items[0].value, "1");
}

static void
test_kv_lookup(void **state)
{
	struct kvlist l;
	const char *in = "role=a&x=1&role=b&role=&y&X=2";
	assert_int_equal(parse_query(*state, in, strlen(in), 16, &l), SC_OK);
	assert_string_equal(kv_get(&l, "role"), "a");
	assert_string_equal(kv_get(&l, "x"), "1");
	assert_string_equal(kv_get(&l, "X"), "2");
	assert_string_equal(kv_get(&l, "y"), "");
	assert_null(kv_get(&l, "z"));
	assert_null(kv_get(&l, ""));
	assert_null(kv_get(&l, "rol"));
	assert_int_equal(kv_count(&l, "role"), 3);
	assert_int_equal(kv_count(&l, "x"), 1);
	assert_int_equal(kv_count(&l, "nope"), 0);
	assert_string_equal(kv_get_nth(&l, "role", 0), "a");
	assert_string_equal(kv_get_nth(&l, "role", 1), "b");
	assert_string_equal(kv_get_nth(&l, "role", 2), "");
	assert_null(kv_get_nth(&l, "role", 3));
	assert_null(kv_get_nth(&l, "role", SIZE_MAX));

	struct kvlist empty = {NULL, 0};
	assert_null(kv_get(&empty, "a"));
	assert_int_equal(kv_count(&empty, "a"), 0);
	assert_null(kv_get(NULL, "a"));
	assert_int_equal(kv_count(NULL, "a"), 0);
	assert_null(kv_get_nth(NULL, "a", 0));
}

/* ---- parse_cookies ---- */

struct cookie_row {
	const char *in;
	int rc;
	size_t n;
	const char *pairs[6][2];
};

static const struct cookie_row cookie_rows[] = {
	{"", SC_OK, 0, {{0}}},
	{";", SC_OK, 0, {{0}}},
	{" ; ;", SC_OK, 0, {{0}}},
	{"a=b", SC_OK, 1, {{"a", "b"}}},
	{"a=b; c=d", SC_OK, 2, {{"a", "b"}, {"c", "d"}}},
	{"a=b;c=d", SC_OK, 2, {{"a", "b"}, {"c", "d"}}},
	{"  a = b ;\tc=d  ", SC_OK, 2, {{"a", "b"}, {"c", "d"}}},
	{"a=", SC_OK, 1, {{"a", ""}}},
	{"a=\"quoted\"", SC_OK, 1, {{"a", "quoted"}}},
	{"a=\"\"", SC_OK, 1, {{"a", ""}}},
	{"sid=AbC-123_x.y%2F~", SC_OK, 1, {{"sid", "AbC-123_x.y%2F~"}}},
	{"a=1; a=2", SC_OK, 2, {{"a", "1"}, {"a", "2"}}},
	{"a==b", SC_OK, 1, {{"a", "=b"}}},
	{"noequals; a=b", SC_OK, 1, {{"a", "b"}}},
	{"=b; a=b", SC_OK, 1, {{"a", "b"}}},
	{"a b=c; d=e", SC_OK, 1, {{"d", "e"}}},
	{"a=b c; d=e", SC_OK, 1, {{"d", "e"}}},
	{"a=\"b; d=e", SC_OK, 1, {{"d", "e"}}},
	{"a=\"; d=e", SC_OK, 1, {{"d", "e"}}},
	{"a=b,c; d=e", SC_OK, 1, {{"d", "e"}}},
	{"a=b\\c; d=e", SC_OK, 1, {{"d", "e"}}},
	{"a=\xC3\xA6; d=e", SC_OK, 1, {{"d", "e"}}},
	{"(a)=b; d=e", SC_OK, 1, {{"d", "e"}}},
	{"a=\x01; d=e", SC_OK, 1, {{"d", "e"}}},
	{"$Version=1; a=b", SC_OK, 2, {{"$Version", "1"}, {"a", "b"}}},
};

static void
test_cookies(void **state)
{
	struct arena *a = *state;
	for (size_t i = 0; i < sizeof cookie_rows / sizeof cookie_rows[0]; i++) {
		const struct cookie_row *r = &cookie_rows[i];
		struct kvlist l = {(struct kv *)1, 99};
		int rc = parse_cookies(a, r->in, &l);
		if (rc != r->rc)
			fail_msg("row %zu (%s): rc %d, want %d", i, r->in, rc, r->rc);
		if (l.n != r->n)
			fail_msg("row %zu (%s): n %zu, want %zu", i, r->in, l.n, r->n);
		for (size_t k = 0; k < r->n; k++) {
			assert_string_equal(l.items[k].key, r->pairs[k][0]);
			assert_string_equal(l.items[k].value, r->pairs[k][1]);
		}
	}
}

static void
test_cookies_limit(void **state)
{
	char in[2048];
	size_t len = 0;
	struct kvlist l;
	for (int i = 0; i < PARSE_MAX_COOKIES; i++)
		len += (size_t)snprintf(in + len, sizeof in - len, "c%d=%d; ", i, i);
	/* Invalid pairs do not count towards the limit. */
	snprintf(in + len, sizeof in - len, "bad pair; =x");
	assert_int_equal(parse_cookies(*state, in, &l), SC_OK);
	assert_int_equal(l.n, PARSE_MAX_COOKIES);
	assert_string_equal(kv_get(&l, "c63"), "63");
	snprintf(in + len, sizeof in - len, "one=more");
	assert_int_equal(parse_cookies(*state, in, &l), SC_ELIMIT);
	assert_int_equal(l.n, 0);
	assert_null(l.items);
	assert_int_equal(parse_cookies(*state, NULL, &l), SC_OK);
	assert_int_equal(l.n, 0);
}

/* ---- parse_path ---- */

struct path_row {
	const char *in;
	int rc;
	size_t n;
	const char *segs[4];
};

static const struct path_row path_rows[] = {
	{"/", SC_OK, 0, {0}},
	{"/cases", SC_OK, 1, {"cases"}},
	{"/cases/", SC_OK, 1, {"cases"}},
	{"/cases/12/plan", SC_OK, 3, {"cases", "12", "plan"}},
	{"/cases/12/plan/", SC_OK, 3, {"cases", "12", "plan"}},
	{"/a%20b/c+d", SC_OK, 2, {"a b", "c+d"}},
	{"/%C3%A6", SC_OK, 1, {"\xC3\xA6"}},
	{"/\xC3\xA6", SC_OK, 1, {"\xC3\xA6"}},
	{"/...", SC_OK, 1, {"..."}},
	{"/.a/a.", SC_OK, 2, {".a", "a."}},
	{"/a:b@c", SC_OK, 1, {"a:b@c"}},
	{"", SC_EINVAL, 0, {0}},
	{"cases", SC_EINVAL, 0, {0}},
	{"//", SC_EINVAL, 0, {0}},
	{"/a//b", SC_EINVAL, 0, {0}},
	{"/a//", SC_EINVAL, 0, {0}},
	{"//a", SC_EINVAL, 0, {0}},
	{"/.", SC_EINVAL, 0, {0}},
	{"/./", SC_EINVAL, 0, {0}},
	{"/..", SC_EINVAL, 0, {0}},
	{"/a/../b", SC_EINVAL, 0, {0}},
	{"/a/%2e%2e/b", SC_EINVAL, 0, {0}},
	{"/a/%2E", SC_EINVAL, 0, {0}},
	{"/a%2Fb", SC_EINVAL, 0, {0}},
	{"/a%2fb", SC_EINVAL, 0, {0}},
	{"/a%5Cb", SC_EINVAL, 0, {0}},
	{"/a\\b", SC_EINVAL, 0, {0}},
	{"/a%00b", SC_EINVAL, 0, {0}},
	{"/a%0Ab", SC_EINVAL, 0, {0}},
	{"/a%7F", SC_EINVAL, 0, {0}},
	{"/a b", SC_EINVAL, 0, {0}},
	{"/a\tb", SC_EINVAL, 0, {0}},
	{"/a?b=1", SC_EINVAL, 0, {0}},
	{"/a#frag", SC_EINVAL, 0, {0}},
	{"/%", SC_EINVAL, 0, {0}},
	{"/%4", SC_EINVAL, 0, {0}},
	{"/%zz", SC_EINVAL, 0, {0}},
	{"/%C0%AE%C0%AE", SC_EINVAL, 0, {0}},   /* overlong ".." */
	{"/\xFF", SC_EINVAL, 0, {0}},
};

static void
test_path(void **state)
{
	struct arena *a = *state;
	for (size_t i = 0; i < sizeof path_rows / sizeof path_rows[0]; i++) {
		const struct path_row *r = &path_rows[i];
		struct path p = {.n = 99};
		int rc = parse_path(a, r->in, &p);
		if (rc != r->rc)
			fail_msg("row %zu (%s): rc %d, want %d", i, r->in, rc, r->rc);
		if (p.n != r->n)
			fail_msg("row %zu (%s): n %zu, want %zu", i, r->in, p.n, r->n);
		for (size_t k = 0; k < r->n; k++)
			assert_string_equal(p.segs[k], r->segs[k]);
	}
	struct path p = {.n = 99};
	assert_int_equal(parse_path(a, NULL, &p), SC_EINVAL);
	assert_int_equal(p.n, 0);
}

static void
test_path_limits(void **state)
{
	struct arena *a = *state;
	struct path p;
	char in[PARSE_MAX_PATH + 64];

	/* 16 segments pass, 17 fail; a trailing slash does not add one. */
	strcpy(in, "");
	for (int i = 0; i < 16; i++)
		strcat(in, "/s");
	assert_int_equal(parse_path(a, in, &p), SC_OK);
	assert_int_equal(p.n, 16);
	assert_string_equal(p.segs[15], "s");
	strcat(in, "/");
	assert_int_equal(parse_path(a, in, &p), SC_OK);
	assert_int_equal(p.n, 16);
	strcat(in, "s");
	assert_int_equal(parse_path(a, in, &p), SC_EINVAL);
	assert_int_equal(p.n, 0);

	/* 2048 bytes pass, 2049 fail. */
	memset(in, 'x', PARSE_MAX_PATH);
	in[0] = '/';
	in[PARSE_MAX_PATH] = '\0';
	assert_int_equal(parse_path(a, in, &p), SC_OK);
	assert_int_equal(p.n, 1);
	assert_int_equal(strlen(p.segs[0]), PARSE_MAX_PATH - 1);
	in[PARSE_MAX_PATH] = 'x';
	in[PARSE_MAX_PATH + 1] = '\0';
	assert_int_equal(parse_path(a, in, &p), SC_EINVAL);
}

/* ---- parse_int64 ---- */

struct int_row {
	const char *in;
	int64_t min;
	int64_t max;
	int rc;
	int64_t want;
};

static const struct int_row int_rows[] = {
	{"0", INT64_MIN, INT64_MAX, SC_OK, 0},
	{"1", INT64_MIN, INT64_MAX, SC_OK, 1},
	{"-1", INT64_MIN, INT64_MAX, SC_OK, -1},
	{"42", 0, 100, SC_OK, 42},
	{"100", 0, 100, SC_OK, 100},
	{"101", 0, 100, SC_EINVAL, 0},
	{"-1", 0, 100, SC_EINVAL, 0},
	{"0", 1, 100, SC_EINVAL, 0},
	{"9223372036854775807", INT64_MIN, INT64_MAX, SC_OK, INT64_MAX},
	{"-9223372036854775808", INT64_MIN, INT64_MAX, SC_OK, INT64_MIN},
	{"9223372036854775808", INT64_MIN, INT64_MAX, SC_EINVAL, 0},
	{"-9223372036854775809", INT64_MIN, INT64_MAX, SC_EINVAL, 0},
	{"99999999999999999999", INT64_MIN, INT64_MAX, SC_EINVAL, 0},
	{"-99999999999999999999", INT64_MIN, INT64_MAX, SC_EINVAL, 0},
	{"", INT64_MIN, INT64_MAX, SC_EINVAL, 0},
	{"-", INT64_MIN, INT64_MAX, SC_EINVAL, 0},
	{"+1", INT64_MIN, INT64_MAX, SC_EINVAL, 0},
	{" 1", INT64_MIN, INT64_MAX, SC_EINVAL, 0},
	{"1 ", INT64_MIN, INT64_MAX, SC_EINVAL, 0},
	{"01", INT64_MIN, INT64_MAX, SC_EINVAL, 0},
	{"00", INT64_MIN, INT64_MAX, SC_EINVAL, 0},
	{"-0", INT64_MIN, INT64_MAX, SC_EINVAL, 0},
	{"-01", INT64_MIN, INT64_MAX, SC_EINVAL, 0},
	{"--1", INT64_MIN, INT64_MAX, SC_EINVAL, 0},
	{"1e3", INT64_MIN, INT64_MAX, SC_EINVAL, 0},
	{"0x10", INT64_MIN, INT64_MAX, SC_EINVAL, 0},
	{"1.0", INT64_MIN, INT64_MAX, SC_EINVAL, 0},
	{"12a", INT64_MIN, INT64_MAX, SC_EINVAL, 0},
	{"\xD9\xA1", INT64_MIN, INT64_MAX, SC_EINVAL, 0},   /* Arabic-Indic 1 */
};

static void
test_int64(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof int_rows / sizeof int_rows[0]; i++) {
		const struct int_row *r = &int_rows[i];
		int64_t v = 12345;
		int rc = parse_int64(r->in, r->min, r->max, &v);
		if (rc != r->rc)
			fail_msg("row %zu (%s): rc %d, want %d", i, r->in, rc, r->rc);
		assert_int_equal(v, rc == SC_OK ? r->want : 12345);
	}
	int64_t v;
	assert_int_equal(parse_int64(NULL, 0, 1, &v), SC_EINVAL);
}

/* ---- parse_accept_language ---- */

struct lang_row {
	const char *in;
	int want;
};

static const char *const langs[] = {"nb", "en"};

static const struct lang_row lang_rows[] = {
	{"nb", 0},
	{"en", 1},
	{"EN", 1},
	{"nb-NO", 0},
	{"en-GB,en;q=0.9", 1},
	{"no", 0},
	{"nn", 0},
	{"nn-NO,nn;q=0.9", 0},
	{"de", -1},
	{"de, fr;q=0.5", -1},
	{"de, en;q=0.5", 1},
	{"en;q=0.5, nb;q=0.8", 0},
	{"en;q=0.8, nb;q=0.8", 1},               /* tie: header order */
	{"nb;q=0, en;q=0.1", 1},
	{"nb;q=0", -1},
	{"en;q=1.0", 1},
	{"en;q=1.000, nb;q=0.999", 1},
	{"en;q=1.001, nb;q=0.5", 0},              /* bad q: entry skipped */
	{"en;q=2, nb;q=0.5", 0},
	{"en;q=, nb;q=0.5", 0},
	{"en;q=0.5555, nb;q=0.1", 0},
	{"en;q=.5, nb;q=0.1", 0},
	{"en ; q=0.9 , nb ; q=0.3", 1},
	{"en;level=1;q=0.4, nb;q=0.3", 1},
	{"*", 0},
	{"*;q=0.1, en", 1},
	{"fr, *;q=0.5", 0},
	{"", -1},
	{",,,", -1},
	{"e n", -1},
	{"english", -1},
	{"123", -1},
	{"en-", -1},
	{"-en", -1},
	{"en--gb", -1},
	{"abcdefghi", -1},
	{"zh-Hant-TW, en-US;q=0.7", 1},
	{"sv-SE, da;q=0.9, no;q=0.8, en;q=0.7", 0},
};

static void
test_accept_language(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof lang_rows / sizeof lang_rows[0]; i++) {
		const struct lang_row *r = &lang_rows[i];
		int got = parse_accept_language(r->in, langs, 2);
		if (got != r->want)
			fail_msg("row %zu (%s): %d, want %d", i, r->in, got, r->want);
	}
	assert_int_equal(parse_accept_language(NULL, langs, 2), -1);
	assert_int_equal(parse_accept_language("nb", langs, 0), -1);
	assert_int_equal(parse_accept_language("*", langs, 0), -1);

	/* Exact regional match beats the primary-subtag match. */
	static const char *const regional[] = {"en-US", "en-GB", "nn"};
	assert_int_equal(parse_accept_language("en-GB", regional, 3), 1);
	assert_int_equal(parse_accept_language("en", regional, 3), 0);
	assert_int_equal(parse_accept_language("en-AU", regional, 3), 0);
	/* A supported "nn" matches directly; "no" only aliases to "nb". */
	assert_int_equal(parse_accept_language("nn-NO", regional, 3), 2);
	assert_int_equal(parse_accept_language("no", regional, 3), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_percent_decode, setup, teardown),
		cmocka_unit_test_setup_teardown(test_percent_decode_not_terminated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_query, setup, teardown),
		cmocka_unit_test_setup_teardown(test_query_max_fields_boundary, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kv_lookup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cookies, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cookies_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_path, setup, teardown),
		cmocka_unit_test_setup_teardown(test_path_limits, setup, teardown),
		cmocka_unit_test(test_int64),
		cmocka_unit_test(test_accept_language),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
