/*
 * activities_parts.h — what the activities area's page files share
 * (activities.c, groups.c, registers.c, closures.c): a time and a date as
 * shown, a group's activity, the words and JSON of a mark, an enrolment's
 * JSON, the sessions'
 * table, the Monday of a week, the answers to an enrolment and to a
 * session changed, the self-certification rules as JSON. Other areas use
 * activities.h.
 */
#ifndef SC_WEB_ACTIVITIES_PARTS_H
#define SC_WEB_ACTIVITIES_PARTS_H

#include "form.h"
#include "http.h"
#include "resource.h"
#include "app/activity.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

struct actor;

/* The participant's enrol form lists the open groups up to this many, and
 * asks for a group's number beyond. */
#define ENROL_CHOICES_MAX 200

/* "HH:MM" of minutes after midnight (arena). */
const char *activity_hhmm(struct req *r, int minutes);
/* A date as shown; "" for none (y == 0). */
const char *activity_date_text(struct req *r, struct date d);
/* The label of a group's activity (a built-in's name is a msgid). */
const char *activity_label(struct req *r, const struct group *g);
/* The keys of a mark's kind and absence type ("" for none). */
const char *attendance_mark_key(const struct mark *m);
const char *attendance_absence_key(const struct mark *m);
/* The words of a mark: "Present", "Late (10 min)", "Absent: unexcused". */
const char *attendance_mark_words(struct req *r, const struct mark *m);
/* A mark as JSON: mark, minutes, absence, reason. */
json_t *attendance_mark_json(const struct mark *m);
/* An enrolment in a group as JSON, its status as the page says it on
 * today (group_enrolment_status_key(): "ended" once its last day has
 * passed). */
json_t *group_enrolment_json(const struct group_enrolment *en, struct date today);

/* The attendance rate of s with the reader's decimal mark ("92.5 %"), or a
 * dash when nothing was marked or s is NULL. */
const char *attendance_rate_text(struct req *r, const struct attendance_summary *s);
/* The Monday of the week of d. */
struct date monday_of(struct date d);
/* A table of sessions, linking to their registers when links, with the
 * group's column when with_group (groups.c). */
void sessions_table(struct req *r, const struct group_session *s, size_t n, bool links, bool with_group);
/* Answers a refused enrolment (JSON: the error; a page: the form again),
 * naming the clash c when there is one (groups.c). */
int enrol_refused(struct req *r, struct outcome *out, const struct enrol_clash *c, struct form_errors *e);
/* Answers an enrolment made: 201 with it, or back to location (groups.c). */
int enrolment_done(struct req *r, const struct actor *actor, int64_t id, const char *location);
/* Answers a session added, moved or cancelled (id): status (201, 200) with
 * it as JSON, or 303 to its row of the group's page (groups.c,
 * registers.c). */
int session_done(struct req *r, const struct actor *actor, int64_t id, int status);
/* A session added or moved refused because it clashes for someone
 * enrolled (sc->n > 0): the error under "anyway", beside the box that
 * saves it anyway, naming each of them with what they have then (another
 * of their groups, unnamed: it may be a health activity; their work
 * placement) and its hours. JSON: 409 with the error and "clashes"; a
 * page: e set and r->status 409, for the caller to draw the form again.
 * Returns 0 or an SC_ code. */
int session_clashes_refused(struct req *r, const struct session_clashes *sc, struct form_errors *e);
/* The self-certification rules in force and planned, as JSON (closures.c). */
json_t *rules_json(struct req *r, const struct self_cert_rule_row *items, size_t n);

#endif
