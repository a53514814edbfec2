/*
 * users.c — staff accounts for administrators (and leaders, who read
 * them): the list and its /api/v1/ twin, a new user (page and API), a
 * user's page with the form to edit their name, roles (in the centre the
 * administrator works in) and status, and a password reset. The records
 * are declared in domain/user.h; the commands are app/user.c's, which keep
 * the last active administrator and refuse a stale edit (409).
 */
#include "case.h"
#include "form.h"
#include "resource.h"
#include "routes.h"
#include "app/user.h"
#include "util/arena.h"
#include "util/err.h"

#include <string.h>

#define USERS_PER_PAGE 50

static const struct field *
user_field(const char *key)
{
	return fields_find(staff_user_fields, key);
}

/* The roles' labels, "Contact person, Teacher" ("" when none). */
static const char *
roles_label(struct req *r, const struct staff_user *u)
{
	return field_shown(r, user_field("roles"), u);
}

/* With more than one centre, which centre the roles are for. */
static void
roles_centre_note(struct req *r)
{
	if (r->user.ncentres <= 1)
		return;
	struct centre c;
	if (store_centre_get(req_db(r), r->a, r->user.centre_id, &c) != SC_OK)
		return;
	html_lit(&r->out, "<p class=\"muted\" id=\"roles-centre\">");
	html_text(&r->out, arena_printf(r->a, T(r, "Roles in %s. The administrator and national analyst roles are "
						   "the installation's."), c.name));
	html_lit(&r->out, "</p>");
}

/* The roles offered: the national analyst compares centres, so an
 * installation of one centre does not offer it (decision 182); a user who
 * holds it keeps it shown. */
static const struct field_ui *
roles_ui(struct req *r)
{
	static const struct field_ui one_centre = {.key = "roles", .hide_options = ROLE_BIT(ROLE_NATIONAL)};
	return r->user.ncentres <= 1 ? &one_centre : NULL;
}

/* ---- the list ---- */

static int
users_page(struct req *r, const struct staff_user *items, size_t n, int64_t total, int64_t page, int64_t per_page)
{
	page_begin(r, T(r, "Users"));
	struct buf *o = &r->out;
	html_lit(o, "<h1>");
	html_text(o, T(r, "Users"));
	html_lit(o, "</h1>");
	if (access_allows(r->user.roles, RES_USERS, ACT_WRITE)) {
		html_lit(o, "<p><a class=\"button\" href=\"/admin/users/new\">");
		html_text(o, T(r, "New user"));
		html_lit(o, "</a></p>");
	}
	roles_centre_note(r);
	page_table(r, NULL,
		   (const char *const[]){N_("Name"), N_("Username"), N_("Roles"), N_("Status"), NULL});
	for (size_t i = 0; i < n; i++) {
		html_lit(o, "<tr><td><a href=\"/admin/users/");
		html_int(o, items[i].id);
		html_lit(o, "\">");
		html_text(o, items[i].display_name);
		html_lit(o, "</a></td><td>");
		html_text(o, items[i].username);
		html_lit(o, "</td><td>");
		html_text(o, roles_label(r, &items[i]));
		html_lit(o, "</td><td>");
		html_text(o, items[i].active == 1 ? T(r, "Active") : T(r, "Disabled"));
		html_lit(o, "</td></tr>");
	}
	html_lit(o, "</tbody></table>");
	page_pager(r, "/admin/users", "", page, total, per_page);
	return page_end(r);
}

/* GET /admin/users and /api/v1/users. */
static int
h_users(struct req *r)
{
	int64_t page = 1, per_page = USERS_PER_PAGE;
	int rc = SC_OK;
	if (!req_paging(r, &page, &per_page, &rc))
		return rc;
	struct actor actor = req_actor(r);
	struct staff_user *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	rc = app_users(req_db(r), r->a, &actor, page, per_page, &items, &n, &total);
	if (rc != SC_OK)
		return rc;
	if (!req_page_exists(r, "/admin/users", "", page, total, per_page, &rc))
		return rc;
	if (!r->wants_json)
		return users_page(r, items, n, total, page, per_page);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, record_json(staff_user_fields, &items[i], PARTS_ALL));
	return api_send(r, 200, api_page_json(arr, page, per_page, total));
}

/* ---- a new user ---- */

static int
new_user_page(struct req *r, const struct form_errors *e)
{
	page_begin(r, T(r, "New user"));
	struct buf *o = &r->out;
	html_lit(o, "<h1>");
	html_text(o, T(r, "New user"));
	html_lit(o, "</h1>");
	form_error_summary(r, e);
	html_lit(o, "<form method=\"post\" action=\"/admin/users\" id=\"user-new\" novalidate>");
	form_csrf(r);
	bool posted = e != NULL;
	form_field(r, user_field("display_name"), NULL, posted, NULL, e);
	form_field(r, user_field("username"), NULL, posted, NULL, e);
	form_input(r, e, "password", T(r, "Password"), "password", NULL, "new-password", true);
	roles_centre_note(r);
	form_field(r, user_field("roles"), NULL, posted, roles_ui(r), e);
	html_lit(o, "<button type=\"submit\">");
	html_text(o, T(r, "Create user"));
	html_lit(o, "</button> <a href=\"/admin/users\">");
	html_text(o, T(r, "Cancel"));
	html_lit(o, "</a></form>");
	return page_end(r);
}

/* GET /admin/users/new. */
static int
h_user_new(struct req *r)
{
	return new_user_page(r, NULL);
}

/* The members of a new user besides its fields. */
static const char *const new_user_extra[] = {"password", NULL};

/*
 * Reads a new user and its password from the form or JSON body. False
 * when the request was answered (400 for a body that is not an object, or
 * unknown members). JSON members of the wrong type (the password's
 * included) leave e->mistyped set and nothing else in e.
 */
static bool
read_new_user(struct req *r, struct staff_user *in, const char **password, struct form_errors *e, int *rc)
{
	if (!input_read(r, staff_user_new_fields, in, new_user_extra, e, rc))
		return false;
	in->language = r->wants_json ? "nb" : i18n_code(r->lang);
	if (!r->wants_json) {
		*password = req_field(r, "password");
		return true;
	}
	json_t *pw = json_object_get(r->json, "password");
	*password = json_string_value(pw);
	if (pw != NULL && !json_is_null(pw) && !json_is_string(pw)) {
		if (!e->mistyped)
			memset(e, 0, sizeof *e);
		form_error(r, e, "password", N_("Must be text."));
		e->mistyped = true;
	}
	return true;
}

/* The JSON names the role keys when the roles given are not a list of
 * them (missing, or a key it does not know); a rule of the roles (the
 * last administrator's) is said as it is. */
static void
api_roles_error(struct req *r, struct outcome *out, struct form_errors *e)
{
	if (!r->wants_json || e->mistyped)
		return;
	const struct field *f = user_field("roles");
	for (int i = 0; i < out->errors.n; i++)
		if (strcmp(out->errors.field[i], "roles") == 0 &&
		    (out->errors.reason[i] == f->missing || out->errors.reason[i] == f->invalid))
			out->errors.reason[i] = staff_roles_api_message;
	for (int i = 0; i < e->n; i++)
		if (strcmp(e->field[i], "roles") == 0 &&
		    (strcmp(e->message[i], T(r, f->missing)) == 0 || strcmp(e->message[i], T(r, f->invalid)) == 0))
			e->message[i] = T(r, staff_roles_api_message);
}

/* A new user refused: the form again (422, a taken username beside its
 * field too), or the JSON error (422; 409 when the username is taken). */
static int
user_refused(struct req *r, struct outcome *out, struct form_errors *e)
{
	api_roles_error(r, out, e);
	if (!r->wants_json) {
		outcome_form_errors(r, out, e);
		r->status = 422;
		return new_user_page(r, e);
	}
	if (out->refusal == REFUSED_DUPLICATE)
		return api_error(r, 409, "conflict", T(r, "That username is taken."),
				 json_pack("{s:s}", "username", T(r, "That username is taken.")));
	out->refusal = REFUSED_INVALID;
	return answer_refused_json(r, out, e);
}

/* After the password is hashed: the user is made. */
static int
user_hashed(struct req *r)
{
	if (!r->job.ok)
		return SC_ERR;
	struct staff_user in;
	const char *password = NULL;
	struct form_errors e = {0};
	int rc = SC_OK;
	if (!read_new_user(r, &in, &password, &e, &rc))
		return rc;
	struct actor actor = req_actor(r);
	struct outcome out;
	rc = app_user_create(req_db(r), &actor, &in, r->job.hash, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return user_refused(r, &out, &e);
	struct staff_user made;
	struct outcome got;
	rc = app_user(req_db(r), r->a, &actor, out.id, false, &made, &got);
	if (rc != SC_OK)
		return rc;
	if (got.refusal != DONE)
		return req_error(r, 404, NULL);
	return answer_done(r, 201, record_json(staff_user_fields, &made, PARTS_ALL),
			   arena_printf(r->a, "/admin/users/%lld", (long long)out.id), "user-created");
}

/* POST /admin/users and /api/v1/users: checked, then the password is
 * hashed off the request thread, then the user is made. */
static int
h_user_create(struct req *r)
{
	struct staff_user in;
	const char *password = NULL;
	struct form_errors e = {0};
	int rc = SC_OK;
	if (!read_new_user(r, &in, &password, &e, &rc))
		return rc;
	struct actor actor = req_actor(r);
	struct outcome out = {0};
	if (e.n == 0) {
		rc = app_user_new_check(req_db(r), r->a, &actor, &in, password, &out);
		if (rc != SC_OK)
			return rc;
	} else {
		/* What could not be read is refused with the rules' errors of
		 * what could (a form shows them all at once). */
		if (!e.mistyped)
			app_user_new_check(req_db(r), r->a, &actor, &in, password, &out);
		out.refusal = REFUSED_INVALID;
	}
	if (out.refusal != DONE)
		return user_refused(r, &out, &e);
	return auth_hash_async(r, HASH_CREATE, password, NULL, user_hashed);
}

/* ---- a user's page ---- */

static int
edit_page(struct req *r, const struct staff_user *u, const struct form_errors *e, const char *conflict)
{
	page_begin(r, u->display_name);
	struct buf *o = &r->out;
	bool can_write = access_allows(r->user.roles, RES_USERS, ACT_WRITE);
	html_lit(o, "<h1>");
	html_text(o, u->display_name);
	html_lit(o, "</h1>");
	if (conflict != NULL) {
		html_lit(o, "<p class=\"error-box\" role=\"alert\">");
		html_text(o, conflict);
		html_lit(o, "</p>");
	}
	form_error_summary(r, e);
	html_lit(o, "<p>");
	html_text(o, T(r, "Username"));
	html_lit(o, ": <strong>");
	html_text(o, u->username);
	html_lit(o, "</strong></p>");
	if (!can_write) {
		roles_centre_note(r);
		html_lit(o, "<p>");
		html_text(o, roles_label(r, u));
		html_lit(o, "</p>");
		return page_end(r);
	}
	html_lit(o, "<form method=\"post\" action=\"/admin/users/");
	html_int(o, u->id);
	html_lit(o, "\" id=\"user-edit\" novalidate>");
	form_csrf(r);
	html_lit(o, "<input type=\"hidden\" name=\"version\" value=\"");
	html_int(o, u->version);
	html_lit(o, "\">");
	/* u holds what is shown: the stored user, or what was typed */
	form_field(r, user_field("display_name"), u, false, NULL, e);
	roles_centre_note(r);
	form_field(r, user_field("roles"), u, false, roles_ui(r), e);
	static const struct field_ui active_ui = {.key = "active", .control = "checkbox"};
	form_field(r, user_field("active"), u, false, &active_ui, e);
	html_lit(o, "<button type=\"submit\">");
	html_text(o, T(r, "Save"));
	html_lit(o, "</button></form>");

	html_lit(o, "<h2>");
	html_text(o, T(r, "Reset password"));
	html_lit(o, "</h2><form method=\"post\" action=\"/admin/users/");
	html_int(o, u->id);
	html_lit(o, "/password\" id=\"user-reset\" novalidate>");
	form_csrf(r);
	form_input(r, e, "new_password", T(r, "New password"), "password", NULL, "new-password", true);
	html_lit(o, "<p class=\"muted\">");
	html_text(o, T(r, "The user is signed out everywhere and must use the new password."));
	html_lit(o, "</p><button type=\"submit\">");
	html_text(o, T(r, "Reset password"));
	html_lit(o, "</button></form>");
	return page_end(r);
}

/* GET /admin/users/:id and /api/v1/users/:id. */
static int
h_user(struct req *r)
{
	struct actor actor = req_actor(r);
	struct staff_user u;
	struct outcome out;
	int rc = app_user(req_db(r), r->a, &actor, req_param_id(r, 0), true, &u, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	if (r->wants_json)
		return api_send(r, 200, record_json(staff_user_fields, &u, PARTS_ALL));
	return edit_page(r, &u, NULL, NULL);
}

/* The message of an edit refused as stale: what is saved now in the
 * fields where it differs from what was typed. */
static const char *
conflict_text(struct req *r, const struct staff_user *now, const struct staff_user *typed)
{
	struct buf saved = BUF_INIT;
	if (!case_same_text(now->display_name, typed->display_name))
		buf_printf(&saved, "%s \xE2\x80\x9c%s\xE2\x80\x9d", T(r, "Display name"), now->display_name);
	if (now->roles != typed->roles)
		buf_printf(&saved, "%s%s \xE2\x80\x9c%s\xE2\x80\x9d", saved.len ? "; " : "", T(r, "Roles"),
			   roles_label(r, now));
	if ((now->active == 1) != (typed->active == 1))
		buf_printf(&saved, "%s%s \xE2\x80\x9c%s\xE2\x80\x9d", saved.len ? "; " : "", T(r, "Status"),
			   now->active == 1 ? T(r, "Active") : T(r, "Not active"));
	const char *msg = T(r, "Someone else changed this user while you were editing. Nothing was saved; the "
			       "form keeps your changes.");
	if (buf_ok(&saved) && saved.len > 0)
		msg = arena_printf(r->a, T(r, "%s Saved now: %s."), msg, saved.data);
	buf_free(&saved);
	return msg != NULL ? msg : "";
}

/* The members of an edit besides its fields. */
static const char *const edit_extra[] = {"version", NULL};

/* POST /admin/users/:id and /api/v1/users/:id: display name, roles in the
 * centre, active, at the version the form was read at. */
static int
h_user_update(struct req *r)
{
	struct actor actor = req_actor(r);
	struct staff_user u;
	struct outcome out;
	int rc = app_user(req_db(r), r->a, &actor, req_param_id(r, 0), false, &u, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	int64_t version = 0;
	if (r->wants_json) {
		json_t *v = json_object_get(r->json, "version");
		if (!json_is_integer(v) || json_integer_value(v) < 1)
			return api_error(r, 422, "invalid", T(r, "Some fields have the wrong type."),
					 json_pack("{s:s}", "version", T(r, "Must be a whole number.")));
		version = (int64_t)json_integer_value(v);
	} else if (parse_int64(req_field(r, "version"), 1, INT64_MAX, &version) != SC_OK) {
		return req_error(r, 400, NULL);
	}
	/* A form sends every field; JSON only those it changes. */
	struct staff_user in = u;
	struct form_errors e = {0};
	if (!input_read_update(r, staff_user_edit_fields, &in, edit_extra, &e, &rc))
		return rc;
	if (e.n == 0) {
		rc = app_user_update(req_db(r), r->a, &actor, u.id, version, &in, &out);
		if (rc != SC_OK)
			return rc;
	} else {
		out.refusal = REFUSED_INVALID;
	}
	api_roles_error(r, &out, &e);
	if (out.refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	if (out.refusal == REFUSED_STALE) {
		struct staff_user now;
		struct outcome got;
		rc = app_user(req_db(r), r->a, &actor, u.id, false, &now, &got);
		if (rc != SC_OK)
			return rc;
		if (r->wants_json)
			return answer_refused_json(r, &out, NULL);
		/* The form keeps what was typed, at the saved version; the
		 * message names what is saved where it differs. */
		struct staff_user kept = in;
		kept.version = now.version;
		r->status = 409;
		return edit_page(r, &kept, NULL, conflict_text(r, &now, &kept));
	}
	if (out.refusal != DONE) {
		if (r->wants_json)
			return answer_refused_json(r, &out, &e);
		outcome_form_errors(r, &out, &e);
		r->status = 422;
		/* Show what was typed, not what is stored. */
		in.display_name = req_field(r, "display_name");
		return edit_page(r, &in, &e, NULL);
	}
	struct staff_user saved;
	if (r->wants_json) {
		rc = app_user(req_db(r), r->a, &actor, u.id, false, &saved, &out);
		if (rc != SC_OK)
			return rc;
	}
	return answer_done(r, 200, r->wants_json ? record_json(staff_user_fields, &saved, PARTS_ALL) : NULL,
			   arena_printf(r->a, "/admin/users/%lld", (long long)u.id), "user-saved");
}

/* After the new password is hashed: it is set. */
static int
reset_hashed(struct req *r)
{
	if (!r->job.ok)
		return SC_ERR;
	struct actor actor = req_actor(r);
	struct outcome out;
	int rc = app_user_password_reset(req_db(r), &actor, req_param_id(r, 0), r->job.hash, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	page_flash(r, "password-reset");
	return req_redirect(r, arena_printf(r->a, "/admin/users/%lld", (long long)out.id));
}

/* POST /admin/users/:id/password. */
static int
h_user_reset(struct req *r)
{
	struct actor actor = req_actor(r);
	struct staff_user u;
	struct outcome out;
	int rc = app_user(req_db(r), r->a, &actor, req_param_id(r, 0), false, &u, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	const char *password = req_field(r, "new_password");
	app_user_password_check(password, u.username, "new_password", &out);
	if (out.refusal != DONE) {
		struct form_errors e = {0};
		outcome_form_errors(r, &out, &e);
		r->status = 422;
		return edit_page(r, &u, &e, NULL);
	}
	return auth_hash_async(r, HASH_CREATE, password, NULL, reset_hashed);
}

const struct route users_routes[] = {
	BOTH(GET_HEAD, "/admin/users", "/api/v1/users", h_users, NEED(RES_USERS, ACT_READ)),
	BOTH(M_POST, "/admin/users", "/api/v1/users", h_user_create, NEED(RES_USERS, ACT_WRITE)),
	PAGE(GET_HEAD, "/admin/users/new", h_user_new, NEED(RES_USERS, ACT_WRITE)),
	BOTH(GET_HEAD, "/admin/users/:id", "/api/v1/users/:id", h_user, NEED(RES_USERS, ACT_READ)),
	BOTH(M_POST, "/admin/users/:id", "/api/v1/users/:id", h_user_update, NEED(RES_USERS, ACT_WRITE)),
	PAGE(M_POST, "/admin/users/:id/password", h_user_reset, NEED(RES_USERS, ACT_WRITE)),
	ROUTES_END
};
