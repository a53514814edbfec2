/*
 * form.h — INTERNAL to src/web/: declared fields (domain/field.h) in and
 * out of a request.
 *
 * In: input_read() fills a record from the request, as an urlencoded form
 * or a JSON object as the request says, with the type each field declares
 * — a JSON member of another type is refused naming the type expected,
 * and unknown members are refused — so a command receives typed values
 * only.
 *
 * Out: form_fields() writes the controls of a form (label, hint, the error
 * beside its field tied by aria-describedby, the value typed kept after an
 * error); record_json() the JSON of a record; record_dl() its rows in a
 * description list; field_shown() one value as a page shows it.
 */
#ifndef SC_WEB_FORM_H
#define SC_WEB_FORM_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/field.h"
#include "http.h"

/* How a form shows one field beyond its declaration. */
struct field_ui {
	const char *key;
	const char *control;        /* "email", "tel", "search", "number", "radio", "checkbox";
				     * NULL: by type */
	const char *autocomplete;   /* NULL: "off" */
	int rows;                   /* text areas; 0 = 4 */
	/* FT_ID choices, given by the page (ids as text and their labels) */
	const char *const *choice_keys;
	const char *const *choice_labels;
	size_t nchoices;
	const char *empty;          /* msgid of the first, empty choice; NULL: "Choose…" */
	/* FT_SET: the options (by bit) not offered, unless the record or the
	 * posted form already holds them */
	uint32_t hide_options;
};

/* Translates the domain's field errors (with their numbers) into e. */
void form_errors_from(struct req *r, const struct field_errors *fe, struct form_errors *e);

/* Puts e in the order of the fields of fs (a stable sort; keys fs does not
 * declare keep their order, after the others): errors read from a request
 * and those of a command's rules are shown as one list, field by field. */
void form_errors_order(struct form_errors *e, struct fields fs);

/*
 * Reads the record from the request body: the form fields or the JSON
 * members named by the fields (FF_OUT ones are not read; extra lists more
 * keys the caller reads itself, NULL-terminated, may be NULL). Errors of
 * type and limits go into e, translated; members of the wrong JSON type
 * are all that is read then (e->mistyped). Returns true when the body could
 * be read (e may still hold errors); false when it answered the request
 * itself (400: not a JSON object, or members no field declares) with *rc
 * the handler's result.
 *
 * A JSON member must have its field's JSON type: text for LINE, TEXT,
 * DATE and ENUM; a whole number for INT, ID and MONEY (øre); true or false
 * for BOOL; a list of option keys for SET; a list for LIST (of values for
 * one-field items, else of objects). null, or a member left out, is "not
 * given" (for an update, the caller starts from the stored record and only
 * members sent change: see input_read_update()); a required field has no
 * null: null there is not of its type.
 */
bool input_read(struct req *r, struct fields fs, void *rec, const char *const *extra,
		struct form_errors *e, int *rc);

/* As input_read(), for a change of a stored record: rec holds the stored
 * values and only what the request sends changes (a form sends every
 * field, JSON only the members it changes). */
bool input_read_update(struct req *r, struct fields fs, void *rec, const char *const *extra,
		       struct form_errors *e, int *rc);

/*
 * As input_read() (update: as input_read_update()), for a command that
 * adds its own rules' errors to those of the reading: the errors of the
 * values — not of their type, the field's limits or parser, required
 * fields — go untranslated into values, to be handed to the command; only
 * the JSON type errors, which stop the reading before any value is set,
 * go into types (translated). So types->n > 0 means a body of the wrong
 * types, and values the rest.
 */
bool input_read_values(struct req *r, struct fields fs, void *rec, const char *const *extra, bool update,
		       struct field_errors *values, struct form_errors *types, int *rc);

/* Reads the record from the query string (filters of a list): each field
 * by its key as form text; errors of type and limits go into e,
 * translated. Unknown parameters are left alone. */
void input_read_query(struct req *r, struct fields fs, void *rec, struct form_errors *e);

/* The form value of a field: what was posted when posted, else the
 * record's value as text (arena). */
const char *form_value(struct req *r, const struct field *f, const void *rec, bool posted);

/* Writes the control of one field with its label, hint and error. ui may
 * be NULL. posted: show what the request sent rather than rec. */
void form_field(struct req *r, const struct field *f, const void *rec, bool posted,
		const struct field_ui *ui, const struct form_errors *e);

/* Writes every field of fs that is not FF_OUT, in order; uis (may be
 * NULL) gives the shape of some of them, by key, ending with {NULL}. */
void form_fields(struct req *r, struct fields fs, const void *rec, bool posted,
		 const struct field_ui *uis, const struct form_errors *e);

/* A value as a page shows it (translated option labels, money with kroner,
 * "Yes"/"No", list items separated by commas); "" when not given. */
const char *field_shown(struct req *r, const struct field *f, const void *rec);

/* The record as a JSON object with the fields whose part is in parts (a
 * field with no part, -1, always; FF_SECRET never). Dates as "YYYY-MM-DD",
 * money in øre, enums as keys, not given as null. NULL when out of memory. */
json_t *record_json(struct fields fs, const void *rec, uint32_t parts);

/* As record_json(), with a line or text that is not given as "" rather
 * than null: for the resources whose JSON has always had "" there. */
json_t *record_json_texts(struct fields fs, const void *rec, uint32_t parts);

/* <dt>label</dt><dd>value</dd> for the fields whose part is in parts. */
void record_dl(struct req *r, struct fields fs, const void *rec, uint32_t parts);

/* All parts: for records that are not a participant's. */
#define PARTS_ALL 0xFFFFFFFFu

#endif
