/*
 * case.h — INTERNAL to src/web/: what every case-record page shares.
 *
 * case_participant() is the one access check for a participant's records:
 * the route already checked the role (routes.c); here the user's working
 * relationship to the participant decides which parts of the record they
 * may read or write (domain/access.h, access_participant_parts). A
 * participant the user may not see answers 404, exactly as one that does
 * not exist, so ids cannot be probed; the denial is still audited as
 * "access.denied" naming the participant.
 */
#ifndef SC_WEB_CASE_H
#define SC_WEB_CASE_H

#include "domain/date.h"
#include "domain/participant.h"
#include "http.h"

/* case_participant() answered the request itself (404). */
#define CASE_ANSWERED 1

/*
 * Loads the participant whose id is the text id_text (usually req_param(r, 0))
 * and checks that the user may act (read or write) on every part in want
 * (PART_BIT set). Returns 0 with *out filled; CASE_ANSWERED when it sent
 * 404 (no such participant, a malformed id, or one the user may not see,
 * audited as "access.denied"); or a negative SC_ code. Use as:
 *     rc = case_participant(r, req_param(r, 0), PART_BIT(PART_PLAN), ACT_WRITE, &p);
 *     if (rc != SC_OK) return rc == CASE_ANSWERED ? H_DONE : rc;
 */
int case_participant(struct req *r, const char *id_text, uint32_t want, enum action act,
		     struct participant_brief *out);

/* The parts (PART_BIT set) the user may read or write of this participant,
 * for deciding which sections, links and buttons to show. */
uint32_t case_parts(const struct req *r, const struct participant_brief *p, enum action act);

/* True when the user may act on every part in want of this participant. */
bool case_allows(const struct req *r, const struct participant_brief *p, uint32_t want,
		 enum action act);

/* Which participants a list, search or export of the user shows when its
 * rows show the parts in want: the relationships of domain/access.h
 * (access_list_relations) for this user, today. */
struct participant_scope case_scope(struct req *r, uint32_t want);

/* The heading of every participant page: the name, status and the tabs the
 * user may open (overview, intake, enrolment, contact person, work plan,
 * follow-up, health notes), with current marked. current is the tab's path
 * suffix: "", "intake", "enrolment", "contact", "plan", "meetings", "health". */
void case_header(struct req *r, const struct participant_brief *p, const char *current);

/* "Family, Given" for headings and lists (arena). */
const char *case_name(struct req *r, const char *given, const char *family);

/* Today's date in the server's time zone. */
struct date case_today(void);
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
