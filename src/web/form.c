/*
 * form.c — declared fields in and out of a request; see form.h.
 */
#include "form.h"
#include "util/arena.h"
#include "util/err.h"

#include <stdio.h>
#include <string.h>

/* ---- errors ---- */

void
form_errors_from(struct req *r, const struct field_errors *fe, struct form_errors *e)
{
	for (int i = 0; i < fe->n; i++) {
		const char *text = T(r, fe->reason[i]);
		if (fe->text[i][0] != NULL)
			text = arena_printf(r->a, text, fe->text[i][0], fe->text[i][1], fe->text[i][2]);
		else if (strstr(text, "%lld") != NULL)
			text = arena_printf(r->a, text, fe->arg[i][0], fe->arg[i][1]);
		/* form_error() translates its msgid; this one is already. */
		if (e->n < FORM_MAX_ERRORS && form_error_for(e, fe->field[i]) == NULL) {
			e->field[e->n] = fe->field[i];
			e->message[e->n] = text;
			e->n++;
		}
	}
}

/* The place of key among the fields (fs.n when none declares it). */
static size_t
field_place(struct fields fs, const char *key)
{
	const struct field *f = fields_find(fs, key);
	return f != NULL ? (size_t)(f - fs.f) : fs.n;
}

void
form_errors_order(struct form_errors *e, struct fields fs)
{
	for (int i = 1; i < e->n; i++) {
		const char *field = e->field[i], *message = e->message[i];
		size_t place = field_place(fs, field);
		int j = i;
		for (; j > 0 && field_place(fs, e->field[j - 1]) > place; j--) {
			e->field[j] = e->field[j - 1];
			e->message[j] = e->message[j - 1];
		}
		e->field[j] = field;
		e->message[j] = message;
	}
}

/* ---- reading JSON ---- */

/* The JSON type a field takes, as the message that names it. */
static const char *
json_type_message(const struct field *f)
{
	switch (f->type) {
	case FT_DATE:
		return N_("Must be a date as text (YYYY-MM-DD).");
	case FT_INT:
	case FT_MONEY:
		return N_("Must be a whole number.");
	case FT_ID:
		return N_("Must be an id, a whole number.");
	case FT_BOOL:
		return N_("Must be true or false.");
	case FT_SET:
		return N_("Must be a list of texts.");
	case FT_LIST:
		if (f->nitem == 1)
			return f->item[0].type == FT_DATE ? N_("Must be a list of dates (YYYY-MM-DD).")
			       : (f->item[0].type == FT_INT || f->item[0].type == FT_ID)
			       ? N_("Must be a list of ids (whole numbers).") : N_("Must be a list of texts.");
		return N_("Must be a list of objects.");
	default:
		return N_("Must be text.");
	}
}

/* True when v has the JSON type of a field of type t (not a list). */
static bool
json_scalar_ok(enum field_type t, const json_t *v)
{
	switch (t) {
	case FT_LINE:
	case FT_TEXT:
	case FT_DATE:
	case FT_ENUM:
		return json_is_string(v);
	case FT_INT:
	case FT_MONEY:
	case FT_ID:
		return json_is_integer(v);
	case FT_BOOL:
		return json_is_boolean(v);
	default:
		return false;
	}
}

/* Sets a scalar field from a JSON value of its type (checked). */
static void
json_scalar_set(struct req *r, const struct field *f, const json_t *v, void *rec,
		struct field_errors *fe)
{
	if (json_is_string(v))
		field_read_text(f, json_string_value(v), rec, r->a, fe);
	else if (json_is_integer(v))
		field_set_int(f, (int64_t)json_integer_value(v), rec, fe);
	else if (json_is_boolean(v))
		field_set_bool(f, json_is_true(v), rec, fe);
}

/* True when v has the JSON type of f (null aside); when not, the type
 * error is recorded under key. */
static bool
json_type_ok(struct req *r, const struct field *f, const json_t *v, const char *key,
	     struct form_errors *e)
{
	bool ok;
	if (f->type == FT_SET) {
		ok = json_is_array(v);
		size_t i;
		json_t *it;
		json_array_foreach(v, i, it)
			ok &= json_is_string(it);
	} else if (f->type == FT_LIST) {
		ok = json_is_array(v);
		size_t i;
		json_t *it;
		json_array_foreach(v, i, it) {
			if (f->nitem == 1 && !json_is_object(it)) {
				ok &= json_scalar_ok(f->item[0].type, it);
			} else if (json_is_object(it)) {
				const char *k;
				json_t *m;
				json_object_foreach(it, k, m) {
					const struct field *sub = fields_find((struct fields){f->item, f->nitem}, k);
					if (sub == NULL) {
						ok = false;
						continue;
					}
					if (!json_is_null(m) && !json_scalar_ok(sub->type, m)) {
						const char *sk = arena_printf(r->a, "%s[%zu].%s", key, i, k);
						if (sk != NULL)
							form_error(r, e, sk, json_type_message(sub));
						ok = false;
					}
				}
			} else {
				ok = false;
			}
		}
	} else {
		ok = json_scalar_ok(f->type, v);
	}
	if (!ok && form_error_for(e, key) == NULL)
		form_error(r, e, key, json_type_message(f));
	return ok;
}

/* Sets a field from a JSON value whose type was checked. */
static void
json_field_set(struct req *r, const struct field *f, const json_t *v, void *rec,
	       struct field_errors *fe)
{
	if (json_is_null(v)) {
		field_set_none(f, rec);
		return;
	}
	if (f->type == FT_SET) {
		uint32_t bits = 0;
		size_t i;
		json_t *it;
		json_array_foreach(v, i, it) {
			int k = field_option_index(f, json_string_value(it));
			if (k < 0 || k >= 32) {
				field_error_add(fe, f->key, f->invalid ? f->invalid : N_("Choose from the list."));
				return;
			}
			bits |= 1u << (unsigned)k;
		}
		*FIELD_AT(rec, f, uint32_t) = bits;
		return;
	}
	if (f->type == FT_LIST) {
		char *items = field_list_alloc(f, json_array_size(v), rec, r->a, fe);
		if (items == NULL)
			return;
		size_t i;
		json_t *it;
		json_array_foreach(v, i, it) {
			void *item = items + i * f->item_size;
			struct field_errors ie = {0};
			if (!json_is_object(it)) {
				json_scalar_set(r, &f->item[0], it, item, &ie);
			} else {
				for (size_t k = 0; k < f->nitem; k++) {
					json_t *m = json_object_get(it, f->item[k].key);
					if (m != NULL && !json_is_null(m))
						json_scalar_set(r, &f->item[k], m, item, &ie);
				}
				fields_check_required((struct fields){f->item, f->nitem}, item, &ie);
			}
			for (int k = 0; k < ie.n; k++) {
				const char *key = json_is_object(it)
					? arena_printf(r->a, "%s[%zu].%s", f->key, i, ie.field[k]) : f->key;
				if (key != NULL)
					field_error_copy(fe, key, &ie, k);
			}
		}
		return;
	}
	json_scalar_set(r, f, v, rec, fe);
}

/* The errors of the values: untranslated into raw when the caller wants
 * them (input_read_values), else translated into e. */
static void
value_errors(struct req *r, const struct field_errors *fe, struct field_errors *raw, struct form_errors *e)
{
	if (raw == NULL) {
		form_errors_from(r, fe, e);
		return;
	}
	for (int i = 0; i < fe->n; i++)
		field_error_copy(raw, fe->field[i], fe, i);
}

/* Records the error of every member of the body that fs declares and that
 * is not of its field's JSON type. */
static void
check_types(struct req *r, struct fields fs, struct form_errors *e)
{
	for (size_t i = 0; i < fs.n; i++) {
		const struct field *f = &fs.f[i];
		json_t *m = json_object_get(r->json, f->key);
		if (m == NULL || (f->flags & FF_OUT))
			continue;
		/* null clears a field that may be empty; a required one has no
		 * null, so null is not of its type */
		if (json_is_null(m)) {
			if (f->flags & FF_REQUIRED)
				form_error(r, e, f->key, json_type_message(f));
			continue;
		}
		json_type_ok(r, f, m, f->key, e);
	}
}


static bool
read_json(struct req *r, struct fields fs, void *rec, const char *const *extra, bool update,
	  struct field_errors *raw, struct form_errors *e, int *rc)
{
	if (!json_is_object(r->json)) {
		*rc = api_error(r, 400, "bad_request", T(r, "Send a JSON object."), NULL);
		return false;
	}
	json_t *unknown = json_object();
	const char *key;
	json_t *v;
	json_object_foreach(r->json, key, v) {
		const struct field *f = fields_find(fs, key);
		bool known = f != NULL && !(f->flags & FF_OUT);
		for (size_t i = 0; !known && extra != NULL && extra[i] != NULL; i++)
			known = strcmp(extra[i], key) == 0;
		if (!known)
			json_object_set_new(unknown, key, json_string(T(r, "Unknown field.")));
	}
	if (json_object_size(unknown) > 0) {
		*rc = api_error(r, 400, "unknown_fields",
				T(r, "The request has fields this resource does not know."), unknown);
		return false;
	}
	json_decref(unknown);
	/* Every type first: a body with a member of the wrong type changes
	 * nothing and names every such member. */
	int before = e->n;
	check_types(r, fs, e);
	if (e->n > before) {
		e->mistyped = true;
		return true;
	}
	struct field_errors fe = {0};
	for (size_t i = 0; i < fs.n; i++) {
		const struct field *f = &fs.f[i];
		if (f->flags & FF_OUT)
			continue;
		json_t *m = json_object_get(r->json, f->key);
		if (m != NULL)
			json_field_set(r, f, m, rec, &fe);
		else if (!update)
			field_set_none(f, rec);
	}
	fields_check_required(fs, rec, &fe);
	value_errors(r, &fe, raw, e);
	return true;
}

/* ---- reading a form ---- */

static bool
read_form(struct req *r, struct fields fs, void *rec, struct field_errors *raw, struct form_errors *e)
{
	struct field_errors fe = {0};
	for (size_t i = 0; i < fs.n; i++) {
		const struct field *f = &fs.f[i];
		if (f->flags & FF_OUT)
			continue;
		if (f->type == FT_SET) {
			/* checkboxes: one value per ticked option */
			uint32_t bits = 0;
			size_t n = kv_count(&r->form, f->key);
			bool ok = true;
			for (size_t k = 0; k < n; k++) {
				int idx = field_option_index(f, kv_get_nth(&r->form, f->key, k));
				ok &= idx >= 0 && idx < 32;
				if (idx >= 0 && idx < 32)
					bits |= 1u << (unsigned)idx;
			}
			*FIELD_AT(rec, f, uint32_t) = bits;
			if (!ok)
				field_error_add(&fe, f->key, f->invalid ? f->invalid : N_("Choose from the list."));
			continue;
		}
		field_read_text(f, req_field(r, f->key), rec, r->a, &fe);
	}
	fields_check_required(fs, rec, &fe);
	value_errors(r, &fe, raw, e);
	return true;
}

void
input_read_query(struct req *r, struct fields fs, void *rec, struct form_errors *e)
{
	struct field_errors fe = {0};
	fields_clear(fs, rec);
	for (size_t i = 0; i < fs.n; i++)
		if (!(fs.f[i].flags & FF_OUT))
			field_read_text(&fs.f[i], req_qs(r, fs.f[i].key), rec, r->a, &fe);
	fields_check_required(fs, rec, &fe);
	form_errors_from(r, &fe, e);
}

bool
input_read(struct req *r, struct fields fs, void *rec, const char *const *extra,
	   struct form_errors *e, int *rc)
{
	fields_clear(fs, rec);
	if (r->json != NULL || r->wants_json)
		return read_json(r, fs, rec, extra, false, NULL, e, rc);
	return read_form(r, fs, rec, NULL, e);
}

bool
input_read_update(struct req *r, struct fields fs, void *rec, const char *const *extra,
		  struct form_errors *e, int *rc)
{
	if (r->json != NULL || r->wants_json)
		return read_json(r, fs, rec, extra, true, NULL, e, rc);
	return read_form(r, fs, rec, NULL, e);
}

bool
input_read_values(struct req *r, struct fields fs, void *rec, const char *const *extra, bool update,
		  struct field_errors *values, struct form_errors *types, int *rc)
{
	if (r->json != NULL || r->wants_json)
		return read_json(r, fs, rec, extra, update, values, types, rc);
	if (!update)
		fields_clear(fs, rec);
	return read_form(r, fs, rec, values, types);
}

/* ---- writing a form ---- */

const char *
form_value(struct req *r, const struct field *f, const void *rec, bool posted)
{
	if (f->flags & FF_SECRET)
		return "";
	if (posted)
		return req_field(r, f->key);
	const char *v = rec != NULL ? field_text(f, rec, r->a) : "";
	return v != NULL ? v : "";
}

static const struct field_ui *
ui_for(const struct field_ui *uis, const char *key)
{
	for (size_t i = 0; uis != NULL && uis[i].key != NULL; i++)
		if (strcmp(uis[i].key, key) == 0)
			return &uis[i];
	return NULL;
}

/* The hint paragraph under a label, tied to the control. */
static void
hint(struct req *r, const struct field *f)
{
	if (f->hint == NULL)
		return;
	struct buf *o = &r->out;
	html_lit(o, "<p class=\"muted\" id=\"");
	html_text(o, f->key);
	html_lit(o, "-hint\">");
	html_text(o, T(r, f->hint));
	html_lit(o, "</p>");
}

/* aria-describedby naming the hint and the error (either may be absent). */
static void
described_by(struct buf *o, const struct field *f, const char *err)
{
	if (f->hint == NULL && err == NULL)
		return;
	if (err != NULL)
		html_lit(o, " aria-invalid=\"true\"");
	html_lit(o, " aria-describedby=\"");
	if (f->hint != NULL) {
		html_text(o, f->key);
		html_lit(o, "-hint");
	}
	if (err != NULL) {
		if (f->hint != NULL)
			html_lit(o, " ");
		html_text(o, f->key);
		html_lit(o, "-error");
	}
	html_lit(o, "\"");
}

static void
required_attrs(struct buf *o, const struct field *f)
{
	if (f->flags & FF_REQUIRED)
		html_lit(o, " required aria-required=\"true\"");
}

static void
choice_radios(struct req *r, const struct field *f, const char *value, const char *err,
	      const char *const *keys, const char *const *labels, size_t n, bool translate)
{
	struct buf *o = &r->out;
	html_lit(o, "<fieldset id=\"");
	html_text(o, f->key);
	html_lit(o, "\" class=\"field");
	if (err != NULL)
		html_lit(o, " has-error");
	html_lit(o, "\"");
	described_by(o, f, err);
	html_lit(o, "><legend>");
	html_text(o, T(r, f->label));
	if (f->flags & FF_REQUIRED)
		html_lit(o, " <span class=\"req\" aria-hidden=\"true\">*</span>");
	html_lit(o, "</legend>");
	hint(r, f);
	for (size_t i = 0; i < n; i++) {
		html_lit(o, "<label><input type=\"radio\" name=\"");
		html_text(o, f->key);
		html_lit(o, "\" value=\"");
		html_text(o, keys[i]);
		html_lit(o, "\"");
		if (value != NULL && strcmp(value, keys[i]) == 0)
			html_lit(o, " checked");
		html_lit(o, "> ");
		html_text(o, translate ? T(r, labels[i]) : labels[i]);
		html_lit(o, "</label> ");
	}
	form_field_error(o, err, f->key);
	html_lit(o, "</fieldset>");
}

static void
set_checkboxes(struct req *r, const struct field *f, const void *rec, bool posted, const char *err, uint32_t hide)
{
	struct buf *o = &r->out;
	uint32_t bits = 0;
	if (posted) {
		size_t n = kv_count(&r->form, f->key);
		for (size_t k = 0; k < n; k++) {
			int idx = field_option_index(f, kv_get_nth(&r->form, f->key, k));
			if (idx >= 0 && idx < 32)
				bits |= 1u << (unsigned)idx;
		}
	} else if (rec != NULL) {
		bits = *FIELD_AT_CONST(rec, f, uint32_t);
	}
	html_lit(o, "<fieldset id=\"");
	html_text(o, f->key);
	html_lit(o, "\" class=\"field");
	if (err != NULL)
		html_lit(o, " has-error");
	html_lit(o, "\"");
	described_by(o, f, err);
	html_lit(o, "><legend>");
	html_text(o, T(r, f->label));
	html_lit(o, "</legend>");
	hint(r, f);
	for (size_t i = 0; i < f->noptions && i < 32; i++) {
		if ((hide & ~bits) & (1u << i))
			continue;
		html_lit(o, "<label><input type=\"checkbox\" name=\"");
		html_text(o, f->key);
		html_lit(o, "\" value=\"");
		html_text(o, f->options[i].key);
		html_lit(o, "\"");
		if (bits & (1u << i))
			html_lit(o, " checked");
		html_lit(o, "> ");
		html_text(o, T(r, f->options[i].label));
		html_lit(o, "</label> ");
	}
	form_field_error(o, err, f->key);
	html_lit(o, "</fieldset>");
}

void
form_field(struct req *r, const struct field *f, const void *rec, bool posted,
	   const struct field_ui *ui, const struct form_errors *e)
{
	struct buf *o = &r->out;
	const char *err = form_error_for(e, f->key);
	const char *value = form_value(r, f, rec, posted);
	const char *control = ui != NULL ? ui->control : NULL;
	bool required = (f->flags & FF_REQUIRED) != 0;

	if (f->type == FT_SET) {
		set_checkboxes(r, f, rec, posted, err, ui != NULL ? ui->hide_options : 0);
		return;
	}
	if (f->type == FT_BOOL) {
		static const char *const keys[] = {"yes", "no"};
		static const char *const labels[] = {N_("Yes"), N_("No")};
		if (control != NULL && strcmp(control, "checkbox") == 0) {
			form_checkbox(r, e, f->key, T(r, f->label), strcmp(value, "yes") == 0);
			return;
		}
		choice_radios(r, f, value, err, keys, labels, 2, true);
		return;
	}
	const char *const *keys = NULL, *const *labels = NULL;
	size_t nchoices = 0;
	bool translate = true;
	const char **ok = NULL, **ol = NULL;
	if (f->type == FT_ENUM) {
		ok = arena_alloc(r->a, sizeof *ok * (f->noptions + 1));
		ol = arena_alloc(r->a, sizeof *ol * (f->noptions + 1));
		if (ok == NULL || ol == NULL)
			return;
		for (size_t i = 0; i < f->noptions; i++) {
			ok[i] = f->options[i].key;
			ol[i] = f->options[i].label;
		}
		keys = ok;
		labels = ol;
		nchoices = f->noptions;
	} else if ((f->type == FT_ID || f->type == FT_LINE) && ui != NULL && ui->choice_keys != NULL) {
		keys = ui->choice_keys;
		labels = ui->choice_labels;
		nchoices = ui->nchoices;
		translate = false;
	}
	if (keys != NULL && control != NULL && strcmp(control, "radio") == 0) {
		choice_radios(r, f, value, err, keys, labels, nchoices, translate);
		return;
	}

	form_field_open(o, err, f->key, T(r, f->label), required);
	hint(r, f);
	if (keys != NULL) {
		html_lit(o, "<select id=\"");
		html_text(o, f->key);
		html_lit(o, "\" name=\"");
		html_text(o, f->key);
		html_lit(o, "\"");
		required_attrs(o, f);
		described_by(o, f, err);
		html_lit(o, "><option value=\"\">");
		html_text(o, T(r, ui != NULL && ui->empty != NULL ? ui->empty : N_("Choose…")));
		html_lit(o, "</option>");
		for (size_t i = 0; i < nchoices; i++) {
			html_lit(o, "<option value=\"");
			html_text(o, keys[i]);
			html_lit(o, "\"");
			if (strcmp(value, keys[i]) == 0)
				html_lit(o, " selected");
			html_lit(o, ">");
			html_text(o, translate ? T(r, labels[i]) : labels[i]);
			html_lit(o, "</option>");
		}
		html_lit(o, "</select>");
	} else if (f->type == FT_TEXT || f->type == FT_LIST) {
		html_lit(o, "<textarea id=\"");
		html_text(o, f->key);
		html_lit(o, "\" name=\"");
		html_text(o, f->key);
		html_lit(o, "\" rows=\"");
		html_int(o, ui != NULL && ui->rows > 0 ? ui->rows : 4);
		html_lit(o, "\"");
		if (f->type == FT_TEXT) {
			html_lit(o, " maxlength=\"");
			html_int(o, f->max > 0 ? f->max : FIELD_TEXT_MAX);
			html_lit(o, "\"");
		}
		required_attrs(o, f);
		described_by(o, f, err);
		html_lit(o, ">");
		html_text(o, value);
		html_lit(o, "</textarea>");
	} else {
		const char *type = control != NULL ? control
			: f->type == FT_DATE ? "date" : f->type == FT_INT ? "number" : "text";
		html_lit(o, "<input id=\"");
		html_text(o, f->key);
		html_lit(o, "\" name=\"");
		html_text(o, f->key);
		html_lit(o, "\" type=\"");
		html_text(o, type);
		html_lit(o, "\"");
		if (f->type == FT_MONEY)
			html_lit(o, " inputmode=\"decimal\"");
		else if (f->type == FT_ID)
			html_lit(o, " inputmode=\"numeric\"");
		if (!(f->flags & FF_SECRET)) {
			html_lit(o, " value=\"");
			html_text(o, value);
			html_lit(o, "\"");
		}
		if (f->type == FT_LINE && f->max > 0) {
			html_lit(o, " maxlength=\"");
			html_int(o, f->max);
			html_lit(o, "\"");
		}
		html_lit(o, " autocomplete=\"");
		html_text(o, ui != NULL && ui->autocomplete != NULL ? ui->autocomplete : "off");
		html_lit(o, "\"");
		required_attrs(o, f);
		described_by(o, f, err);
		html_lit(o, ">");
	}
	form_field_close(o, err, f->key);
}

void
form_fields(struct req *r, struct fields fs, const void *rec, bool posted,
	    const struct field_ui *uis, const struct form_errors *e)
{
	for (size_t i = 0; i < fs.n; i++) {
		const struct field *f = &fs.f[i];
		if (f->flags & FF_OUT)
			continue;
		form_field(r, f, rec, posted, ui_for(uis, f->key), e);
	}
}

/* ---- writing a record ---- */

static bool
part_shown(const struct field *f, uint32_t parts)
{
	if (f->flags & FF_SECRET)
		return false;
	return f->part < 0 || (parts & (1u << (unsigned)f->part)) != 0;
}

const char *
field_shown(struct req *r, const struct field *f, const void *rec)
{
	if (!field_given(f, rec))
		return "";
	switch (f->type) {
	case FT_ENUM: {
		int i = *FIELD_AT_CONST(rec, f, int);
		return (size_t)i < f->noptions ? T(r, f->options[i].label) : "";
	}
	case FT_SET: {
		uint32_t bits = *FIELD_AT_CONST(rec, f, uint32_t);
		const char *out = "";
		for (size_t i = 0; i < f->noptions && i < 32; i++)
			if (bits & (1u << i))
				out = arena_printf(r->a, "%s%s%s", out, *out ? ", " : "", T(r, f->options[i].label));
		return out ? out : "";
	}
	case FT_BOOL:
		return *FIELD_AT_CONST(rec, f, int) ? T(r, "Yes") : T(r, "No");
	case FT_MONEY: {
		const char *v = field_text(f, rec, r->a);
		return v ? arena_printf(r->a, "kr %s", v) : "";
	}
	case FT_LIST: {
		const struct field_list *l = FIELD_AT_CONST(rec, f, struct field_list);
		const char *out = "";
		for (size_t i = 0; i < l->n && f->nitem == 1; i++) {
			const char *one = field_shown(r, &f->item[0], (const char *)l->items + i * f->item_size);
			out = arena_printf(r->a, "%s%s%s", out, i ? ", " : "", one);
		}
		return out ? out : "";
	}
	default: {
		const char *v = field_text(f, rec, r->a);
		return v ? v : "";
	}
	}
}

static json_t *
value_json(const struct field *f, const void *rec)
{
	if (!field_given(f, rec))
		return f->type == FT_LIST || f->type == FT_SET ? json_array() : json_null();
	switch (f->type) {
	case FT_LINE:
	case FT_TEXT:
		return json_string(*FIELD_AT_CONST(rec, f, const char *));
	case FT_DATE: {
		char d[11];
		date_format(*FIELD_AT_CONST(rec, f, struct date), d);
		return json_string(d);
	}
	case FT_INT:
	case FT_MONEY:
	case FT_ID:
		return json_integer(*FIELD_AT_CONST(rec, f, int64_t));
	case FT_ENUM: {
		int i = *FIELD_AT_CONST(rec, f, int);
		return (size_t)i < f->noptions ? json_string(f->options[i].key) : json_null();
	}
	case FT_SET: {
		json_t *a = json_array();
		uint32_t bits = *FIELD_AT_CONST(rec, f, uint32_t);
		for (size_t i = 0; i < f->noptions && i < 32; i++)
			if (bits & (1u << i))
				json_array_append_new(a, json_string(f->options[i].key));
		return a;
	}
	case FT_BOOL:
		return json_boolean(*FIELD_AT_CONST(rec, f, int) != 0);
	case FT_LIST: {
		json_t *a = json_array();
		const struct field_list *l = FIELD_AT_CONST(rec, f, struct field_list);
		for (size_t i = 0; i < l->n; i++) {
			const char *item = (const char *)l->items + i * f->item_size;
			if (f->nitem == 1) {
				json_array_append_new(a, value_json(&f->item[0], item));
			} else {
				json_array_append_new(a, record_json((struct fields){f->item, f->nitem}, item,
								     PARTS_ALL));
			}
		}
		return a;
	}
	}
	return json_null();
}

json_t *
record_json(struct fields fs, const void *rec, uint32_t parts)
{
	json_t *o = json_object();
	for (size_t i = 0; o != NULL && i < fs.n; i++)
		if (part_shown(&fs.f[i], parts))
			json_object_set_new(o, fs.f[i].key, value_json(&fs.f[i], rec));
	return o;
}

json_t *
record_json_texts(struct fields fs, const void *rec, uint32_t parts)
{
	json_t *o = record_json(fs, rec, parts);
	for (size_t i = 0; o != NULL && i < fs.n; i++) {
		const struct field *f = &fs.f[i];
		if ((f->type == FT_LINE || f->type == FT_TEXT) && part_shown(f, parts) && !field_given(f, rec))
			json_object_set_new(o, f->key, json_string(""));
	}
	return o;
}

void
record_dl(struct req *r, struct fields fs, const void *rec, uint32_t parts)
{
	struct buf *o = &r->out;
	for (size_t i = 0; i < fs.n; i++) {
		const struct field *f = &fs.f[i];
		if (!part_shown(f, parts))
			continue;
		html_lit(o, "<dt>");
		html_text(o, T(r, f->label));
		html_lit(o, "</dt><dd>");
		const char *v = field_shown(r, f, rec);
		if (*v == '\0') {
			html_lit(o, "<span class=\"muted\">");
			html_text(o, T(r, "Not given"));
			html_lit(o, "</span>");
		} else if (f->type == FT_TEXT) {
			html_lines(o, v);
		} else {
			html_text(o, v);
		}
		html_lit(o, "</dd>");
	}
}
