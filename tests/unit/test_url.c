/*
 * test_url.c — table-driven tests of url_local_path_ok() (src/util/url.c):
 * which `next` targets may be followed after sign-in or a language change.
 * Each attack row is something a browser would resolve to another site, or
 * one decoding away from it; each good row is a page of this site.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "util/url.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

struct url_row {
	const char *next;
	bool ok;
	const char *why;
};

static const struct url_row url_rows[] = {
	/* pages of this site */
	{"/", true, "home"},
	{"/participants", true, "a page"},
	{"/participants/12/plan", true, "a deeper page"},
	{"/participants?q=ola&page=2", true, "with a query"},
	{"/participants?q=a%2Fb", true, "an encoded slash in the query is data"},
	{"/participants?q=%C3%A6%C3%B8", true, "encoded UTF-8 in the query"},
	{"/plan#goal-3", true, "with a fragment"},
	{"/a/./b/../c", true, "dot segments stay on this host"},
	{"/a//b", true, "a double slash after the first segment"},
	{"/%C3%A6", true, "an encoded letter in the path"},
	{"/~x-y_z.1:2@3!$&'()*+,;=", true, "every other printable character"},

	/* missing or not a path */
	{NULL, false, "missing"},
	{"", false, "empty"},
	{"participants", false, "relative"},
	{"https://evil.example/", false, "absolute URL"},
	{"http:evil.example", false, "scheme without slashes"},
	{"javascript:alert(1)", false, "javascript:"},
	{"data:text/html,x", false, "data:"},
	{"?next=/", false, "query only"},
	{"#top", false, "fragment only"},

	/* another host, as a browser reads it */
	{"//evil.example/", false, "scheme-relative"},
	{"///evil.example/", false, "three slashes"},
	{"/\\evil.example/", false, "backslash is a slash"},
	{"\\\\evil.example/", false, "two backslashes"},
	{"\\/evil.example/", false, "backslash then slash"},
	{"/a\\b", false, "a backslash anywhere"},

	/* what the browser strips: tab, CR, LF anywhere; spaces and C0 at the ends */
	{"/\t/evil.example/", false, "tab between the slashes"},
	{"/\n/evil.example/", false, "newline between the slashes"},
	{"/\r/evil.example/", false, "carriage return between the slashes"},
	{"/\r\n/evil.example/", false, "CRLF between the slashes"},
	{"\t//evil.example/", false, "leading tab"},
	{" /", false, "leading space"},
	{" //evil.example/", false, "leading space, then another host"},
	{"/ ", false, "trailing space"},
	{"/a b", false, "a raw space"},
	{"/\x01/evil.example/", false, "a control character"},
	{"/\x1f", false, "unit separator"},
	{"/\x7f", false, "DEL"},
	{"/\xc3\xa6", false, "raw UTF-8 (browsers send it encoded)"},
	{"/\xef\xbc\x8f" "evil.example", false, "fullwidth solidus"},

	/* one decoding away from another host */
	{"/%2F/evil.example/", false, "encoded slash in the path"},
	{"/%2f/evil.example/", false, "encoded slash, lower case"},
	{"/%2F%2Fevil.example/", false, "two encoded slashes"},
	{"/%5Cevil.example/", false, "encoded backslash"},
	{"/%5cevil.example/", false, "encoded backslash, lower case"},
	{"/%09/evil.example/", false, "encoded tab"},
	{"/%0A/evil.example/", false, "encoded newline"},
	{"/%0d/evil.example/", false, "encoded carriage return"},
	{"/%00", false, "encoded NUL"},
	{"/%7F", false, "encoded DEL"},
	{"/%20/evil.example/", false, "encoded space in the path"},
	{"%2F%2Fevil.example/", false, "encoded from the start"},
	{"/%", false, "a lone percent sign"},
	{"/%2", false, "a truncated escape"},
	{"/%zz", false, "an escape that is not hex"},
	{"/?q=%", false, "a broken escape in the query"},
};

static void
test_url_rows(void **state)
{
	(void)state;
	for (size_t i = 0; i < NELEM(url_rows); i++) {
		const struct url_row *r = &url_rows[i];
		bool got = url_local_path_ok(r->next);
		if (got != r->ok)
			fail_msg("row %zu (%s): %s, want %s", i, r->why, got ? "ok" : "refused",
				 r->ok ? "ok" : "refused");
		const char *target = url_local_or_root(r->next);
		assert_string_equal(target, r->ok ? r->next : "/");
	}
}

/* A long target is refused: it cannot have come from one of our links. */
static void
test_url_length_limit(void **state)
{
	(void)state;
	static char s[URL_LOCAL_MAX + 2];
	memset(s, 'a', sizeof s - 1);
	s[0] = '/';
	s[URL_LOCAL_MAX] = '\0';
	assert_int_equal(strlen(s), URL_LOCAL_MAX);
	assert_true(url_local_path_ok(s));
	s[URL_LOCAL_MAX] = 'a';
	s[URL_LOCAL_MAX + 1] = '\0';
	assert_false(url_local_path_ok(s));
	assert_string_equal(url_local_or_root(s), "/");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_url_rows),
		cmocka_unit_test(test_url_length_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
