/*
 * test_io.c — data in and out: the CSV import of participants (the upload
 * page and POST /api/v1/participants/import) and the register export
 * (CSV and XLSX), as a programme leader and a contact person see them.
 *
 * Participants are created through the import itself; whether something
 * was saved is checked through the leader's export, and ids are read from
 * its first column.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

#define LEADER "lena"
#define CONTACT "kari"
#define PASSWORD "a long password 123"
#define BOUNDARY "----sc-test-boundary-7f3a"

static struct session leader, contact;
/* The server's TMPDIR: an XLSX export must leave nothing behind in it. */
static char tmpdir[] = "/tmp/sc-test-io-XXXXXX";

/* The number of export folders (sc-export-*) in tmpdir; the server's
 * own folder is there too. */
static int
tmpdir_entries(void)
{
	DIR *d = opendir(tmpdir);
	assert_non_null(d);
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		if (strncmp(e->d_name, "sc-export-", 10) == 0)
			n++;
	closedir(d);
	return n;
}

static int
setup(void **state)
{
	if (mkdtemp(tmpdir) == NULL || setenv("TMPDIR", tmpdir, 1) != 0)
		return -1;
	if (group_server_setup(state, NULL) != 0)
		return -1;
	struct server *s = *state;
	if (cli_user_add(s, LEADER, "Lena Leader", "leader", PASSWORD) != 0 ||
	    cli_user_add(s, CONTACT, "Kari Contact", "contact", PASSWORD) != 0 ||
	    sign_in(s, LEADER, PASSWORD, &leader) != 0 || sign_in(s, CONTACT, PASSWORD, &contact) != 0 ||
	    session_set_lang(s, &leader, "en") != 0 || session_set_lang(s, &contact, "en") != 0)
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	int rc = group_server_teardown(state);
	rmdir(tmpdir);
	return rc;
}

/* ---- helpers ---- */

/* A valid fødselsnummer (pre-2032 rule) for a date in the 1900s; each call
 * gives another individual number. */
static void
make_nin(int day, int month, int year, char out[12])
{
	static int next_individual = 100;
	static const int w1[] = {3, 7, 6, 1, 8, 9, 4, 5, 2};
	static const int w2[] = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};
	for (;;) {
		int ind = next_individual++;
		assert_true(ind < 500);
		char d[12];
		snprintf(d, sizeof d, "%02d%02d%02d%03d", day, month, year % 100, ind);
		int sum = 0;
		for (int i = 0; i < 9; i++)
			sum += (d[i] - '0') * w1[i];
		int k1 = (11 - sum % 11) % 11;
		if (k1 == 10)
			continue;
		d[9] = (char)('0' + k1);
		sum = 0;
		for (int i = 0; i < 10; i++)
			sum += (d[i] - '0') * w2[i];
		int k2 = (11 - sum % 11) % 11;
		if (k2 == 10)
			continue;
		d[10] = (char)('0' + k2);
		d[11] = '\0';
		memcpy(out, d, 12);
		return;
	}
}

/* POST /participants/import as the upload form sends it. */
static void
import_form(const struct server *s, const struct session *sess, const char *csv, bool good,
	    struct http_res *res)
{
	size_t cap = strlen(csv) + 1024;
	char *body = malloc(cap);
	assert_non_null(body);
	int n = snprintf(body, cap,
			 "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n"
			 "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"register.csv\"\r\n"
			 "Content-Type: text/csv\r\n\r\n%s\r\n"
			 "%s"
			 "--" BOUNDARY "--\r\n",
			 sess->csrf, csv,
			 good ? "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"mode\"\r\n\r\ngood\r\n" : "");
	assert_true(n > 0 && (size_t)n < cap);
	struct http_req q = {.path = "/participants/import", .body = body, .body_len = n,
			     .content_type = "multipart/form-data; boundary=" BOUNDARY,
			     .cookie = sess->cookie};
	assert_int_equal(http_send(s, &q, res), 0);
	free(body);
}

/* POST /api/v1/participants/import?mode=MODE with a text/csv body. */
static json_t *
import_api(const struct server *s, const struct session *sess, const char *csv, size_t len,
	   const char *mode, long *status)
{
	char hdr[128], path[128];
	snprintf(hdr, sizeof hdr, "X-CSRF-Token: %s", sess->csrf);
	snprintf(path, sizeof path, "/api/v1/participants/import%s%s", mode ? "?mode=" : "",
		 mode ? mode : "");
	struct http_req q = {.path = path, .body = csv, .body_len = (long)len,
			     .content_type = "text/csv; charset=utf-8", .cookie = sess->cookie,
			     .headers = {hdr}};
	struct http_res res;
	assert_int_equal(http_send(s, &q, &res), 0);
	*status = res.status;
	json_t *j = res_json(&res);
	http_res_free(&res);
	return j;
}

static json_int_t
jint(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	assert_true(json_is_integer(v));
	return json_integer_value(v);
}

/* True when the report lists a problem with this line and field. */
static bool
has_rejected(json_t *report, long line, const char *field)
{
	json_t *list = json_object_get(report, "rejected");
	size_t i;
	json_t *item;
	json_array_foreach(list, i, item) {
		if (json_integer_value(json_object_get(item, "line")) == line &&
		    strcmp(json_string_value(json_object_get(item, "field")), field) == 0 &&
		    strlen(json_string_value(json_object_get(item, "message"))) > 0)
			return true;
	}
	return false;
}

/* The register as a CSV export by sess (body owned by res). */
static void
export_csv(const struct server *s, const struct session *sess, struct http_res *res)
{
	assert_int_equal(http_get(s, "/participants/export?format=csv", sess->cookie, res), 0);
	assert_int_equal(res->status, 200);
}

static bool
leader_register_has(const struct server *s, const char *needle)
{
	struct http_res res;
	export_csv(s, &leader, &res);
	bool found = res_contains(&res, needle);
	http_res_free(&res);
	return found;
}

/* The participant id of the export line holding ",FAMILY," (0 when none). */
static long
participant_id(const struct server *s, const char *family)
{
	struct http_res res;
	export_csv(s, &leader, &res);
	char needle[128];
	snprintf(needle, sizeof needle, ",%s,", family);
	char *at = strstr(res.body, needle);
	long id = 0;
	if (at != NULL) {
		char *line = at;
		while (line > res.body && line[-1] != '\n')
			line--;
		id = strtol(line, NULL, 10);
	}
	http_res_free(&res);
	return id;
}

/* The total of audit entries for an action (leaders read the audit log). */
static json_int_t
audit_total(const struct server *s, const char *action, char *last_record_id, size_t len)
{
	char path[160];
	snprintf(path, sizeof path, "/api/v1/audit?action=%s", action);
	struct http_res res;
	assert_int_equal(http_get(s, path, leader.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	json_t *j = res_json(&res);
	assert_non_null(j);
	json_int_t total = jint(j, "total");
	if (last_record_id != NULL) {
		json_t *first = json_array_get(json_object_get(j, "items"), 0);
		const char *id = json_string_value(json_object_get(first, "record_id"));
		snprintf(last_record_id, len, "%s", id ? id : "");
	}
	json_decref(j);
	http_res_free(&res);
	return total;
}

static json_t *leader_post(const struct server *s, const char *path, const char *body, long status);

/* The leader makes the contact person (kari) participant id's contact
 * person. */
static void
make_contact_person(const struct server *s, long id)
{
	struct http_res res;
	assert_int_equal(http_get(s, "/api/v1/me", contact.cookie, &res), 0);
	json_t *j = res_json(&res);
	json_int_t kari_id = jint(j, "id");
	json_decref(j);
	http_res_free(&res);
	char path[96], body[96];
	snprintf(path, sizeof path, "/api/v1/participants/%ld/contact", id);
	snprintf(body, sizeof body, "{\"contact_id\":%lld}", (long long)kari_id);
	json_decref(leader_post(s, path, body, 200));
}

/* The leader's POST of a JSON body to path, answered with status (the
 * answer's JSON, the caller's). */
static json_t *
leader_post(const struct server *s, const char *path, const char *body, long status)
{
	char hdr[128];
	snprintf(hdr, sizeof hdr, "X-CSRF-Token: %s", leader.csrf);
	struct http_req q = {.path = path, .body = body, .body_len = -1,
			     .content_type = "application/json", .cookie = leader.cookie,
			     .headers = {hdr}};
	struct http_res res;
	assert_int_equal(http_send(s, &q, &res), 0);
	if (res.status != status)
		fprintf(stderr, "POST %s answered %ld: %s\n", path, res.status, res.body);
	assert_int_equal(res.status, status);
	json_t *j = res_json(&res);
	http_res_free(&res);
	return j;
}

/* The lines of an answer's body. */
static int
lines_of(const struct http_res *res)
{
	int lines = 0;
	for (size_t i = 0; i < res->body_len; i++)
		lines += res->body[i] == '\n';
	return lines;
}

/* ---- the import page ---- */

static void
test_import_page_explains_the_format(void **state)
{
	struct server *s = *state;
	struct http_res res;
	assert_int_equal(http_get(s, "/participants/import", leader.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "enctype=\"multipart/form-data\""));
	assert_true(res_contains(&res, "type=\"file\""));
	assert_true(res_contains(&res, "name=\"mode\" type=\"checkbox\" value=\"good\""));
	assert_true(res_contains(&res, "Import the good rows and list the rejected ones"));
	assert_true(res_contains(&res, "href=\"/participants/import/template\""));
	assert_true(res_contains(&res, "<code>given_name</code>"));
	assert_true(res_contains(&res, "<code>tax_table</code>"));
	/* an exported file comes back as it is */
	assert_true(res_contains(&res, "<p id=\"from-export\">A CSV file exported from the register can be imported as it is"));
	/* the size limit and how many rows fit */
	assert_true(res_contains(&res, "at most 1024 KiB"));
	assert_true(res_contains(&res, "room for about 5200 participants"));
	http_res_free(&res);

	assert_int_equal(http_get(s, "/participants/import/template", leader.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_string_equal(res_header(&res, "Content-Type"), "text/csv; charset=utf-8");
	assert_non_null(strstr(res_header(&res, "Content-Disposition"), "attachment; filename=\"participants-import-template-"));
	assert_true(res.body_len > 3 && memcmp(res.body, "\xEF\xBB\xBFgiven_name,family_name,nin,birth_date,gender,", 44) == 0);
	assert_true(res_contains(&res, ",tax_percent,tax_table\r\n"));
	http_res_free(&res);
}

static void
test_contact_person_cannot_import(void **state)
{
	struct server *s = *state;
	struct http_res res;
	assert_int_equal(http_get(s, "/participants/import", contact.cookie, &res), 0);
	assert_int_equal(res.status, 403);
	http_res_free(&res);
	long status = 0;
	json_t *j = import_api(s, &contact, "given_name,family_name,birth_date,gender\r\n", 43, "all", &status);
	assert_int_equal(status, 403);
	json_decref(j);
}

static void
test_import_without_a_file(void **state)
{
	struct server *s = *state;
	struct http_res res;
	import_form(s, &leader, "", false, &res);
	assert_int_equal(res.status, 422);
	assert_true(res_contains(&res, "id=\"file-error\">Choose a CSV file to import."));
	http_res_free(&res);
}

/* POST /participants/import with a file of len bytes (any bytes). */
static void
import_form_bytes(const struct server *s, const struct session *sess, const char *data, size_t len,
		  const char *filename, bool good, struct http_res *res)
{
	size_t cap = len + 1024;
	char *body = malloc(cap);
	assert_non_null(body);
	int n = snprintf(body, cap,
			 "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n"
			 "%s"
			 "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\n"
			 "Content-Type: application/octet-stream\r\n\r\n",
			 sess->csrf,
			 good ? "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"mode\"\r\n\r\ngood\r\n" : "",
			 filename);
	assert_true(n > 0 && (size_t)n + len + 64 < cap);
	memcpy(body + n, data, len);
	size_t used = (size_t)n + len;
	used += (size_t)snprintf(body + used, cap - used, "\r\n--" BOUNDARY "--\r\n");
	struct http_req q = {.path = "/participants/import", .body = body, .body_len = (long)used,
			     .content_type = "multipart/form-data; boundary=" BOUNDARY,
			     .cookie = sess->cookie};
	assert_int_equal(http_send(s, &q, res), 0);
	free(body);
}

/* An Excel file, or a CSV saved in another encoding, given to the import:
 * the form comes back (422) with what to do beside the file field, the
 * option ticked as it was, and nothing imported; the API says the same. */
static void
test_excel_file_is_explained(void **state)
{
	struct server *s = *state;
	/* The start of a real .xlsx: a ZIP local file header. */
	static const char xlsx[] = "PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00b\xee\x9dh^\x01\x00\x00"
				   "\x90\x04\x00\x00\x13\x00\x08\x02[Content_Types].xml \xa2\x04\x02(\xa0\x00\x02";
	char count_before[64];
	snprintf(count_before, sizeof count_before, "%lld", (long long)audit_total(s, "participant.import", NULL, 0));
	struct http_res res;
	import_form_bytes(s, &leader, xlsx, sizeof xlsx - 1, "register.xlsx", true, &res);
	assert_int_equal(res.status, 422);
	assert_true(res_contains(&res, "id=\"file-error\">This is an Excel file. Save it as CSV UTF-8 and try again.</p>"));
	assert_true(res_contains(&res, "id=\"error-summary\""));
	assert_true(res_contains(&res, "<form method=\"post\" action=\"/participants/import\""));
	assert_true(res_contains(&res, "aria-invalid=\"true\" aria-describedby=\"file-error\""));
	assert_true(res_contains(&res, "name=\"mode\" type=\"checkbox\" value=\"good\" checked"));
	http_res_free(&res);

	/* Old Excel (.xls) too. */
	static const char xls[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00\x00\x00";
	import_form_bytes(s, &leader, xls, sizeof xls - 1, "register.xls", false, &res);
	assert_int_equal(res.status, 422);
	assert_true(res_contains(&res, "id=\"file-error\">This is an Excel file. Save it as CSV UTF-8 and try again.</p>"));
	assert_false(res_contains(&res, "value=\"good\" checked"));
	http_res_free(&res);

	/* A CSV in Windows-1252. */
	static const char latin1[] = "given_name,family_name,birth_date,gender\r\n\xC5se,\xD8" "deg\xE5" "rd,1980-01-01,female\r\n";
	import_form_bytes(s, &leader, latin1, sizeof latin1 - 1, "register.csv", false, &res);
	assert_int_equal(res.status, 422);
	assert_true(res_contains(&res, "id=\"file-error\">This file is not saved as UTF-8 text. Save it as CSV UTF-8 and try again.</p>"));
	http_res_free(&res);
	assert_false(leader_register_has(s, "Aase"));

	/* The API: a 422 that says the same. */
	long st = 0;
	json_t *j = import_api(s, &leader, xlsx, sizeof xlsx - 1, NULL, &st);
	assert_int_equal(st, 422);
	json_t *err = json_object_get(j, "error");
	assert_string_equal(json_string_value(json_object_get(err, "code")), "not_csv");
	assert_string_equal(json_string_value(json_object_get(err, "message")),
			    "This is an Excel file. Save it as CSV UTF-8 and try again.");
	json_decref(j);
	/* Nothing was imported. */
	char count_after[64];
	snprintf(count_after, sizeof count_after, "%lld", (long long)audit_total(s, "participant.import", NULL, 0));
	assert_string_equal(count_before, count_after);
}

/* ---- all or nothing, and the good-rows option ---- */

static const char bad_line_3[] =
	"given_name,family_name,birth_date,gender,city\r\n"
	"Alma,Aanonsen,1985-02-03,female,Bergen\r\n"
	"Berit,Bakketun,1985-13-40,female,Bergen\r\n"
	"Cecilie,Carlsen,1987-05-06,female,Bergen\r\n";

static void
test_one_bad_row_imports_nothing(void **state)
{
	struct server *s = *state;
	json_int_t creates = audit_total(s, "participant.create", NULL, 0);
	struct http_res res;
	import_form(s, &leader, bad_line_3, false, &res);
	assert_int_equal(res.status, 422);
	assert_true(res_contains(&res, "Nothing was imported"));
	assert_true(res_contains(&res, "Rows read: <strong>3</strong>"));
	assert_true(res_contains(&res, "Imported: <strong>0</strong>"));
	assert_true(res_contains(&res, "Rejected: <strong>1</strong>"));
	/* the report names the line, the field (its label) and the reason */
	assert_true(res_contains(&res, "<tr><td>3</td><td>Birth date</td><td>1985-13-40 is not a date: there is no month 13."));
	http_res_free(&res);
	assert_false(leader_register_has(s, "Aanonsen"));
	assert_false(leader_register_has(s, "Carlsen"));
	assert_int_equal(audit_total(s, "participant.create", NULL, 0), creates);
	char rec[32];
	audit_total(s, "participant.import", rec, sizeof rec);
	assert_string_equal(rec, "0");
}

static void
test_good_rows_option_imports_the_rest(void **state)
{
	struct server *s = *state;
	static const char csv[] =
		"given_name,family_name,birth_date,gender\r\n"
		"Dagny,Dahl,1986-01-01,female\r\n"
		"Eva,Eide,1986-02-02,woman\r\n"
		"Frida,Fjeld,1986-03-03,female\r\n";
	json_int_t creates = audit_total(s, "participant.create", NULL, 0);
	json_int_t imports = audit_total(s, "participant.import", NULL, 0);
	struct http_res res;
	import_form(s, &leader, csv, true, &res);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "Rows read: <strong>3</strong>"));
	assert_true(res_contains(&res, "Imported: <strong>2</strong>"));
	assert_true(res_contains(&res, "Rejected: <strong>1</strong>"));
	assert_true(res_contains(&res, "<tr><td>3</td><td>Gender</td>"));
	/* the option stays ticked for the next file */
	assert_true(res_contains(&res, "value=\"good\" checked"));
	http_res_free(&res);
	assert_true(leader_register_has(s, ",Dahl,Dagny,1986-01-01,"));
	assert_true(leader_register_has(s, ",Fjeld,Frida,"));
	assert_false(leader_register_has(s, "Eide"));
	/* one participant.import with the count, a participant.create each */
	char rec[32];
	assert_int_equal(audit_total(s, "participant.import", rec, sizeof rec), imports + 1);
	assert_string_equal(rec, "2");
	assert_int_equal(audit_total(s, "participant.create", NULL, 0), creates + 2);
}

static void
test_api_all_or_nothing_and_good(void **state)
{
	struct server *s = *state;
	static const char csv[] =
		"given_name,family_name,birth_date,gender,email\n"
		"Gunn,Gjerde,1979-01-01,female,gunn@example.no\n"
		"Hege,Holm,1979-01-02,female,not-an-address\n";
	long status = 0;
	json_t *j = import_api(s, &leader, csv, sizeof csv - 1, NULL, &status);
	assert_int_equal(status, 422);
	assert_non_null(j);
	assert_int_equal(jint(j, "read"), 2);
	assert_int_equal(jint(j, "imported"), 0);
	assert_true(has_rejected(j, 3, "email"));
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "error"), "code")), "invalid");
	json_decref(j);
	assert_false(leader_register_has(s, "Gjerde"));

	j = import_api(s, &leader, csv, sizeof csv - 1, "good", &status);
	assert_int_equal(status, 200);
	assert_int_equal(jint(j, "read"), 2);
	assert_int_equal(jint(j, "imported"), 1);
	assert_int_equal(json_array_size(json_object_get(j, "rejected")), 1);
	assert_true(has_rejected(j, 3, "email"));
	json_decref(j);
	assert_true(leader_register_has(s, "Gjerde"));

	j = import_api(s, &leader, csv, sizeof csv - 1, "some", &status);
	assert_int_equal(status, 400);
	json_decref(j);
}

/* ---- the header ---- */

static void
test_bad_header_is_refused_whole(void **state)
{
	struct server *s = *state;
	static const char csv[] =
		"given_name,family_name,colour,birth_date\r\n"
		"Ida,Isaksen,blue,1990-01-01\r\n";
	struct http_res res;
	import_form(s, &leader, csv, true, &res);
	assert_int_equal(res.status, 422);
	assert_true(res_contains(&res, "The file was not imported"));
	assert_true(res_contains(&res, "Unknown column &quot;colour&quot;"));
	assert_true(res_contains(&res, "The required column &quot;gender&quot; is missing."));
	http_res_free(&res);

	long status = 0;
	json_t *j = import_api(s, &leader, csv, sizeof csv - 1, "good", &status);
	assert_int_equal(status, 422);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "error"), "code")), "invalid_file");
	assert_true(has_rejected(j, 1, "colour"));
	assert_true(has_rejected(j, 1, "gender"));
	assert_int_equal(jint(j, "imported"), 0);
	json_decref(j);
	assert_false(leader_register_has(s, "Isaksen"));

	/* a CSV syntax error names its line */
	static const char broken[] =
		"given_name,family_name,birth_date,gender\n"
		"Jo,\"Jacobsen,1990-01-01,male\n";
	j = import_api(s, &leader, broken, sizeof broken - 1, "good", &status);
	assert_int_equal(status, 422);
	assert_true(has_rejected(j, 2, ""));
	const char *msg = json_string_value(json_object_get(json_array_get(json_object_get(j, "rejected"), 0), "message"));
	assert_non_null(strstr(msg, "Line 2: a quoted cell is not closed"));
	json_decref(j);

	/* an empty body, and a header without rows */
	j = import_api(s, &leader, "", 0, NULL, &status);
	assert_int_equal(status, 422);
	json_decref(j);
	j = import_api(s, &leader, "given_name,family_name,birth_date,gender\r\n", 42, NULL, &status);
	assert_int_equal(status, 422);
	assert_true(has_rejected(j, 1, ""));
	json_decref(j);
}

/* ---- duplicates ---- */

static void
test_duplicates_in_file_and_register(void **state)
{
	struct server *s = *state;
	char nin1[12], nin2[12];
	make_nin(14, 4, 1981, nin1);
	make_nin(15, 5, 1982, nin2);
	char csv[1024];
	snprintf(csv, sizeof csv,
		 "given_name,family_name,nin,birth_date,gender\r\n"
		 "Karin,Kvam,%s,,female\r\n"
		 "Tone,Tangen,,1984-04-04,female\r\n", nin2);
	long status = 0;
	json_t *j = import_api(s, &leader, csv, strlen(csv), "all", &status);
	assert_int_equal(status, 200);
	assert_int_equal(jint(j, "imported"), 2);
	json_decref(j);

	snprintf(csv, sizeof csv,
		 "given_name,family_name,nin,birth_date,gender\r\n"
		 "Liv,Lie,%s,1981-04-14,female\r\n"       /* line 2 */
		 "Live,Lien,%s,,female\r\n"               /* line 3: the nin of line 2 */
		 "Karin,Kvamme,%s,,female\r\n"            /* line 4: the nin already registered */
		 "Tone,Tangen,,1984-04-04,female\r\n"     /* line 5: name and birth date registered */
		 "Mari,Moen,,1983-03-03,female\r\n"       /* line 6 */
		 "MARI,moen,,1983-03-03,female\r\n",      /* line 7: line 6 again */
		 nin1, nin1, nin2);
	j = import_api(s, &leader, csv, strlen(csv), "all", &status);
	assert_int_equal(status, 422);
	assert_int_equal(jint(j, "read"), 6);
	assert_int_equal(jint(j, "imported"), 0);
	assert_true(has_rejected(j, 3, "nin"));
	assert_true(has_rejected(j, 4, "nin"));
	assert_true(has_rejected(j, 5, "birth_date"));
	assert_true(has_rejected(j, 7, "birth_date"));
	assert_false(has_rejected(j, 2, "nin"));
	assert_false(has_rejected(j, 6, "birth_date"));
	json_t *first = json_array_get(json_object_get(j, "rejected"), 0);
	assert_non_null(strstr(json_string_value(json_object_get(first, "message")), "line 2 of this file"));
	json_decref(j);
	assert_false(leader_register_has(s, ",Lie,"));
	assert_false(leader_register_has(s, "Moen"));

	/* the page links a register duplicate to the record */
	struct http_res res;
	import_form(s, &leader, csv, false, &res);
	assert_int_equal(res.status, 422);
	assert_true(res_contains(&res, "already registered"));
	char link[64];
	snprintf(link, sizeof link, "<a href=\"/participants/%ld\">", participant_id(s, "Tangen"));
	assert_true(res_contains(&res, link));
	http_res_free(&res);
}

/* ---- what Norwegian Excel writes ---- */

static void
test_semicolons_with_bom(void **state)
{
	struct server *s = *state;
	static const char csv[] =
		"\xEF\xBB\xBFgiven_name;family_name;birth_date;gender;languages;children;city\r\n"
		"Nasra;Nuur;1988-03-14;female;\"Somali, Arabic\";\"2012-05-01, 2016-11-20\";\"T\xC3\xB8nsberg\"\r\n"
		";;;;;;\r\n"
		"\r\n";
	long status = 0;
	json_t *j = import_api(s, &leader, csv, sizeof csv - 1, "all", &status);
	assert_int_equal(status, 200);
	assert_int_equal(jint(j, "read"), 1);
	assert_int_equal(jint(j, "imported"), 1);
	assert_int_equal(json_array_size(json_object_get(j, "rejected")), 0);
	json_decref(j);
	assert_true(leader_register_has(s, ",Nuur,Nasra,1988-03-14,Female,"));
	assert_true(leader_register_has(s, ",T\xC3\xB8nsberg\r\n"));

	/* a Windows-1252 file gets a clear answer, not a garbled import */
	static const char cp1252[] =
		"given_name;family_name;birth_date;gender\r\n"
		"\xC5se;\xD8stby;1990-01-01;female\r\n";
	j = import_api(s, &leader, cp1252, sizeof cp1252 - 1, "all", &status);
	assert_int_equal(status, 422);
	const char *msg = json_string_value(json_object_get(json_array_get(json_object_get(j, "rejected"), 0), "message"));
	assert_non_null(strstr(msg, "Line 2: the text is not UTF-8"));
	json_decref(j);
}

/* ---- size ---- */

static void
test_oversized_file_is_413(void **state)
{
	struct server *s = *state;
	size_t len = 1100 * 1024;
	char *csv = malloc(len + 1);
	assert_non_null(csv);
	memcpy(csv, "given_name,family_name,birth_date,gender\r\n", 42);
	for (size_t i = 42; i < len; i++)
		csv[i] = (i % 40 == 39) ? '\n' : 'x';
	csv[len] = '\0';
	long status = 0;
	json_t *j = import_api(s, &leader, csv, len, "all", &status);
	assert_int_equal(status, 413);
	/* the API's answer is its JSON error, as every other */
	json_t *err = json_object_get(j, "error");
	assert_non_null(err);
	assert_string_equal(json_string_value(json_object_get(err, "code")), "too_large");
	assert_string_equal(json_string_value(json_object_get(err, "message")), "The request is larger than the server accepts.");
	json_decref(j);
	struct http_res res;
	import_form(s, &leader, csv, false, &res);
	assert_int_equal(res.status, 413);
	http_res_free(&res);
	free(csv);
	assert_false(leader_register_has(s, "xxxxxxxx"));
}

/* ---- export ---- */

static void
test_export_csv(void **state)
{
	struct server *s = *state;
	static const char csv[] =
		"given_name,family_name,birth_date,gender,city,phone,bank_account,email\r\n"
		"Ola,Olsen,1970-07-07,male,=1+2,91234567,12345678903,\"ola@example.no\"\r\n"
		"Per,\"Pettersen, jr.\",1971-08-08,male,Oslo,,,\r\n";
	long status = 0;
	json_t *j = import_api(s, &leader, csv, sizeof csv - 1, "all", &status);
	assert_int_equal(status, 200);
	assert_int_equal(jint(j, "imported"), 2);
	json_decref(j);

	json_int_t exports = audit_total(s, "participant.export", NULL, 0);
	struct http_res res;
	export_csv(s, &leader, &res);
	assert_string_equal(res_header(&res, "Content-Type"), "text/csv; charset=utf-8");
	const char *disp = res_header(&res, "Content-Disposition");
	assert_non_null(disp);
	assert_non_null(strstr(disp, "attachment; filename=\"participants-"));
	assert_non_null(strstr(disp, ".csv\""));
	assert_string_equal(res_header(&res, "Cache-Control"), "no-store");
	/* a BOM, then the header row */
	static const char head[] = "\xEF\xBB\xBFParticipant no.,Family name,Given name,Birth date,Gender,"
				   "Country of birth,Status,Contact person,Phone,E-mail,Postcode,City\r\n";
	assert_true(res.body_len > sizeof head - 1);
	assert_memory_equal(res.body, head, sizeof head - 1);
	/* a formula is defused, a comma quoted, no bank account */
	assert_true(res_contains(&res, ",Olsen,Ola,1970-07-07,Male,,Registered,,'+4791234567,ola@example.no,,'=1+2\r\n"));
	assert_true(res_contains(&res, ",\"Pettersen, jr.\",Per,"));
	assert_false(res_contains(&res, "12345678903"));
	http_res_free(&res);
	char rec[32];
	assert_int_equal(audit_total(s, "participant.export", rec, sizeof rec), exports + 1);
	assert_true(atoi(rec) >= 2);

	assert_int_equal(http_get(s, "/participants/export?format=pdf", leader.cookie, &res), 0);
	assert_int_equal(res.status, 400);
	assert_true(res_contains(&res, "The export format must be csv or xlsx"));
	http_res_free(&res);
}

static void
test_export_xlsx(void **state)
{
	struct server *s = *state;
	struct http_res res;
	assert_int_equal(http_get(s, "/participants/export?format=xlsx", leader.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_string_equal(res_header(&res, "Content-Type"),
			    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
	assert_non_null(strstr(res_header(&res, "Content-Disposition"), ".xlsx\""));
	assert_true(res.body_len > 1000);
	assert_memory_equal(res.body, "PK\x03\x04", 4);
	http_res_free(&res);
	/* the temporary folder and file are gone */
	assert_int_equal(tmpdir_entries(), 0);
}

/* A contact person's export holds their own caseload and nobody else. */
static void
test_contact_exports_own_caseload(void **state)
{
	struct server *s = *state;
	static const char csv[] =
		"given_name,family_name,birth_date,gender\r\n"
		"Rita,Rasmussen,1975-05-05,female\r\n"
		"Siri,Solberg,1976-06-06,female\r\n";
	long status = 0;
	json_t *j = import_api(s, &leader, csv, sizeof csv - 1, "all", &status);
	assert_int_equal(status, 200);
	json_decref(j);

	long rita = participant_id(s, "Rasmussen");
	assert_true(rita > 0);
	make_contact_person(s, rita);

	struct http_res res;
	export_csv(s, &contact, &res);
	assert_true(res_contains(&res, ",Rasmussen,Rita,1975-05-05,Female,"));
	assert_true(res_contains(&res, ",Kari Contact,"));
	assert_false(res_contains(&res, "Solberg"));
	assert_false(res_contains(&res, "Olsen"));
	assert_false(res_contains(&res, "Dahl"));
	/* the header and one row */
	assert_int_equal(lines_of(&res), 2);
	http_res_free(&res);

	/* the leader sees both */
	assert_true(leader_register_has(s, "Solberg"));
	assert_true(leader_register_has(s, ",Rasmussen,Rita,1975-05-05,Female,"));
}

/* GET path as sess: 200, a CSV (body owned by res). */
static void
export_get(const struct server *s, const struct session *sess, const char *path, struct http_res *res)
{
	assert_int_equal(http_get(s, path, sess->cookie, res), 0);
	assert_int_equal(res->status, 200);
	assert_string_equal(res_header(res, "Content-Type"), "text/csv; charset=utf-8");
}

/* The export takes the list's filter — the search words, the status —
 * and the list's links carry it; a bad status is the list's error; the
 * audit entry says which filter; a contact person's filtered export is
 * still only their own. */
static void
test_export_takes_the_lists_filter(void **state)
{
	struct server *s = *state;
	static const char csv[] =
		"given_name,family_name,birth_date,gender\r\n"
		"Frida,Filterud,1981-01-01,female\r\n"
		"Fredrik,Filterud,1982-02-02,male\r\n"
		"Gro,Grimstad,1983-03-03,female\r\n";
	long status = 0;
	json_decref(import_api(s, &leader, csv, sizeof csv - 1, "all", &status));
	assert_int_equal(status, 200);
	/* Fredrik is referred */
	char path[160];
	snprintf(path, sizeof path, "/api/v1/participants/%ld/referrals", participant_id(s, "Filterud,Fredrik"));
	json_decref(leader_post(s, path,
				"{\"source\":\"nav\",\"referred_on\":\"2026-01-05\",\"referrer\":\"NAV\","
				"\"reason\":\"Wants work\",\"planned_start\":\"2026-02-01\",\"in_qualification\":false,"
				"\"in_introduction\":false,\"lawful_residence\":true}", 201));

	/* the list's export links carry its filter; unfiltered, the register */
	struct http_res res;
	assert_int_equal(http_get(s, "/participants?q=filterud&status=referred", leader.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "Export the participants listed:"));
	assert_true(res_contains(&res, "href=\"/participants/export?format=xlsx&amp;q=filterud&amp;status=referred\""));
	assert_true(res_contains(&res, "href=\"/participants/export?format=csv&amp;q=filterud&amp;status=referred\""));
	http_res_free(&res);
	assert_int_equal(http_get(s, "/participants?q=Filterud%2C%20Frida", leader.cookie, &res), 0);
	assert_true(res_contains(&res, "href=\"/participants/export?format=csv&amp;q=Filterud%2C%20Frida\""));
	http_res_free(&res);
	assert_int_equal(http_get(s, "/participants", leader.cookie, &res), 0);
	assert_true(res_contains(&res, "Export the register:"));
	assert_true(res_contains(&res, "href=\"/participants/export?format=csv\""));
	assert_false(res_contains(&res, "Export the participants listed:"));
	http_res_free(&res);

	/* the search: both Filteruds, in name order, no one else */
	json_int_t exports = audit_total(s, "participant.export", NULL, 0);
	char rec[64];
	export_get(s, &leader, "/participants/export?format=csv&q=filterud", &res);
	assert_int_equal(lines_of(&res), 3);
	assert_true(res_contains(&res, ",Filterud,Fredrik,1982-02-02,Male,,Referred,"));
	assert_true(res_contains(&res, ",Filterud,Frida,1981-01-01,Female,,Registered,"));
	assert_true(strstr(res.body, "Fredrik") < strstr(res.body, "Frida"));
	http_res_free(&res);
	assert_int_equal(audit_total(s, "participant.export", rec, sizeof rec), exports + 1);
	assert_string_equal(rec, "2 search");
	/* the search and the status */
	export_get(s, &leader, "/participants/export?format=csv&q=filterud&status=referred", &res);
	assert_int_equal(lines_of(&res), 2);
	assert_true(res_contains(&res, ",Filterud,Fredrik,"));
	http_res_free(&res);
	assert_int_equal(audit_total(s, "participant.export", rec, sizeof rec), exports + 2);
	assert_string_equal(rec, "1 search status=referred");
	/* the status alone: the only one referred in this register */
	export_get(s, &leader, "/participants/export?format=csv&status=referred", &res);
	assert_int_equal(lines_of(&res), 2);
	assert_true(res_contains(&res, ",Filterud,Fredrik,"));
	http_res_free(&res);
	assert_int_equal(audit_total(s, "participant.export", rec, sizeof rec), exports + 3);
	assert_string_equal(rec, "1 status=referred");

	/* a bad status: the list's own error, and nothing exported */
	assert_int_equal(http_get(s, "/participants?status=gone", leader.cookie, &res), 0);
	assert_int_equal(res.status, 400);
	assert_true(res_contains(&res, "Unknown status."));
	http_res_free(&res);
	assert_int_equal(http_get(s, "/participants/export?format=xlsx&q=filterud&status=gone", leader.cookie, &res),
			 0);
	assert_int_equal(res.status, 400);
	assert_true(res_contains(&res, "Unknown status."));
	assert_null(res_header(&res, "Content-Disposition"));
	http_res_free(&res);
	assert_int_equal(audit_total(s, "participant.export", NULL, 0), exports + 3);

	/* a contact person's filtered export: their own among the matches */
	make_contact_person(s, participant_id(s, "Filterud,Frida"));
	export_get(s, &contact, "/participants/export?format=csv&q=filterud", &res);
	assert_int_equal(lines_of(&res), 2);
	assert_true(res_contains(&res, ",Filterud,Frida,1981-01-01,Female,,Registered,Kari Contact,"));
	http_res_free(&res);
	export_get(s, &contact, "/participants/export?format=csv&q=filterud&status=referred", &res);
	assert_int_equal(lines_of(&res), 1);
	http_res_free(&res);
}

/* The export's lines without their first column (the participant no.,
 * which another register gives anew), malloc'd. */
static char *
without_numbers(const char *body)
{
	char *out = malloc(strlen(body) + 1);
	assert_non_null(out);
	size_t n = 0;
	for (const char *line = body; *line;) {
		const char *end = strchr(line, '\n');
		end = end != NULL ? end + 1 : line + strlen(line);
		const char *comma = memchr(line, ',', (size_t)(end - line));
		const char *from = line == body || comma == NULL ? line : comma;
		memcpy(out + n, from, (size_t)(end - from));
		n += (size_t)(end - from);
		line = end;
	}
	out[n] = '\0';
	return out;
}

/* A register exported in lang (as the leader's list filtered to the
 * Rundturs) and imported into an empty register gives the same
 * participants there: its headings, choices and guarded cells read back. */
static void
round_trip(const struct server *s, const char *lang, const char *heading)
{
	assert_int_equal(session_set_lang(s, &leader, lang), 0);
	struct http_res res;
	export_get(s, &leader, "/participants/export?format=csv&q=rundtur", &res);
	assert_int_equal(lines_of(&res), 4);
	assert_memory_equal(res.body, heading, strlen(heading));
	char *exported = without_numbers(res.body);

	struct server empty;
	struct session there;
	assert_int_equal(server_start(&empty, NULL), 0);
	assert_int_equal(cli_user_add(&empty, LEADER, "Lena Leader", "leader", PASSWORD), 0);
	assert_int_equal(sign_in(&empty, LEADER, PASSWORD, &there), 0);
	assert_int_equal(session_set_lang(&empty, &there, lang), 0);
	long status = 0;
	json_t *j = import_api(&empty, &there, res.body, res.body_len, "all", &status);
	http_res_free(&res);
	if (status != 200)
		fprintf(stderr, "import in %s: %s\n", lang, json_dumps(j, 0));
	assert_int_equal(status, 200);
	assert_int_equal(jint(j, "imported"), 3);
	json_decref(j);
	export_get(&empty, &there, "/participants/export?format=csv", &res);
	char *again = without_numbers(res.body);
	http_res_free(&res);
	assert_string_equal(again, exported);
	free(again);
	free(exported);
	assert_int_equal(server_stop(&empty), 0);
}

/* The export's file imports back into an empty register, in Bokmål and
 * in English: the same participants, field for field. */
static void
test_export_imports_back(void **state)
{
	struct server *s = *state;
	static const char csv[] =
		"given_name,family_name,birth_date,gender,country_of_birth,phone,email,postcode,city\r\n"
		"Rune,Rundtur,1970-01-02,male,Somalia,91234567,rune@example.no,0150,Oslo\r\n"
		"Randi,Rundtur,1971-03-04,female,Eritrea,+46701234567,,5003,=1+2\r\n"
		"Ragna,\"Rundtur, d.y.\",1972-05-06,other,,,,,\r\n";
	long status = 0;
	json_decref(import_api(s, &leader, csv, sizeof csv - 1, "all", &status));
	assert_int_equal(status, 200);
	round_trip(s, "nb", "\xEF\xBB\xBF" "Deltakernr.,Etternavn,Fornavn,F\xC3\xB8" "dselsdato,Kj\xC3\xB8nn,"
		   "F\xC3\xB8" "deland,Status,Kontaktperson,Telefon,E-post,Postnummer,Poststed\r\n");
	round_trip(s, "en", "\xEF\xBB\xBFParticipant no.,Family name,Given name,Birth date,Gender,"
		   "Country of birth,Status,Contact person,Phone,E-mail,Postcode,City\r\n");
	/* the Bokmål file said the choices in Bokmål */
	assert_int_equal(session_set_lang(s, &leader, "nb"), 0);
	struct http_res res;
	export_get(s, &leader, "/participants/export?format=csv&q=rundtur", &res);
	assert_true(res_contains(&res, ",Rundtur,Randi,1971-03-04,Kvinne,Eritrea,Registrert,,'+46701234567,,5003,'=1+2\r\n"));
	http_res_free(&res);
	assert_int_equal(session_set_lang(s, &leader, "en"), 0);
}

/* Headings written in capitals, Æ, Ø and Å among them, name the same
 * columns as the export's Bokmål headings: "FØDSELSDATO" is the birth
 * date, and a choice in capitals ("KVINNE") is the choice. */
static void
test_headings_in_capitals(void **state)
{
	struct server *s = *state;
	static const char csv[] = "ETTERNAVN,FORNAVN,F\xC3\x98" "DSELSDATO,KJ\xC3\x98" "NN,F\xC3\x98" "DELAND\r\n"
				  "Storbokstav,Siri,1980-07-08,KVINNE,Eritrea\r\n";
	long status = 0;
	json_t *j = import_api(s, &leader, csv, sizeof csv - 1, "all", &status);
	if (status != 200)
		fprintf(stderr, "import: %s\n", json_dumps(j, 0));
	assert_int_equal(status, 200);
	assert_int_equal(jint(j, "imported"), 1);
	json_decref(j);
	assert_int_equal(session_set_lang(s, &leader, "en"), 0);
	struct http_res res;
	export_get(s, &leader, "/participants/export?format=csv&q=storbokstav", &res);
	assert_true(res_contains(&res, ",Storbokstav,Siri,1980-07-08,Female,Eritrea,Registered,"));
	http_res_free(&res);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_import_page_explains_the_format),
		cmocka_unit_test(test_contact_person_cannot_import),
		cmocka_unit_test(test_import_without_a_file),
		cmocka_unit_test(test_excel_file_is_explained),
		cmocka_unit_test(test_one_bad_row_imports_nothing),
		cmocka_unit_test(test_good_rows_option_imports_the_rest),
		cmocka_unit_test(test_api_all_or_nothing_and_good),
		cmocka_unit_test(test_bad_header_is_refused_whole),
		cmocka_unit_test(test_duplicates_in_file_and_register),
		cmocka_unit_test(test_semicolons_with_bom),
		cmocka_unit_test(test_oversized_file_is_413),
		cmocka_unit_test(test_export_csv),
		cmocka_unit_test(test_export_xlsx),
		cmocka_unit_test(test_contact_exports_own_caseload),
		cmocka_unit_test(test_export_takes_the_lists_filter),
		cmocka_unit_test(test_export_imports_back),
		cmocka_unit_test(test_headings_in_capitals),
	};
	return harness_status(cmocka_run_group_tests(tests, setup, teardown));
}
