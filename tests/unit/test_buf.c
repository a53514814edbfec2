/*
 * test_buf.c — table-driven tests of the growable buffer and the one HTML
 * escaping writer (src/util/buf.c), and of the request arena
 * (src/util/arena.c).
 *
 * The escaping rows are the contract every page relies on: & < > " ' become
 * entities, and bytes that are not valid UTF-8 (or NUL, or other control
 * characters) come out as U+FFFD so no broken text reaches the browser.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "util/arena.h"
#include "util/buf.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define FFFD "\xEF\xBF\xBD"
#define NNBSP "\xE2\x80\xAF"   /* narrow no-break space: thousands separator */

/* ---- html_text ---- */

struct text_row {
	const char *in;
	const char *out;
};

static const struct text_row text_rows[] = {
	{ "", "" },
	{ "plain", "plain" },
	{ "&", "&amp;" },
	{ "<", "&lt;" },
	{ ">", "&gt;" },
	{ "\"", "&quot;" },
	{ "'", "&#39;" },
	{ "&amp;", "&amp;amp;" },
	{ "<script>alert('x')</script>",
	  "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" },
	{ "a\" onmouseover=\"x", "a&quot; onmouseover=&quot;x" },
	{ "Tom & Jerry's <b>", "Tom &amp; Jerry&#39;s &lt;b&gt;" },
	/* valid UTF-8 passes through untouched */
	{ "Ærlig øl på Åsen", "Ærlig øl på Åsen" },
	{ "€ 😀", "€ 😀" },
	/* tab, newline, carriage return are kept */
	{ "a\tb\nc\rd", "a\tb\nc\rd" },
	/* DEL is kept: the run of plain ASCII stops there, the byte loop keeps it */
	{ "a\x7f" "b", "a\x7f" "b" },
	/* other control characters are replaced */
	{ "a\x01" "b", "a" FFFD "b" },
	{ "\x1b[31m", FFFD "[31m" },
	/* invalid UTF-8: each bad byte becomes U+FFFD */
	{ "\xff", FFFD },
	{ "a\x80z", "a" FFFD "z" },
	{ "\xc3", FFFD },                    /* truncated 2-byte sequence */
	{ "\xc3(", FFFD "(" },               /* bad continuation */
	{ "\xc0\xaf", FFFD FFFD },           /* overlong '/' */
	{ "\xe0\x80\xaf", FFFD FFFD FFFD },  /* overlong 3-byte */
	{ "\xed\xa0\x80", FFFD FFFD FFFD },  /* UTF-16 surrogate */
	{ "\xf4\x90\x80\x80", FFFD FFFD FFFD FFFD }, /* above U+10FFFF */
	{ "\xf5", FFFD },
	{ "ok\xe2\x82", "ok" FFFD FFFD },    /* truncated euro sign at the end */
	{ "<\xff>", "&lt;" FFFD "&gt;" },
};

static void
test_html_text_rows(void **state)
{
	(void)state;
	for (size_t i = 0; i < NELEM(text_rows); i++) {
		struct buf b = BUF_INIT;
		html_text(&b, text_rows[i].in);
		assert_true(buf_ok(&b));
		if (b.len != strlen(text_rows[i].out) ||
		    (b.len > 0 && memcmp(b.data, text_rows[i].out, b.len) != 0))
			fail_msg("row %zu: got \"%.*s\", want \"%s\"", i, (int)b.len,
				 b.data ? b.data : "", text_rows[i].out);
		buf_free(&b);
	}
}

/* A NUL inside a counted string is replaced too (html_textn). */
static void
test_html_textn_nul(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	html_textn(&b, "a\0b<", 4);
	assert_string_equal(b.data, "a" FFFD "b&lt;");
	assert_int_equal(b.len, strlen("a" FFFD "b&lt;"));
	buf_free(&b);

	/* n stops before a multi-byte sequence ends: the cut bytes are invalid */
	html_textn(&b, "\xc3\xa6", 1);
	assert_string_equal(b.data, FFFD);
	buf_free(&b);
}

static void
test_html_text_null_writes_nothing(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	html_text(&b, NULL);
	html_textn(&b, NULL, 5);
	html_urlpart(&b, NULL);
	buf_puts(&b, NULL);
	assert_int_equal(b.len, 0);
	assert_true(buf_ok(&b));
	buf_free(&b);
}

/* ---- html_money and html_int ---- */

struct money_row {
	int64_t ore;
	const char *out;
};

static const struct money_row money_rows[] = {
	{ 0, "0,00" },
	{ 1, "0,01" },
	{ 99, "0,99" },
	{ 100, "1,00" },
	{ 101, "1,01" },
	{ 99999, "999,99" },
	{ 100000, "1" NNBSP "000,00" },
	{ 1500000, "15" NNBSP "000,00" },
	{ 150000000, "1" NNBSP "500" NNBSP "000,00" },
	{ 12345678901, "123" NNBSP "456" NNBSP "789,01" },
	{ -1, "-0,01" },
	{ -99, "-0,99" },
	{ -100, "-1,00" },
	{ -150000000, "-1" NNBSP "500" NNBSP "000,00" },
	{ INT64_MAX, "92" NNBSP "233" NNBSP "720" NNBSP "368" NNBSP "547" NNBSP "758,07" },
	{ INT64_MIN, "-92" NNBSP "233" NNBSP "720" NNBSP "368" NNBSP "547" NNBSP "758,08" },
};

static void
test_html_money_rows(void **state)
{
	(void)state;
	for (size_t i = 0; i < NELEM(money_rows); i++) {
		struct buf b = BUF_INIT;
		html_money(&b, money_rows[i].ore);
		assert_true(buf_ok(&b));
		if (strcmp(b.data, money_rows[i].out) != 0)
			fail_msg("row %zu (%lld): got \"%s\", want \"%s\"", i,
				 (long long)money_rows[i].ore, b.data, money_rows[i].out);
		buf_free(&b);
	}
}

static void
test_html_int(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	html_int(&b, 0);
	html_lit(&b, " ");
	html_int(&b, -42);
	html_lit(&b, " ");
	html_int(&b, 9223372036854775807LL);
	html_lit(&b, " ");
	html_int(&b, -9223372036854775807LL - 1);
	html_lit(&b, " ");
	html_int(&b, 1000);
	assert_string_equal(b.data, "0 -42 9223372036854775807 -9223372036854775808 1000");
	buf_free(&b);
}

/* ---- html_urlpart ---- */

static const struct text_row url_rows[] = {
	{ "", "" },
	{ "abcXYZ019-_.~", "abcXYZ019-_.~" },
	{ "a b", "a%20b" },
	{ "a&b=c", "a%26b%3Dc" },
	{ "<\"'>", "%3C%22%27%3E" },
	{ "/?#%+", "%2F%3F%23%25%2B" },
	{ "æ", "%C3%A6" },
	{ "\xff", "%FF" },
	{ "user.create", "user.create" },
};

static void
test_html_urlpart_rows(void **state)
{
	(void)state;
	for (size_t i = 0; i < NELEM(url_rows); i++) {
		struct buf b = BUF_INIT;
		html_urlpart(&b, url_rows[i].in);
		html_lit(&b, "|");
		char want[128];
		snprintf(want, sizeof want, "%s|", url_rows[i].out);
		if (strcmp(b.data, want) != 0)
			fail_msg("row %zu: got \"%s\", want \"%s\"", i, b.data, want);
		/* the output never holds a character that needs HTML escaping */
		assert_null(strpbrk(b.data, "&<>\"'"));
		buf_free(&b);
	}
}

/* ---- html_lit and the raw writers ---- */

static void
test_html_lit_and_raw(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	html_lit(&b, "<p class=\"x\">");
	html_text(&b, "<b>");
	html_lit(&b, "</p>");
	assert_string_equal(b.data, "<p class=\"x\">&lt;b&gt;</p>");
	assert_int_equal(b.len, strlen(b.data));
	html_lit(&b, "");
	assert_int_equal(b.len, strlen("<p class=\"x\">&lt;b&gt;</p>"));
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	buf_putc(&b, 'x');
	buf_append(&b, "yz\0w", 4);
	assert_int_equal(b.len, 5);
	assert_memory_equal(b.data, "xyz\0w", 5);
	assert_int_equal(b.data[5], '\0');
	buf_reset(&b);
	buf_printf(&b, "%d-%s-%05.1f", 7, "x", 2.5);
	assert_string_equal(b.data, "7-x-002.5");
	buf_free(&b);
}

/* ---- growth, steal and free ---- */

static void
test_buf_growth_several_mb(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	char chunk[1000];
	for (size_t i = 0; i < sizeof chunk; i++)
		chunk[i] = (char)('a' + i % 26);
	const size_t rounds = 5 * 1024;        /* about 5 MB */
	for (size_t r = 0; r < rounds; r++)
		buf_append(&b, chunk, sizeof chunk);
	assert_true(buf_ok(&b));
	assert_int_equal(b.len, rounds * sizeof chunk);
	assert_true(b.cap > b.len);
	assert_int_equal(b.data[b.len], '\0');
	for (size_t r = 0; r < rounds; r += 997)
		assert_memory_equal(b.data + r * sizeof chunk, chunk, sizeof chunk);

	/* escaping at that size: every '&' becomes five bytes */
	struct buf e = BUF_INIT;
	size_t n = 2 * 1024 * 1024;
	char *amps = malloc(n + 1);
	assert_non_null(amps);
	memset(amps, '&', n);
	amps[n] = '\0';
	html_text(&e, amps);
	assert_true(buf_ok(&e));
	assert_int_equal(e.len, n * 5);
	assert_memory_equal(e.data + e.len - 10, "&amp;&amp;", 10);
	free(amps);
	buf_free(&e);

	/* printf output larger than the first allocation */
	struct buf p = BUF_INIT;
	buf_printf(&p, "%*s|", 100000, "x");
	assert_int_equal(p.len, 100001);
	assert_int_equal(p.data[99999], 'x');
	assert_int_equal(p.data[100000], '|');
	buf_free(&p);

	buf_free(&b);
}

static void
test_buf_steal_and_free(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	html_lit(&b, "hello");
	size_t len = 0;
	char *s = buf_steal(&b, &len);
	assert_non_null(s);
	assert_string_equal(s, "hello");
	assert_int_equal(len, 5);
	/* the buf is reset and usable again */
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	html_lit(&b, "again");
	assert_string_equal(b.data, "again");
	free(s);
	buf_free(&b);

	/* stealing an empty buffer gives "" (never NULL), len may be NULL */
	struct buf empty = BUF_INIT;
	s = buf_steal(&empty, NULL);
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);

	/* a failed buffer writes nothing more and steals as NULL */
	struct buf bad = BUF_INIT;
	html_lit(&bad, "x");
	bad.failed = true;
	html_lit(&bad, "y");
	assert_false(buf_ok(&bad));
	assert_int_equal(bad.len, 1);
	assert_null(buf_steal(&bad, &len));
	assert_null(bad.data);
	assert_true(buf_ok(&bad));  /* buf_free (via steal) clears the failure */

	/* buf_free is safe twice and on an untouched buf */
	struct buf z = BUF_INIT;
	buf_free(&z);
	buf_free(&z);
	assert_null(z.data);
}

/* A length near SIZE_MAX marks the buffer failed instead of overflowing. */
static void
test_buf_huge_append_fails_cleanly(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	html_lit(&b, "ab");
	buf_append(&b, "x", SIZE_MAX - 1);
	assert_false(buf_ok(&b));
	assert_int_equal(b.len, 2);
	buf_free(&b);
}

/* ---- arena ---- */

static void
test_arena_alignment(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	assert_non_null(a);
	static const size_t sizes[] = { 1, 3, 7, 15, 16, 17, 31, 33, 100, 4095, 4097, 5000, 1 };
	for (int round = 0; round < 50; round++) {
		for (size_t i = 0; i < NELEM(sizes); i++) {
			unsigned char *p = arena_alloc(a, sizes[i]);
			assert_non_null(p);
			assert_int_equal((uintptr_t)p % 16, 0);
			for (size_t j = 0; j < sizes[i]; j++)
				assert_int_equal(p[j], 0);
			memset(p, 0xAB, sizes[i]);   /* ASan catches an overrun */
		}
	}
	/* zero bytes still gives a distinct aligned pointer */
	void *z1 = arena_alloc(a, 0);
	void *z2 = arena_alloc(a, 0);
	assert_non_null(z1);
	assert_non_null(z2);
	assert_ptr_not_equal(z1, z2);
	assert_int_equal((uintptr_t)z1 % 16, 0);
	arena_free(a);
}

static void
test_arena_big_allocations(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	assert_non_null(a);
	char *small = arena_strdup(a, "before");
	size_t used = arena_used(a);
	/* larger than a chunk: gets its own */
	size_t big = 3 * 1024 * 1024;
	unsigned char *p = arena_alloc(a, big);
	assert_non_null(p);
	assert_int_equal((uintptr_t)p % 16, 0);
	assert_int_equal(p[0], 0);
	assert_int_equal(p[big - 1], 0);
	memset(p, 0x5A, big);
	assert_true(arena_used(a) >= used + big);
	/* the earlier allocation is untouched, and small ones keep working */
	assert_string_equal(small, "before");
	char *after = arena_strdup(a, "after");
	assert_string_equal(after, "after");
	for (int i = 0; i < 2000; i++) {
		char *q = arena_alloc(a, 100);
		assert_non_null(q);
		memset(q, i & 0xFF, 100);
	}
	assert_string_equal(small, "before");
	assert_string_equal(after, "after");
	/* absurd sizes fail instead of wrapping */
	assert_null(arena_alloc(a, SIZE_MAX));
	assert_null(arena_alloc(a, SIZE_MAX / 2 + 1));
	arena_free(a);
	arena_free(NULL);
}

static void
test_arena_strings(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	assert_non_null(a);
	assert_null(arena_strdup(a, NULL));
	assert_null(arena_strndup(a, NULL, 3));
	assert_string_equal(arena_strdup(a, ""), "");
	assert_string_equal(arena_strdup(a, "æøå"), "æøå");
	assert_string_equal(arena_strndup(a, "abcdef", 3), "abc");
	assert_string_equal(arena_strndup(a, "abcdef", 0), "");
	/* strndup copies exactly n bytes, even when they hold no NUL */
	char raw[4] = { 'w', 'x', 'y', 'z' };
	assert_string_equal(arena_strndup(a, raw, 4), "wxyz");

	assert_string_equal(arena_printf(a, "%s=%d", "n", 42), "n=42");
	/* printed in place when it fits the chunk's rest, else again into an
	 * allocation: every length around a chunk's end comes out whole, and
	 * what was printed before stays */
	for (int len = 1; len < 300; len++) {
		struct arena *b = arena_new();
		assert_non_null(b);
		char *first = arena_printf(b, "%s", "first");
		for (int i = 0; i < 40 + len % 7; i++)
			assert_non_null(arena_alloc(b, 16 * 1024 / 40 - len));
		char *s = arena_printf(b, "%0*d", len, 5);
		assert_non_null(s);
		assert_int_equal(strlen(s), (size_t)len);
		assert_int_equal(s[len - 1], '5');
		char *next = arena_printf(b, "%d", len);
		char want[16];
		snprintf(want, sizeof want, "%d", len);
		assert_string_equal(next, want);
		assert_int_equal(strlen(s), (size_t)len);
		assert_string_equal(first, "first");
		assert_int_equal((uintptr_t)s % 16, 0);
		arena_free(b);
	}
	assert_string_equal(arena_printf(a, "%s", ""), "");
	char *long_s = arena_printf(a, "%*d", 50000, 7);
	assert_non_null(long_s);
	assert_int_equal(strlen(long_s), 50000);
	assert_int_equal(long_s[49999], '7');
	size_t before = arena_used(a);
	assert_non_null(arena_printf(a, "%lld", (long long)INT64_MIN));
	assert_true(arena_used(a) > before);
	arena_free(a);
}

/* Notes and minutes keep their line breaks; every line is escaped. */
static void
test_html_lines(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		const char *out;
	} rows[] = {
		{"", ""},
		{"one line", "one line"},
		{"a\nb", "a<br>b"},
		{"a\r\nb\r\n", "a<br>b<br>"},
		{"<b>\n&", "&lt;b&gt;<br>&amp;"},
		{"\n\n", "<br><br>"},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct buf b = BUF_INIT;
		html_lines(&b, rows[i].in);
		buf_putc(&b, '\0');
		assert_string_equal(b.data, rows[i].out);
		buf_free(&b);
	}
	struct buf b = BUF_INIT;
	html_lines(&b, NULL);
	assert_int_equal(b.len, 0);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html_text_rows),
		cmocka_unit_test(test_html_lines),
		cmocka_unit_test(test_html_textn_nul),
		cmocka_unit_test(test_html_text_null_writes_nothing),
		cmocka_unit_test(test_html_money_rows),
		cmocka_unit_test(test_html_int),
		cmocka_unit_test(test_html_urlpart_rows),
		cmocka_unit_test(test_html_lit_and_raw),
		cmocka_unit_test(test_buf_growth_several_mb),
		cmocka_unit_test(test_buf_steal_and_free),
		cmocka_unit_test(test_buf_huge_append_fails_cleanly),
		cmocka_unit_test(test_arena_alignment),
		cmocka_unit_test(test_arena_big_allocations),
		cmocka_unit_test(test_arena_strings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
