/*
 * plans_parts.h — INTERNAL to the work plan's pages: what plans.c (the
 * plan, its goals and evaluations) and plan_print.c (the saved versions and
 * the printable plan) share.
 */
#ifndef SC_WEB_PLANS_PARTS_H
#define SC_WEB_PLANS_PARTS_H

#include "http.h"
#include "form.h"
#include "domain/plan.h"

#include <stdbool.h>
#include <stdint.h>

/* A moment in local time as text (arena). */
const char *plan_when_text(struct req *r, int64_t t);

/* /participants/ID/plan followed by suffix (arena). */
const char *plan_path(struct req *r, int64_t participant_id, const char *suffix);

/* A value that may be missing: a dash when it is. */
void plan_date_cell(struct buf *o, const char *d);

/* A field's value as text, "" when not given. */
const char *plan_value_text(struct req *r, const struct field *f, const void *rec);

/* True for a field a form reads (not an output-only one). */
bool plan_is_input(const struct field *f);

/* The plan's text as a description list (read only, and old versions). */
void plan_dl(struct req *r, const struct work_plan *wp);

/* The notice that the participant has no current programme period. */
void plan_not_enrolled(struct req *r);

#endif
