/*
 * case.h — INTERNAL to src/web/: what every case-record page shares.
 *
 * case_participant() is the one access check for a participant's records:
 * the route already checked the role (routes.c); here the scope is applied
 * to the record. SCOPE_ALL sees every participant; SCOPE_OWN only those
 * whose current contact person is the user. A refusal is a 403 (HTML or
 * JSON by route) and an audit entry naming the participant.
 */
#ifndef SC_WEB_CASE_H
#define SC_WEB_CASE_H

#include "domain/date.h"
#include "domain/participant.h"
#include "http.h"

/* case_participant() answered the request itself (404 or 403). */
#define CASE_ANSWERED 1

/*
 * Loads the participant whose id is the text id_text (usually req_param(r, 0))
 * and checks the user's scope for (res, act) on it. Returns 0 with *out
 * filled; CASE_ANSWERED when it sent 404 (no such participant, or a
 * malformed id) or 403 (audited as "participant.denied"); or a negative SC_
 * code. Use as:
 *     rc = case_participant(r, req_param(r, 0), RES_WORKPLANS, ACT_WRITE, &p);
 *     if (rc != SC_OK) return rc == CASE_ANSWERED ? H_DONE : rc;
 */
int case_participant(struct req *r, const char *id_text, enum resource res, enum action act,
		     struct participant_brief *out);

/* True when the user may (res, act) this participant (scope on the record),
 * without answering: for deciding which links and buttons to show. */
bool case_allows(const struct req *r, const struct participant_brief *p, enum resource res,
		 enum action act);

/* The heading of every participant page: the name, status and the tabs the
 * user may open (overview, intake, enrolment, contact person, work plan,
 * follow-up, health notes), with current marked. current is the tab's path
 * suffix: "", "intake", "enrolment", "contact", "plan", "meetings", "health". */
void case_header(struct req *r, const struct participant_brief *p, const char *current);

/* "Family, Given" for headings and lists (arena). */
const char *case_name(struct req *r, const char *given, const char *family);

/* Today's date in the server's time zone. */
struct date case_today(void);

/* True when the contact person can take no one more (caseload_can_assign,
 * the rule the store enforces on every assignment). */
bool case_contact_full(const struct contact_choice *c);

/* "Kari Nordmann (12 of 18)", or "(18 of 18, full)" (arena, translated). */
const char *case_contact_label(struct req *r, const struct contact_choice *c);

/* Writes a planned next meeting (YYYY-MM-DD; NULL or "" writes a dash).
 * When it is the latest meeting's plan and passed (followup_overdue), an
 * "Overdue" badge and "no meeting logged since" follow the date: in words,
 * not in colour alone. */
void case_next_meeting(struct req *r, const char *next_meeting, bool latest);

/* The participant_validate() flags of this installation: PV_ALLOW_SYNTHETIC
 * when the register holds the demo centre (decision 26), else 0. A failed
 * read counts as not a demo. */
unsigned case_participant_flags(struct req *r);
/* Formats a date as YYYY-MM-DD into the arena. */
const char *case_date_text(struct req *r, struct date d);
/* "%lld" of an id, in the arena. */
const char *case_id(struct req *r, int64_t id);

/* Copies the domain's field errors into a form's errors (translated). */
void case_form_errors(struct req *r, const struct field_errors *fe, struct form_errors *e);
/* The form's errors as a JSON object {"field":"reason"} (new reference). */
json_t *case_errors_json(const struct form_errors *e);
/* Answers 422 {"error":{"code":"invalid","message":...,"fields":{...}}}. */
int case_api_invalid(struct req *r, const struct form_errors *e);

/*
 * For JSON bodies: false (and answers 400) unless r->json is an object
 * whose keys are all in known (NULL-terminated); unknown keys are named in
 * the error's fields.
 */
bool case_api_body(struct req *r, const char *const *known, int *rc);
/* A string member of the JSON body as writable arena text ("" when absent,
 * NULL when present but not a string, number or boolean; numbers are
 * written in decimal, booleans as "yes"/"no"). */
char *case_json_text(struct req *r, const char *key);

/* The API's paging parameters (?page, ?per_page up to 200); false (and
 * answers 400) when they are wrong. */
bool api_paging(struct req *r, int64_t *page, int64_t *per_page, int *rc);
/* {"items":items,"page":..,"per_page":..,"total":..}; items is stolen. */
json_t *api_page_json(json_t *items, int64_t page, int64_t per_page, int64_t total);

#endif
