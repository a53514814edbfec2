/*
 * test_input_edges.c — the edges of what a reader types into an address or
 * a date, on pages and their API twins: ?page and ?per_page by one rule (a
 * bad one is a 400 saying what is taken, a page past the last a 404 saying
 * how many there are, with a link to the last; page 1 of an empty list is
 * the list's own words), a reader's per_page kept by the pager, and a date
 * of the right shape that does not exist said to be none, and why.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "harness.h"

#define PASSWORD "a long password 123"

static struct {
	struct server *s;
	struct session admin, leader;
} fx;

/* GETs path as sess; asserts the status, and that the page holds each of
 * the texts (NULL-terminated). */
static void
page_says(const struct session *sess, const char *path, long status, const char *const *texts)
{
	struct http_res res;
	session_get(sess, path, &res);
	if (res.status != status)
		fail_msg("GET %s: %ld, want %ld", path, (long)res.status, status);
	for (size_t i = 0; texts != NULL && texts[i] != NULL; i++)
		if (!res_contains(&res, texts[i]))
			fail_msg("GET %s: no \"%s\" in\n%s", path, texts[i], res.body);
	http_res_free(&res);
}

#define SAYS(...) ((const char *const[]){__VA_ARGS__, NULL})

#define PAGE_RULE "The page must be a whole number from 1."
#define PER_PAGE_RULE "per_page must be from 1 to 200."

/* A bad ?page or ?per_page is a 400 on a page as on the API, saying what
 * each takes; a right per_page is taken. */
static void
test_bad_paging_is_refused(void **state)
{
	(void)state;
	static const char *const lists[] = {"/participants", "/admin/users", "/waiting-list", "/employers",
					    "/placements", "/intake", "/audit"};
	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
		const struct session *who = strcmp(lists[i], "/admin/users") == 0 ? &fx.admin : &fx.leader;
		char path[128];
		static const char *const per_page_bad[] = {"abc", "0", "100000", "-1", "2.5"};
		for (size_t k = 0; k < sizeof per_page_bad / sizeof per_page_bad[0]; k++) {
			snprintf(path, sizeof path, "%s?per_page=%s", lists[i], per_page_bad[k]);
			page_says(who, path, strcmp(lists[i], "/audit") == 0 ? 422 : 400, SAYS(PER_PAGE_RULE));
		}
		static const char *const page_bad[] = {"abc", "0", "-3", "99999999999"};
		for (size_t k = 0; k < sizeof page_bad / sizeof page_bad[0]; k++) {
			snprintf(path, sizeof path, "%s?page=%s", lists[i], page_bad[k]);
			page_says(who, path, strcmp(lists[i], "/audit") == 0 ? 422 : 400, SAYS(PAGE_RULE));
		}
		/* both wrong: both said */
		snprintf(path, sizeof path, "%s?page=x&per_page=201", lists[i]);
		page_says(who, path, strcmp(lists[i], "/audit") == 0 ? 422 : 400, SAYS(PAGE_RULE, PER_PAGE_RULE));
	}
	/* the API's twin says the same of the same */
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.leader, "/api/v1/participants?per_page=abc", &j), 400);
	assert_string_equal(field_error(j, "per_page"), PER_PAGE_RULE);
	json_decref(j);
	/* the caseloads' filter form says it beside its filters (422), as the
	 * audit log's does (above) */
	page_says(&fx.leader, "/caseloads?per_page=0", 422, SAYS(PER_PAGE_RULE));
}

/* Five participants two a page are three pages: the third is the last,
 * the fourth a 404 that says so and links to the third; the pager keeps
 * the reader's per_page. The API answers a page past the last with no
 * items, its total saying why. */
static void
test_page_past_the_last_is_not_found(void **state)
{
	(void)state;
	static const char *const names[] = {"Amal", "Bashir", "Chiara", "Dawit", "Elif"};
	for (size_t i = 0; i < 5; i++)
		api_participant(&fx.leader, names[i], "Sideberg", 0);

	page_says(&fx.leader, "/participants?per_page=2", 200,
		  SAYS("Page 1 of 3", "href=\"/participants?page=2&amp;per_page=2\""));
	page_says(&fx.leader, "/participants?per_page=2&page=3", 200,
		  SAYS("Elif", "Page 3 of 3", "href=\"/participants?page=2&amp;per_page=2\""));
	page_says(&fx.leader, "/participants?per_page=2&page=4", 404,
		  SAYS("There is no page 4: the list has 3 pages.",
		       "<a id=\"last-page\" href=\"/participants?page=3&amp;per_page=2\">Go to the last page</a>"));
	page_says(&fx.leader, "/participants?page=999", 404,
		  SAYS("There is no page 999: the list has one page.", "href=\"/participants?page=1\""));
	/* a search keeps its terms in the link to its last page */
	page_says(&fx.leader, "/participants?q=Sideberg&per_page=2&page=9", 404,
		  SAYS("the list has 3 pages.", "href=\"/participants?q=Sideberg&amp;page=3&amp;per_page=2\""));
	/* page 1 of an empty list is the list, saying it is empty */
	page_says(&fx.leader, "/participants?q=Nobodyhere", 200, SAYS("No participants match."));
	page_says(&fx.leader, "/participants?q=Nobodyhere&page=2", 404, SAYS("the list has one page."));
	page_says(&fx.leader, "/placements", 200, SAYS("No placements."));
	page_says(&fx.leader, "/placements?page=2", 404, SAYS("There is no page 2: the list has one page."));
	page_says(&fx.admin, "/admin/users?page=2", 404, SAYS("There is no page 2: the list has one page."));
	page_says(&fx.admin, "/admin/users?per_page=1&page=2", 200, SAYS("Page 2 of"));

	json_t *j = NULL;
	assert_int_equal(api_get(&fx.leader, "/api/v1/participants?per_page=2&page=4", &j), 200);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 0);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 5);
	json_decref(j);
}

/* A search's page is 20 names and counts its matches only up to its end
 * (issue 13): 21 Vangens say "more than 20" and offer the next page, which
 * says how many; two a page, "more than" while more follow, and a page
 * past the last is still a 404 naming it. The register's list keeps 50 a
 * page, and the API its count and 50. */
static void
test_search_says_more_than_its_page(void **state)
{
	(void)state;
	static const char *const names[] = {
		"Abdi", "Bilan", "Caaho", "Deeqa", "Ebyan", "Faadumo", "Gacal", "Hodan", "Idil", "Jamac", "Kaltun",
		"Layla", "Maryan", "Nasra", "Omar", "Qamar", "Rahma", "Sahra", "Tahlil", "Ubah", "Warsame",
	};
	for (size_t i = 0; i < 21; i++)
		api_participant(&fx.leader, names[i], "Vangen", 0);

	page_says(&fx.leader, "/participants?q=Vangen", 200,
		  SAYS("<p id=\"result-count\">More than 20 participants.</p>", "Vangen, Abdi", "Vangen, Ubah",
		       "Page 1<", "rel=\"next\" href=\"/participants?q=Vangen&amp;page=2\""));
	page_says(&fx.leader, "/participants?q=Vangen&page=2", 200,
		  SAYS("<p id=\"result-count\">21 participants.</p>", "Vangen, Warsame", "Page 2 of 2"));
	page_says(&fx.leader, "/participants?q=Vangen&per_page=2", 200,
		  SAYS("<p id=\"result-count\">More than 2 participants.</p>", "Vangen, Abdi", "Vangen, Bilan",
		       "Page 1<", "rel=\"next\" href=\"/participants?q=Vangen&amp;page=2&amp;per_page=2\""));
	page_says(&fx.leader, "/participants?q=Vangen&per_page=2&page=2", 200,
		  SAYS("<p id=\"result-count\">More than 4 participants.</p>", "Vangen, Deeqa", "Page 2<",
		       "rel=\"next\" href=\"/participants?q=Vangen&amp;page=3&amp;per_page=2\""));
	page_says(&fx.leader, "/participants?q=Vangen&per_page=2&page=11", 200,
		  SAYS("<p id=\"result-count\">21 participants.</p>", "Vangen, Warsame", "Page 11 of 11"));
	page_says(&fx.leader, "/participants?q=Vangen&per_page=2&page=12", 404,
		  SAYS("There is no page 12: the list has 11 pages.",
		       "href=\"/participants?q=Vangen&amp;page=11&amp;per_page=2\""));
	page_says(&fx.leader, "/participants?q=Vangen&per_page=21", 200,
		  SAYS("<p id=\"result-count\">21 participants.</p>", "Vangen, Warsame"));
	struct http_res res;
	/* the first page shows 20, not the 21st nor a count of pages; the
	 * last offers no next one */
	session_get(&fx.leader, "/participants?q=Vangen", &res);
	assert_null(strstr(res.body, "Vangen, Warsame"));
	assert_null(strstr(res.body, "Page 1 of"));
	http_res_free(&res);
	session_get(&fx.leader, "/participants?q=Vangen&per_page=2&page=11", &res);
	assert_null(strstr(res.body, "rel=\"next\""));
	http_res_free(&res);
	/* the list without a search: 50 a page */
	page_says(&fx.leader, "/participants", 200, SAYS("Vangen, Warsame"));

	json_t *j = NULL;
	assert_int_equal(api_get(&fx.leader, "/api/v1/participants?q=Vangen", &j), 200);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 21);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 21);
	json_decref(j);
	assert_int_equal(api_get(&fx.leader, "/api/v1/participants?q=Vangen&per_page=2", &j), 200);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 2);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 21);
	assert_false(json_is_true(json_object_get(j, "total_capped")));
	json_decref(j);
}

/* A date of the right shape that does not exist: the API and the page say
 * which day it is not, and nothing is registered. */
static void
test_date_that_does_not_exist(void **state)
{
	(void)state;
	long long before = api_total(&fx.leader, "/api/v1/participants");
	json_t *j = NULL;
	assert_int_equal(api_send_json(&fx.leader, "/api/v1/participants",
				       "{\"given_name\":\"Feb\",\"family_name\":\"Thirty\",\"birth_date\":\"1990-02-30\","
				       "\"gender\":\"female\"}", &j), 422);
	assert_string_equal(field_error(j, "birth_date"), "1990-02-30 is not a date: February 1990 has 28 days.");
	json_decref(j);
	assert_int_equal(api_send_json(&fx.leader, "/api/v1/participants",
				       "{\"given_name\":\"Month\",\"family_name\":\"Thirteen\",\"birth_date\":\"1990-13-01\","
				       "\"gender\":\"female\"}", &j), 422);
	assert_string_equal(field_error(j, "birth_date"), "1990-13-01 is not a date: there is no month 13.");
	json_decref(j);
	/* the wrong shape is still told how to write a date */
	assert_int_equal(api_send_json(&fx.leader, "/api/v1/participants",
				       "{\"given_name\":\"Dots\",\"family_name\":\"Date\",\"birth_date\":\"02.01.1990\","
				       "\"gender\":\"female\"}", &j), 422);
	assert_non_null(strstr(field_error(j, "birth_date"), "YYYY-MM-DD"));
	json_decref(j);

	struct http_res res;
	post_form(&fx.leader, "/participants",
		  "given_name=April&family_name=Thirtyone&birth_date=1991-04-31&gender=female", &res);
	assert_int_equal(res.status, 422);
	char *err = page_field_error(&res, "birth_date");
	assert_non_null(err);
	assert_string_equal(err, "1991-04-31 is not a date: April has 30 days.");
	free(err);
	http_res_free(&res);
	assert_int_equal(api_total(&fx.leader, "/api/v1/participants"), before);
}

static int
setup(void **state)
{
	static const struct group_user users[] = {
		{ADMIN_USER, NULL, NULL, &fx.admin},
		{"lena.leader", "Lena Leder", "leader", &fx.leader},
		{NULL},
	};
	return group_server_users(state, &fx.s, users, PASSWORD, "en", NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_paging_is_refused),
		cmocka_unit_test(test_page_past_the_last_is_not_found),
		cmocka_unit_test(test_search_says_more_than_its_page),
		cmocka_unit_test(test_date_that_does_not_exist),
	};
	return harness_status(cmocka_run_group_tests_name("input edges", tests, setup, group_server_teardown));
}
