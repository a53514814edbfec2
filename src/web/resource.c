/*
 * resource.c — the actor of a request, and answering a command's outcome
 * as HTML or JSON; see resource.h.
 */
#include "resource.h"
#include "case.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/timeutil.h"

#include <string.h>

struct actor
req_actor(struct req *r)
{
	struct actor a = {
		.user_id = r->signed_in ? r->user.id : 0,
		.username = r->signed_in && r->user.username ? r->user.username : "",
		.name = r->signed_in && r->user.display_name ? r->user.display_name : "",
		.roles = r->signed_in ? r->user.roles : 0,
		.centre_id = r->signed_in ? r->user.centre_id : 0,
		.address = r->address,
		.now = time_now(),
		.today = case_today(),
		.store = r->app != NULL ? r->app->store : NULL,
	};
	return a;
}

bool
req_participant(struct req *r, const struct actor *actor, uint32_t parts, enum action act,
		struct participant_brief *p, int *rc)
{
	int64_t id = 0;
	if (parse_int64(req_param(r, 0), 1, INT64_MAX, &id) != SC_OK)
		id = 0;
	struct outcome out;
	*rc = app_participant(req_db(r), r->a, actor, id, parts, act, p, &out);
	if (*rc != SC_OK)
		return false;
	if (out.refusal != DONE) {
		*rc = req_error(r, outcome_status(&out), NULL);
		return false;
	}
	return true;
}

int
outcome_status(const struct outcome *out)
{
	switch (out->refusal) {
	case DONE:
		return 200;
	case REFUSED_INVALID:
		return 422;
	case REFUSED_NOT_FOUND:
		return 404;
	case REFUSED_FORBIDDEN:
		return 403;
	case REFUSED_STALE:
	case REFUSED_STATE:
	case REFUSED_DUPLICATE:
	case REFUSED_FULL:
		return 409;
	}
	return 500;
}

const char *
outcome_message(struct req *r, const struct outcome *out)
{
	if (out->message == NULL)
		return NULL;
	if (out->message_text[0] == NULL)
		return T(r, out->message);
	/* the texts are names, days and figures, never part of the format */
	const char *said = arena_printf(r->a, T(r, out->message), out->message_text[0],
					out->message_text[1] != NULL ? out->message_text[1] : "",
					out->message_text[2] != NULL ? out->message_text[2] : "");
	return said != NULL ? said : T(r, out->message);
}

static const char *
refusal_code(enum refusal why)
{
	switch (why) {
	case REFUSED_INVALID:
		return "invalid";
	case REFUSED_NOT_FOUND:
		return "not_found";
	case REFUSED_FORBIDDEN:
		return "forbidden";
	case REFUSED_STALE:
		return "stale";
	case REFUSED_DUPLICATE:
		return "duplicate";
	case REFUSED_FULL:
		return "full";
	default:
		return "conflict";
	}
}

void
outcome_form_errors(struct req *r, const struct outcome *out, struct form_errors *e)
{
	form_errors_from(r, &out->errors, e);
}

int
answer_refused_json(struct req *r, const struct outcome *out, const struct form_errors *e)
{
	int status = outcome_status(out);
	if (out->refusal == REFUSED_NOT_FOUND)
		return req_error(r, status, NULL);
	if (out->refusal == REFUSED_FORBIDDEN)
		return req_error(r, status, outcome_message(r, out));
	struct form_errors all = {0};
	if (e != NULL)
		all = *e;
	outcome_form_errors(r, out, &all);
	const char *msg = outcome_message(r, out);
	if (msg == NULL && out->refusal == REFUSED_INVALID && e != NULL && e->mistyped)
		msg = T(r, "Some fields have the wrong type.");
	if (msg == NULL)
		msg = out->refusal == REFUSED_INVALID ? T(r, "Some fields are wrong.")
		      : T(r, "The request conflicts with what is saved.");
	return api_error(r, status, refusal_code(out->refusal), msg, case_errors_json(&all));
}

int
answer_done(struct req *r, int status, json_t *record, const char *location, const char *flash)
{
	if (r->wants_json) {
		if (location != NULL && status == 201)
			req_header(r, "Location", location);
		return api_send(r, status, record);
	}
	json_decref(record);
	if (flash != NULL)
		page_flash(r, flash);
	return req_redirect(r, location);
}
