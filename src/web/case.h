/*
 * case.h — INTERNAL to src/web/: what every case-record page shares.
 *
 * The one access check for a participant's records is app_participant()
 * (src/app/app.h), asked by req_participant() (resource.h): the route
 * already checked the role (routes.c); there the user's working
 * relationship to the participant decides which parts of the record they
 * may read or write (domain/access.h, access_participant_parts). A
 * participant the user may not see answers 404, exactly as one that does
 * not exist, so ids cannot be probed; the denial is still audited as
 * "access.denied" naming the participant. case_parts() and case_allows()
 * below decide which sections, links and buttons a page shows.
 */
#ifndef SC_WEB_CASE_H
#define SC_WEB_CASE_H

#include "domain/date.h"
#include "domain/participant.h"
#include "http.h"

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

/* Formats a date as YYYY-MM-DD into the arena. */
const char *case_date_text(struct req *r, struct date d);
/* "%lld" of an id, in the arena. */
const char *case_id(struct req *r, int64_t id);

/* True when a and b are the same text but for \r and white space at the
 * ends (what a browser sends back of what it was given); NULL is "". */
bool case_same_text(const char *a, const char *b);

/* Copies the domain's field errors into a form's errors (translated). */
void case_form_errors(struct req *r, const struct field_errors *fe, struct form_errors *e);
/* The form's errors as a JSON object {"field":"reason"} (new reference). */
json_t *case_errors_json(const struct form_errors *e);
/* Answers 422 {"error":{"code":"invalid","message":...,"fields":{...}}}. */
int case_api_invalid(struct req *r, const struct form_errors *e);

/*
 * The JSON type an API body member must have. Each resource declares its
 * members once, in a table of struct api_field; case_api_body() checks a
 * whole body against it before the handler reads anything, so a handler
 * sees only members of the declared type. Formats and ranges (a date's
 * YYYY-MM-DD, a version from 1) are the validators' to check.
 */
enum api_type {
	API_STRING,    /* text */
	API_INTEGER,   /* a whole number */
	API_BOOLEAN,   /* true or false */
	API_DATE,      /* text: a date, YYYY-MM-DD */
	API_STRINGS,   /* a list of texts */
	API_DATES,     /* a list of texts, each a date */
	API_VERSION,   /* a whole number: the version that was read */
	API_ID,        /* a whole number: a record's id */
	API_IDS,       /* a list of ids */
	API_OBJECT,    /* an object whose members are declared in members */
	API_OBJECTS,   /* a list of such objects */
};

/* One member of a JSON body. A table ends with {NULL}. */
struct api_field {
	const char *key;       /* the member's name; "*" in members: any name */
	enum api_type type;
	bool nullable;         /* null is accepted: the field is cleared or takes its default */
	const struct api_field *members;   /* API_OBJECT(S): the members of each object */
};

/* The translated "Must be ..." message for a type (e.g. "Must be text."). */
const char *case_api_type_message(const struct req *r, enum api_type type);

/*
 * Checks r->json against fields plus extra (either may be NULL): false,
 * having answered, when it is not an object (400 "bad_request"), when it
 * has members neither declares (400 "unknown_fields", naming each), or when
 * a member has another type than declared (422 "invalid", naming every such
 * member and the type expected; members of objects in lists as
 * "steps[0].due_on"). True when the body may be read.
 */
bool case_api_body(struct req *r, const struct api_field *fields, const struct api_field *extra, int *rc);

/*
 * The text of a member case_api_body() checked, for validators that take
 * text, as writable arena text: dflt when absent or null, a string as it
 * is, a whole number in decimal, true/false as "yes"/"no". NULL only when
 * out of memory (or the member is of another type, which the check
 * refused).
 */
char *case_api_text(struct req *r, const char *key, const char *dflt);

/* A whole-number member case_api_body() checked: true with *out when it
 * is present and not null. */
bool case_api_int(const struct req *r, const char *key, int64_t *out);

/* The paging parameters' one rule, for the API and the pages alike: ?page a
 * whole number from 1 (at most PAGING_MAX_PAGE), ?per_page from 1 to
 * PAGING_MAX_PER_PAGE. *page is 1 and *per_page left as the caller set it
 * when not given. False when either is wrong, with a msgid for each wrong
 * one in *page_error, *per_page_error (NULL for a right one). */
#define PAGING_MAX_PAGE 10000000
#define PAGING_MAX_PER_PAGE 200
bool paging_read(struct req *r, int64_t *page, int64_t *per_page, const char **page_error,
		 const char **per_page_error);
/* The API's paging parameters (paging_read(), per_page 50 when not
 * given); false (and answers 400 naming each) when they are wrong. */
bool api_paging(struct req *r, int64_t *page, int64_t *per_page, int *rc);
/* An action that takes no input (delete, revoke, remove, approve): its
 * API body, when there is one, is an empty JSON object; any member is a
 * 400 "unknown_fields" naming each, and nothing is done (*rc, false). A
 * page's form is not checked. */
bool api_no_body(struct req *r, int *rc);
/* {"items":items,"page":..,"per_page":..,"total":..}; items is stolen. */
json_t *api_page_json(json_t *items, int64_t page, int64_t per_page, int64_t total);

#endif
