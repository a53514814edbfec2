/*
 * audit.h — what a reader of the audit log may ask for: the filters of the
 * page and of its API twin, declared once (domain/field.h), and the one
 * rule the types do not hold (the end is not before the start).
 */
#ifndef SC_DOMAIN_AUDIT_H
#define SC_DOMAIN_AUDIT_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/date.h"
#include "domain/field.h"

/* The filters. Field keys (query string): user, action, record_type,
 * record_id, from, to, page, per_page. */
struct audit_query {
	const char *user;          /* exact username; "" = any */
	const char *action;        /* a code with a '.' inside, exact ("participant.update");
				    * a prefix ending in '.' ("participant."); or a code's
				    * first part, without a '.' ("participant"): every code of
				    * that part (audit_action_filter()); "" = any */
	const char *record_type;   /* "" = any */
	const char *record_id;     /* "" = any */
	struct date from;          /* the first day; {0} = no bound */
	struct date to;            /* the last day, included; {0} = no bound */
	int64_t page;              /* from 1; FIELD_NONE = 1 */
	int64_t per_page;          /* 1..200 (the API); FIELD_NONE = the default */
};

/* The page's filters, and the API's (with per_page). */
extern const struct fields audit_query_fields;
extern const struct fields audit_query_api_fields;

struct arena;
/* What the log's action filter (store.h, struct audit_filter) is given
 * for the action asked for: the action itself when it holds a '.' (a
 * code, exact, or a prefix ending in '.'), else the prefix of the part it
 * names ("participant" -> "participant.", arena): every code the product
 * writes has a '.', so such a word matched nothing before, and a reader
 * need not know the codes to find a part's entries. NULL for "" or NULL
 * (any action), or when out of memory. */
const char *audit_action_filter(const char *action, struct arena *a);

/* The rule of the filters: to is not before from. Adds to e under "to";
 * true when there is nothing to add. */
bool audit_query_check(const struct audit_query *q, struct field_errors *e);

#endif
