/*
 * change.h — INTERNAL to src/web/: what the pages and API calls that
 * change a stored record with a version share, beyond form.h.
 *
 * A change names the version it was based on: a form's hidden "version"
 * (required), an API body's optional member "version" (left out: the
 * version as found). A page with several forms gives each form's fields a
 * prefix ("decline_reason" on the page, "reason" in the API): the declared
 * fields are the same, their keys on that form are the prefixed copy
 * change_fields() makes. An API call may leave out a member the form
 * always sends filled (a date that is today unless told otherwise):
 * change_json_default() gives it its value before the body is read.
 */
#ifndef SC_WEB_CHANGE_H
#define SC_WEB_CHANGE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/field.h"
#include "form.h"
#include "http.h"

/* The fields of fs with keys prefix + key, made once and kept for the
 * life of the program (fs itself when prefix is ""). */
struct fields change_fields(struct fields fs, const char *prefix);

/* Sets the JSON member key to the text value when the body leaves it out
 * or sends null; with value NULL, a null member is left out (a required
 * field the API has always taken null for: "This field is required."). Not
 * for a body that is not an object. */
void change_json_default(struct req *r, const char *key, const char *value);

/*
 * Reads a change into rec: from the form by change_fields(fs, prefix), or
 * from the JSON body by fs with the member "version" beside them (and the
 * members extra names, NULL-terminated, may be NULL, which the caller
 * reads); see input_read(). *version gets the version (0 when the API left
 * it out; -1 when a form sent none or not a whole number from 1: answer
 * 400). False when it answered the request (*rc).
 */
bool change_read(struct req *r, struct fields fs, const char *prefix, const char *const *extra, void *rec,
		 int64_t *version, struct form_errors *e, int *rc);

/* The domain's errors (translated) into a form's, each key with the prefix. */
void change_errors(struct req *r, const struct field_errors *fe, const char *prefix, struct form_errors *e);

/* record_json(fs, rec, PARTS_ALL) with lines and texts not given as ""
 * rather than null: this area's API has always sent them so. */
json_t *change_record_json(struct fields fs, const void *rec);

/* ---- the small writers of these pages ---- */

/* The hidden input "version" of a form. */
void change_version_input(struct req *r, int64_t version);
/* <form method="post" id="id" action="action" novalidate> with the CSRF input. */
void change_form_open(struct req *r, const char *id, const char *action);
/* The submit button (class "danger" when danger) and </form>. */
void change_form_end(struct req *r, const char *label, bool danger);
/* A column heading, a cell, a row of a record's <dl> ("–" when value is ""
 * or NULL; lines kept). Labels and values are shown as given. */
void change_th(struct req *r, const char *label);
void change_td(struct req *r, const char *text);
void change_dl(struct req *r, const char *label, const char *value);
/* An alert above the page's content (nothing when text is NULL). */
void change_alert(struct req *r, const char *text);
/* A moment as local time text (arena). */
const char *change_moment(struct req *r, int64_t t);

#endif
