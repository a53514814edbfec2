/*
 * api.h — the requests most HTTP tests make as a signed-in user: JSON to
 * and from /api/v1/ and forms with the session's CSRF token, on the server
 * the session signed in to (struct session's server), and the few readings
 * of a JSON answer they share. Every function fails the test (cmocka) when
 * no HTTP answer came; the status is the caller's to check, except where
 * a function says it asserts one (user_id, api_total, api_audit_count,
 * post_ok, api_participant).
 *
 * Included only by the tests that use it: several other tests keep static
 * helpers of the same names with other signatures.
 */
#ifndef SC_TESTS_HTTP_API_H
#define SC_TESTS_HTTP_API_H

#include <jansson.h>

#include "harness.h"

/* Today plus days (negative: before) in the local time zone, which is the
 * server's, as YYYY-MM-DD. */
void date_offset(int days, char out[11]);

/* POSTs json as the session (its cookie and X-CSRF-Token). Returns the
 * status; out (may be NULL) gets the JSON answer (the caller frees; NULL
 * when the body is not JSON). */
long api_send_json(const struct session *sess, const char *path, const char *json, json_t **out);

/* GETs path as the session; the status, and the JSON answer in out as
 * api_send_json(). */
long api_get(const struct session *sess, const char *path, json_t **out);

/* POSTs an urlencoded form as the session: "csrf=TOKEN", then "&" and body
 * unless body is "". res is the caller's to free (http_res_free). */
void post_form(const struct session *sess, const char *path, const char *body, struct http_res *res);

/* The integer member key of j; fails the test (naming key and j) when
 * there is none. */
long long json_id(json_t *j, const char *key);

/* The string member key of j, or "" when there is none. */
const char *json_str(json_t *j, const char *key);

/* The message of field in a refused answer {"error":{"fields":{...}}}, or
 * "" when it names no such field. */
const char *field_error(json_t *j, const char *field);

/* The id of the session's user (GET /api/v1/me, 200 asserted). */
long long user_id(const struct session *sess);

/* The "total" of a list (GET path, 200 asserted). */
long long api_total(const struct session *sess, const char *path);

/* The number of audit entries of action on record_id, as read by admin
 * (GET /api/v1/audit, 200 asserted). */
int api_audit_count(const struct session *admin, const char *action, const char *record_id);

/* POSTs body to path; fails the test unless the status is want. Returns
 * the answer's "id", or 0 when it has none. */
long long post_ok(const struct session *sess, const char *path, const char *body, long want);

/* A participant registered by the leader (given and family name, born
 * 1988-04-02, female) and, when contact_id > 0, put in that contact
 * person's caseload. Returns the participant's id; fails the test when a
 * request is refused. */
long long api_participant(const struct session *leader, const char *given, const char *family,
			  long long contact_id);

/* The fields of a refused answer ({"error":{"fields":F}}: F), or NULL. */
/* Starts a programme period of participant pid from start (YYYY-MM-DD),
 * as the leader (asserting): a group place is for someone in the
 * programme. */
void api_in_programme(const struct session *leader, long long pid, const char *start);

json_t *err_fields(json_t *j);

/* ---- activity groups (test_activities, test_activity_changes) ---- */

/* A group made by the leader: of the conversation type, every day of the
 * week 09:00-11:00 from `from` to `to`, taught by teacher. Returns its id,
 * or the status negated when refused (the answer then in err when not
 * NULL, the caller frees). */
long long make_group(const struct session *leader, const char *name, long long teacher, int capacity,
		     const char *from, const char *to, json_t **err);

/* POSTs {body_rest} to the participant's groups as sess: the status, and
 * the answer in out as api_send_json(). */
long enrol_json(const struct session *sess, long long pid, const char *body_rest, json_t **out);

#endif
