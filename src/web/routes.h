/*
 * routes.h — INTERNAL to src/web/: how an area declares its routes.
 *
 * Each area keeps its routes beside its handlers, as one table:
 *
 *     const struct route meetings_routes[] = {
 *         BOTH(GET_HEAD, "/participants/:id/meetings",
 *              "/api/v1/participants/:id/meetings", h_meetings, NEED(RES_WORKPLANS, ACT_READ)),
 *         PAGE(M_POST, "/tasks/:id/done", h_task_done, NEED(RES_WORKPLANS, ACT_WRITE)),
 *         ROUTES_END
 *     };
 *
 * BOTH declares a resource: the page and its /api/v1/ twin, one handler,
 * one permission; the handler answers HTML or JSON as the route it was
 * reached by says (r->wants_json). PAGE and API declare a page or an API
 * call alone. The area is registered with one line in areas.def, in the
 * order its routes are matched (a literal segment before a ":param" one).
 */
#ifndef SC_WEB_ROUTES_H
#define SC_WEB_ROUTES_H

#include "http.h"

#define GET_HEAD (M_GET | M_HEAD)
#define PUB PERM_PUBLIC, RES_SELF, ACT_READ
#define ANON PERM_ANON, RES_SELF, ACT_READ
#define NEED(res, act) PERM_RESOURCE, res, act

/* The permission is the last argument: PUB, ANON or NEED(res, act). */
#define PAGE(method, pattern, fn, ...) {method, pattern, fn, __VA_ARGS__, false}
#define API(method, pattern, fn, ...) {method, pattern, fn, __VA_ARGS__, true}
#define BOTH(method, page, api, fn, ...) PAGE(method, page, fn, __VA_ARGS__), API(method, api, fn, __VA_ARGS__)
#define ROUTES_END {0, NULL, NULL, PERM_UNDECLARED, RES_SELF, ACT_READ, false}

/* Every area's table, from areas.def. */
#define AREA(name) extern const struct route name##_routes[];
#include "areas.def"
#undef AREA

#endif
