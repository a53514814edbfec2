/*
 * respond.c — the small helpers every handler uses to answer: headers,
 * redirects, cookies, inputs, error pages (HTML or JSON) and audit entries.
 */
#include "http.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/log.h"
#include "util/timeutil.h"

#include <stdlib.h>
#include <string.h>

void
req_header(struct req *r, const char *name, const char *value)
{
	if (r->nheaders < REQ_MAX_HEADERS && name != NULL && value != NULL) {
		r->hdr_name[r->nheaders] = name;
		r->hdr_value[r->nheaders] = value;
		r->nheaders++;
	} else {
		log_warn("response header %s dropped: too many headers", name ? name : "?");
	}
}

int
req_redirect(struct req *r, const char *location)
{
	r->status = 303;
	req_header(r, "Location", location);
	buf_reset(&r->out);
	r->content_type = "text/plain; charset=utf-8";
	return H_DONE;
}

void
req_cookie(struct req *r, const char *name, const char *value, long max_age)
{
	char *c;
	if (max_age == 0)
		c = arena_printf(r->a, "%s=; Max-Age=0%s", name, r->app->cookie_attrs);
	else if (max_age < 0)
		c = arena_printf(r->a, "%s=%s%s", name, value, r->app->cookie_attrs);
	else
		c = arena_printf(r->a, "%s=%s; Max-Age=%ld%s", name, value, max_age, r->app->cookie_attrs);
	if (c != NULL)
		req_header(r, "Set-Cookie", c);
}

const char *
T(const struct req *r, const char *msgid)
{
	return tr(r->lang, msgid);
}

const char *
req_param(const struct req *r, int idx)
{
	return idx >= 0 && idx < REQ_MAX_PARAMS && r->params[idx] ? r->params[idx] : "";
}

int64_t
req_param_id(const struct req *r, int idx)
{
	int64_t id = 0;
	return parse_int64(req_param(r, idx), 1, INT64_MAX, &id) == SC_OK ? id : 0;
}

const char *
req_field(const struct req *r, const char *name)
{
	const char *v = kv_get(&r->form, name);
	return v ? v : "";
}

const char *
req_qs(const struct req *r, const char *name)
{
	const char *v = kv_get(&r->query, name);
	return v ? v : "";
}

int
req_audit(struct req *r, const char *action, const char *record_type,
	  const char *record_id, const char *outcome)
{
	struct db *db = req_db(r);
	int64_t uid = r->signed_in ? r->user.id : 0;
	int64_t centre = r->signed_in ? r->user.centre_id : 0;
	const char *uname = r->signed_in ? r->user.username : "";
	int rc;
	/* A read outside a transaction goes through the audit queue (batched
	 * writes); a change, or a read the handler wraps in a transaction, is
	 * written with it. */
	if ((r->method == M_GET || r->method == M_HEAD) && !store_in_tx(db))
		rc = store_audit_queue_add(r->app->store, db, centre, time_now(), uid, uname, action,
					   record_type, record_id, r->address, outcome);
	else
		rc = store_audit_add(db, centre, time_now(), uid, uname, action, record_type, record_id,
				     r->address, outcome);
	if (rc != SC_OK)
		log_error("audit entry %s could not be written: %s", action, sc_strerror(rc));
	return rc;
}

static const char *
status_code_name(int status)
{
	switch (status) {
	case 400: return "bad_request";
	case 401: return "unauthenticated";
	case 403: return "forbidden";
	case 404: return "not_found";
	case 405: return "method_not_allowed";
	case 409: return "conflict";
	case 413: return "payload_too_large";
	case 414: return "uri_too_long";
	case 415: return "unsupported_media_type";
	case 422: return "invalid";
	case 429: return "too_many_requests";
	case 503: return "unavailable";
	default: return "internal_error";
	}
}

int
api_send(struct req *r, int status, json_t *v)
{
	r->status = status;
	r->content_type = "application/json";
	buf_reset(&r->out);
	if (v == NULL)
		return SC_ENOMEM;
	char *s = json_dumps(v, JSON_COMPACT);
	json_decref(v);
	if (s == NULL)
		return SC_ENOMEM;
	buf_puts(&r->out, s);
	buf_putc(&r->out, '\n');
	free(s);
	return H_DONE;
}

int
api_error(struct req *r, int status, const char *code, const char *message, json_t *fields)
{
	json_t *err = json_pack("{s:s, s:s, s:o}", "code", code, "message", message,
				"fields", fields ? fields : json_object());
	return api_send(r, status, json_pack("{s:o}", "error", err));
}

int
req_unavailable(struct req *r)
{
	r->nheaders = 0;
	req_header(r, "Retry-After", RETRY_AFTER_UNAVAILABLE);
	const char *title = T(r, "Temporarily unavailable");
	const char *text = T(r, "The database cannot be reached just now. Try again in a moment.");
	if (r->wants_json)
		return api_error(r, 503, status_code_name(503), text, NULL);
	buf_reset(&r->out);
	page_begin(r, title);
	html_lit(&r->out, "<h1>");
	html_text(&r->out, title);
	html_lit(&r->out, "</h1><p>");
	html_text(&r->out, text);
	html_lit(&r->out, "</p>");
	r->status = 503;
	return page_end(r);
}

int
req_error(struct req *r, int status, const char *message)
{
	const char *title, *text;
	switch (status) {
	case 403:
		title = T(r, "Access denied");
		text = T(r, "You do not have access to this page.");
		if (r->signed_in)
			req_audit(r, "access.denied", r->deny_type ? r->deny_type : "route",
				  r->deny_type ? r->deny_id : r->path_raw, "denied");
		break;
	case 404:
		title = T(r, "Page not found");
		text = T(r, "The page you asked for does not exist.");
		/* A record the user may not see answers as one that does not
		 * exist, and is audited as the denial it is. */
		if (r->signed_in && r->deny_type != NULL)
			req_audit(r, "access.denied", r->deny_type, r->deny_id, "denied");
		break;
	case 405:
		title = T(r, "Method not allowed");
		text = T(r, "This address does not accept that kind of request.");
		break;
	case 400:
		title = T(r, "Bad request");
		text = T(r, "The request could not be understood.");
		break;
	case 409:
		/* a refusal by the record's state (full, a clash, done
		 * already); the message says which */
		title = T(r, "Not done");
		text = T(r, "The record is not in a state that allows this.");
		break;
	case 422:
		title = T(r, "Not saved");
		text = T(r, "Some fields are wrong.");
		break;
	case 413:
		title = T(r, "Too large");
		text = T(r, "What you sent is larger than the server accepts.");
		break;
	case 414:
		title = T(r, "Address too long");
		text = T(r, "The address is longer than the server accepts.");
		break;
	case 415:
		title = T(r, "Bad request");
		text = T(r, "The server does not accept this type of content.");
		break;
	case 429:
		title = T(r, "Too many tries");
		text = T(r, "Too many tries from this address. Try again later.");
		break;
	case 503:
		title = T(r, "Busy");
		text = T(r, "The server is busy. Try again in a moment.");
		break;
	default:
		status = 500;
		title = T(r, "Something went wrong");
		text = T(r, "The error has been logged. Try again, or contact your administrator.");
		break;
	}
	if (message != NULL)
		text = message;
	if (r->wants_json)
		return api_error(r, status, status_code_name(status), text, NULL);
	buf_reset(&r->out);
	page_begin(r, title);
	html_lit(&r->out, "<h1>");
	html_text(&r->out, title);
	html_lit(&r->out, "</h1><p>");
	html_text(&r->out, text);
	html_lit(&r->out, "</p><p><a href=\"/\">");
	html_text(&r->out, T(r, "Go to the start page"));
	html_lit(&r->out, "</a></p>");
	r->status = status;
	return page_end(r);
}
