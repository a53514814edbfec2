/*
 * resource.h — INTERNAL to src/web/: what every declared resource shares.
 *
 * A resource is a page and its /api/v1/ twin: one handler, declared once in
 * in its area's table x_routes[] (src/web/x.c) with BOTH(method, page, api, handler,
 * permission) (PAGE() or API() when it has only one of them). The handler
 * reads its input with input_read() (form.h), runs a command or query of
 * src/app with req_actor(), and answers: as HTML or JSON by the route the
 * request came in on (r->wants_json). The helpers here turn a command's
 * outcome into the answer the request expects:
 *
 *   done        HTML: 303 to a page, with a flash; JSON: 200/201 with the record
 *   invalid     HTML: the page again with the errors beside the fields (422);
 *               JSON: 422 {"error":{"code":"invalid","fields":{...}}}
 *   stale, state, duplicate, full   409 (HTML: the page again with the message)
 *   not found   404 (HTML and JSON), forbidden 403
 */
#ifndef SC_WEB_RESOURCE_H
#define SC_WEB_RESOURCE_H

#include "app/app.h"
#include "form.h"
#include "http.h"

/* The actor of a request: the signed-in user in their centre, now. The
 * strings live as long as the request. */
struct actor req_actor(struct req *r);

/* Step 1 of a handler on a participant's record: the participant the route
 * names (its first parameter) when the actor may act on those parts of
 * their record (app_participant()). True with *p; false when not, with the
 * answer given (404, as for one that does not exist) and *rc the
 * handler's result. */
bool req_participant(struct req *r, const struct actor *actor, uint32_t parts, enum action act,
		     struct participant_brief *p, int *rc);

/* The HTTP status of a refusal: 422, 404, 403 or 409 (200 for DONE). */
int outcome_status(const struct outcome *out);

/* The refusal's message, translated (arena), or NULL when it has none. */
const char *outcome_message(struct req *r, const struct outcome *out);

/* Answers a refused command as JSON: the status of outcome_status() with
 * {"error":{"code","message","fields"}}; e (may be NULL) adds the field
 * errors read from the request (members of the wrong JSON type: "Some
 * fields have the wrong type."). */
int answer_refused_json(struct req *r, const struct outcome *out, const struct form_errors *e);

/* The outcome's field errors (and a message that belongs beside a field)
 * translated into e, for a form shown again. */
void outcome_form_errors(struct req *r, const struct outcome *out, struct form_errors *e);

/* Answers a done command: JSON with status and the record (stolen), or for
 * a page a 303 to location with the flash key (may be NULL). */
int answer_done(struct req *r, int status, json_t *record, const char *location, const char *flash);

#endif
