/*
 * api.c — what every resource's /api/v1/ twin shares: paging. Same
 * sessions (with the CSRF header) or per-user bearer tokens; same
 * permission checks as the pages (routes.c).
 *
 * Conventions: lists are {"items":[...], "page":N, "per_page":N, "total":N}
 * with ?page= and ?per_page= (at most 200); errors are
 * {"error":{"code":"...","message":"...","fields":{"name":"reason"}}}.
 * Every member a request body may carry is declared with its JSON type
 * (domain/field.h, read by form.c's input_read; struct api_field, case.h,
 * for the areas not yet declared that way): unknown members are a 400
 * "unknown_fields", and a member of another type (a number for text, "5"
 * for a whole number, "yes" for true, one text for a list) is a 422
 * "invalid" naming every such member and the type expected, before
 * anything else is read. Nothing is converted. An action that takes no
 * input (a delete, a revoke, an approval: api_no_body()) takes no body or
 * an empty object. A body over http.max_body is a 413 "too_large", in the
 * same JSON (server.c), before it is read.
 */
#include "case.h"
#include "http.h"
#include "util/err.h"

bool
paging_read(struct req *r, int64_t *page, int64_t *per_page, const char **page_error,
	    const char **per_page_error)
{
	*page_error = *per_page_error = NULL;
	*page = 1;
	if (*req_qs(r, "page") && parse_int64(req_qs(r, "page"), 1, PAGING_MAX_PAGE, page) != SC_OK)
		*page_error = N_("The page must be a whole number from 1.");
	if (*req_qs(r, "per_page") && parse_int64(req_qs(r, "per_page"), 1, PAGING_MAX_PER_PAGE, per_page) != SC_OK)
		*per_page_error = N_("per_page must be from 1 to 200.");
	return *page_error == NULL && *per_page_error == NULL;
}

bool
api_paging(struct req *r, int64_t *page, int64_t *per_page, int *rc)
{
	const char *page_error, *per_page_error;
	*per_page = 50;
	if (paging_read(r, page, per_page, &page_error, &per_page_error))
		return true;
	json_t *fields = json_object();
	if (page_error != NULL)
		json_object_set_new(fields, "page", json_string(T(r, page_error)));
	if (per_page_error != NULL)
		json_object_set_new(fields, "per_page", json_string(T(r, per_page_error)));
	*rc = api_error(r, 400, "invalid", T(r, "The paging parameters are wrong."), fields);
	return false;
}

bool
api_no_body(struct req *r, int *rc)
{
	if (!r->wants_json || r->json == NULL)
		return true;
	if (!json_is_object(r->json)) {
		*rc = api_error(r, 400, "bad_request", T(r, "Send a JSON object."), NULL);
		return false;
	}
	if (json_object_size(r->json) == 0)
		return true;
	json_t *unknown = json_object();
	const char *key;
	json_t *v;
	json_object_foreach(r->json, key, v)
		json_object_set_new(unknown, key, json_string(T(r, "Unknown field.")));
	*rc = api_error(r, 400, "unknown_fields", T(r, "The request has fields this resource does not know."), unknown);
	return false;
}

json_t *
api_page_json(json_t *items, int64_t page, int64_t per_page, int64_t total)
{
	return json_pack("{s:o, s:I, s:I, s:I}", "items", items, "page", (json_int_t)page,
			 "per_page", (json_int_t)per_page, "total", (json_int_t)total);
}
