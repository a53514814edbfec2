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
	const char *action;        /* exact, or a prefix ending in '.'; "" = any */
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

/* The rule of the filters: to is not before from. Adds to e under "to";
 * true when there is nothing to add. */
bool audit_query_check(const struct audit_query *q, struct field_errors *e);

#endif
