/*
 * h_admin.c — staff accounts for administrators: list, create, edit roles
 * (with a version check so two administrators cannot overwrite each other),
 * and password reset. The last active administrator cannot be removed.
 */
#include "case.h"
#include "http.h"
#include "domain/authrules.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/timeutil.h"

#include <string.h>

#define USERS_PER_PAGE 50

static const char *
id_text(struct req *r, int64_t id)
{
	return arena_printf(r->a, "%lld", (long long)id);
}

static uint32_t
roles_from_form(struct req *r, bool *bad)
{
	uint32_t bits = 0;
	*bad = false;
	size_t n = kv_count(&r->form, "roles");
	for (size_t i = 0; i < n; i++) {
		enum role role;
		if (role_parse(kv_get_nth(&r->form, "roles", i), &role) != SC_OK)
			*bad = true;
		else
			bits |= ROLE_BIT(role);
	}
	return bits;
}

/* The roles ticked in the form; an error in e when none or an unknown one. */
static uint32_t
roles_checked(struct req *r, struct form_errors *e)
{
	bool bad = false;
	uint32_t roles = roles_from_form(r, &bad);
	if (bad)
		form_error(r, e, "roles", N_("Choose roles from the list."));
	else if (roles == 0)
		form_error(r, e, "roles", N_("Choose at least one role."));
	return roles;
}

static void
roles_fieldset(struct req *r, const struct form_errors *e, uint32_t roles)
{
	struct buf *o = &r->out;
	const char *err = form_error_for(e, "roles");
	html_lit(o, "<fieldset id=\"roles\"");
	if (err)
		html_lit(o, " aria-describedby=\"roles-error\"");
	html_lit(o, "><legend>");
	html_text(o, T(r, "Roles"));
	html_lit(o, "</legend>");
	for (int role = 0; role < ROLE_COUNT; role++) {
		html_lit(o, "<label><input type=\"checkbox\" name=\"roles\" value=\"");
		html_text(o, role_key((enum role)role));
		html_lit(o, "\"");
		if (roles & ROLE_BIT(role))
			html_lit(o, " checked");
		html_lit(o, "> ");
		html_text(o, T(r, role_label((enum role)role)));
		html_lit(o, "</label>");
	}
	if (err) {
		html_lit(o, "<p class=\"field-error\" id=\"roles-error\">");
		html_text(o, err);
		html_lit(o, "</p>");
	}
	html_lit(o, "</fieldset>");
}

/* "Contact person, Teacher": the roles' labels (arena; "" when none). */
static const char *
roles_label(struct req *r, uint32_t roles)
{
	struct buf b = BUF_INIT;
	for (int role = 0; role < ROLE_COUNT; role++) {
		if ((roles & ROLE_BIT(role)) == 0)
			continue;
		if (b.len > 0)
			buf_puts(&b, ", ");
		buf_puts(&b, T(r, role_label((enum role)role)));
	}
	const char *out = buf_ok(&b) ? arena_strdup(r->a, b.len ? b.data : "") : NULL;
	buf_free(&b);
	return out != NULL ? out : "";
}

static void
roles_text(struct req *r, uint32_t roles)
{
	html_text(&r->out, roles_label(r, roles));
}

int
h_users(struct req *r)
{
	int64_t page = 1;
	if (*req_qs(r, "page") && parse_int64(req_qs(r, "page"), 1, 1000000, &page) != SC_OK)
		return req_error(r, 400, NULL);
	struct user *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	int rc = store_user_list(req_db(r), r->a, r->user.centre_id, USERS_PER_PAGE, (page - 1) * USERS_PER_PAGE,
				 &items, &n, &total);
	if (rc != SC_OK)
		return rc;
	req_audit(r, "user.list", "user", NULL, "ok");
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
	html_lit(o, "<table><thead><tr><th scope=\"col\">");
	html_text(o, T(r, "Name"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Username"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Roles"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Status"));
	html_lit(o, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		html_lit(o, "<tr><td><a href=\"/admin/users/");
		html_int(o, items[i].id);
		html_lit(o, "\">");
		html_text(o, items[i].display_name);
		html_lit(o, "</a></td><td>");
		html_text(o, items[i].username);
		html_lit(o, "</td><td>");
		roles_text(r, items[i].roles);
		html_lit(o, "</td><td>");
		html_text(o, items[i].active ? T(r, "Active") : T(r, "Disabled"));
		html_lit(o, "</td></tr>");
	}
	html_lit(o, "</tbody></table>");
	page_pager(r, "/admin/users", "", page, total, USERS_PER_PAGE);
	return page_end(r);
}

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
	form_input(r, e, "display_name", T(r, "Display name"), "text", req_field(r, "display_name"), "off", true);
	form_input(r, e, "username", T(r, "Username"), "text", req_field(r, "username"), "off", true);
	form_input(r, e, "password", T(r, "Password"), "password", NULL, "new-password", true);
	bool bad = false;
	roles_fieldset(r, e, roles_from_form(r, &bad));
	html_lit(o, "<button type=\"submit\">");
	html_text(o, T(r, "Create user"));
	html_lit(o, "</button> <a href=\"/admin/users\">");
	html_text(o, T(r, "Cancel"));
	html_lit(o, "</a></form>");
	return page_end(r);
}

int
h_user_new(struct req *r)
{
	return new_user_page(r, NULL);
}

static int
user_created(struct req *r)
{
	if (!r->job.ok)
		return SC_ERR;
	bool bad = false;
	uint32_t roles = roles_from_form(r, &bad);
	struct db *db = req_db(r);
	int64_t id = 0;
	int rc = store_tx_begin(db);
	if (rc == SC_OK)
		rc = store_user_create(db, req_field(r, "username"), req_field(r, "display_name"),
				       r->job.hash, roles, i18n_code(r->lang), r->user.centre_id, time_now(), &id);
	if (rc == SC_ECONFLICT) {
		store_tx_rollback(db);
		struct form_errors e = {0};
		form_error(r, &e, "username", N_("That username is taken."));
		r->status = 422;
		return new_user_page(r, &e);
	}
	if (rc == SC_OK)
		rc = req_audit(r, "user.create", "user", id_text(r, id), "ok");
	if (rc == SC_OK)
		rc = store_tx_commit(db);
	if (rc != SC_OK)
		return rc;
	page_flash(r, "user-created");
	return req_redirect(r, arena_printf(r->a, "/admin/users/%lld", (long long)id));
}

int
h_user_create(struct req *r)
{
	struct form_errors e = {0};
	const char *reason = NULL;
	const char *username = req_field(r, "username");
	if (display_name_validate(req_field(r, "display_name"), &reason) != SC_OK)
		form_error(r, &e, "display_name", reason);
	if (username_validate(username, &reason) != SC_OK)
		form_error(r, &e, "username", reason);
	if (password_policy_check(req_field(r, "password"), username, &reason) != SC_OK)
		form_error(r, &e, "password", reason);
	roles_checked(r, &e);
	if (e.n == 0) {
		struct user existing;
		int rc = store_user_by_username(req_db(r), r->a, username, false, &existing);
		if (rc == SC_OK)
			form_error(r, &e, "username", N_("That username is taken."));
		else if (rc != SC_ENOTFOUND)
			return rc;
	}
	if (e.n > 0) {
		r->status = 422;
		return new_user_page(r, &e);
	}
	return auth_hash_async(r, HASH_CREATE, req_field(r, "password"), NULL, user_created);
}

static int
load_user(struct req *r, struct user *u)
{
	int64_t id = 0;
	if (parse_int64(req_param(r, 0), 1, INT64_MAX, &id) != SC_OK)
		return SC_ENOTFOUND;
	return store_user_by_id(req_db(r), r->a, id, u);
}

static int
edit_page(struct req *r, const struct user *u, const struct form_errors *e, const char *conflict)
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
		html_lit(o, "<p>");
		roles_text(r, u->roles);
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
	form_input(r, e, "display_name", T(r, "Display name"), "text", u->display_name, "off", true);
	roles_fieldset(r, e, u->roles);
	html_lit(o, "<fieldset><legend>");
	html_text(o, T(r, "Status"));
	html_lit(o, "</legend><label><input type=\"checkbox\" name=\"active\" value=\"1\"");
	if (u->active)
		html_lit(o, " checked");
	html_lit(o, "> ");
	html_text(o, T(r, "Active"));
	html_lit(o, "</label></fieldset><button type=\"submit\">");
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

int
h_user_edit(struct req *r)
{
	struct user u;
	int rc = load_user(r, &u);
	if (rc == SC_ENOTFOUND)
		return req_error(r, 404, NULL);
	if (rc != SC_OK)
		return rc;
	req_audit(r, "user.read", "user", id_text(r, u.id), "ok");
	return edit_page(r, &u, NULL, NULL);
}

/* The message of a user edit refused as stale: what is saved now in the
 * fields where it differs from the form (typed). */
static const char *
user_conflict_text(struct req *r, const struct user *now, const struct user *typed)
{
	struct buf saved = BUF_INIT;
	if (!case_same_text(now->display_name, typed->display_name))
		buf_printf(&saved, "%s \xE2\x80\x9c%s\xE2\x80\x9d", T(r, "Display name"), now->display_name);
	if (now->roles != typed->roles)
		buf_printf(&saved, "%s%s \xE2\x80\x9c%s\xE2\x80\x9d", saved.len ? "; " : "", T(r, "Roles"),
			   roles_label(r, now->roles));
	if (now->active != typed->active)
		buf_printf(&saved, "%s%s \xE2\x80\x9c%s\xE2\x80\x9d", saved.len ? "; " : "", T(r, "Status"),
			   now->active ? T(r, "Active") : T(r, "Not active"));
	const char *msg = T(r, "Someone else changed this user while you were editing. Nothing was saved; the "
			       "form keeps your changes.");
	if (buf_ok(&saved) && saved.len > 0)
		msg = arena_printf(r->a, T(r, "%s Saved now: %s."), msg, saved.data);
	buf_free(&saved);
	return msg != NULL ? msg : "";
}

int
h_user_update(struct req *r)
{
	struct user u;
	int rc = load_user(r, &u);
	if (rc == SC_ENOTFOUND)
		return req_error(r, 404, NULL);
	if (rc != SC_OK)
		return rc;
	struct form_errors e = {0};
	const char *reason = NULL;
	int64_t version = 0;
	if (parse_int64(req_field(r, "version"), 1, INT64_MAX, &version) != SC_OK)
		return req_error(r, 400, NULL);
	const char *name = req_field(r, "display_name");
	if (display_name_validate(name, &reason) != SC_OK)
		form_error(r, &e, "display_name", reason);
	uint32_t roles = roles_checked(r, &e);
	bool active = strcmp(req_field(r, "active"), "1") == 0;
	struct db *db = req_db(r);
	if (e.n == 0 && (u.roles & ROLE_BIT(ROLE_ADMIN)) && u.active &&
	    (!(roles & ROLE_BIT(ROLE_ADMIN)) || !active)) {
		int64_t admins = 0;
		rc = store_user_count_admins(db, &admins);
		if (rc != SC_OK)
			return rc;
		if (admins <= 1)
			form_error(r, &e, "roles", N_("This is the last active administrator; keep the role."));
	}
	if (e.n > 0) {
		/* Show what the user typed, not what is stored. */
		u.display_name = (char *)name;
		u.roles = roles;
		u.active = active;
		r->status = 422;
		return edit_page(r, &u, &e, NULL);
	}
	rc = store_tx_begin(db);
	if (rc == SC_OK)
		rc = store_user_update(db, u.id, version, r->user.centre_id, name, roles, active, time_now());
	if (rc == SC_ECONFLICT) {
		store_tx_rollback(db);
		struct user now;
		rc = store_user_by_id(db, r->a, u.id, &now);
		if (rc != SC_OK)
			return rc;
		r->status = 409;
		/* The form keeps what was typed, at the saved version; the
		 * message names what is saved where it differs. */
		struct user kept = now;
		kept.display_name = (char *)name;
		kept.roles = roles;
		kept.active = active;
		return edit_page(r, &kept, NULL, user_conflict_text(r, &now, &kept));
	}
	if (rc == SC_OK)
		rc = req_audit(r, "user.update", "user", id_text(r, u.id), "ok");
	if (rc == SC_OK && !active)
		rc = store_user_revoke_access(db, u.id, time_now());
	if (rc == SC_OK)
		rc = store_tx_commit(db);
	if (rc != SC_OK)
		return rc;
	page_flash(r, "user-saved");
	return req_redirect(r, arena_printf(r->a, "/admin/users/%lld", (long long)u.id));
}

static int
user_reset_hashed(struct req *r)
{
	if (!r->job.ok)
		return SC_ERR;
	int64_t id = 0;
	if (parse_int64(req_param(r, 0), 1, INT64_MAX, &id) != SC_OK)
		return SC_EINVAL;
	struct db *db = req_db(r);
	int64_t now = time_now();
	int rc = store_tx_begin(db);
	if (rc == SC_OK)
		rc = store_user_set_password(db, id, r->job.hash, now);
	if (rc == SC_OK)
		rc = store_user_revoke_access(db, id, now);
	if (rc == SC_OK)
		rc = req_audit(r, "user.password.reset", "user", id_text(r, id), "ok");
	if (rc == SC_OK)
		rc = store_tx_commit(db);
	if (rc != SC_OK)
		return rc;
	page_flash(r, "password-reset");
	return req_redirect(r, arena_printf(r->a, "/admin/users/%lld", (long long)id));
}

int
h_user_reset(struct req *r)
{
	struct user u;
	int rc = load_user(r, &u);
	if (rc == SC_ENOTFOUND)
		return req_error(r, 404, NULL);
	if (rc != SC_OK)
		return rc;
	struct form_errors e = {0};
	const char *reason = NULL;
	if (password_policy_check(req_field(r, "new_password"), u.username, &reason) != SC_OK) {
		form_error(r, &e, "new_password", reason);
		r->status = 422;
		return edit_page(r, &u, &e, NULL);
	}
	return auth_hash_async(r, HASH_CREATE, req_field(r, "new_password"), NULL, user_reset_hashed);
}
