/*
 * activities.h — INTERNAL to src/web/: the section of the participant's
 * page that activities.c writes (groups, the link to the timetable and the
 * month's attendance, the form to enrol in a group).
 */
#ifndef SC_WEB_ACTIVITIES_H
#define SC_WEB_ACTIVITIES_H

#include <jansson.h>

#include "app/app.h"
#include "app/participant.h"
#include "http.h"
#include "store/store.h"

/* The participant's groups and this month's attendance, with the form to
 * enrol for those who may: on the participant's page, whose overview
 * (app_participant_overview() of p) holds the levels the chart shows. */
int activities_participant_section(struct req *r, const struct actor *actor, const struct participant_brief *p,
				   const struct participant_overview *ov);

/* The same, with the errors of a refused enrolment beside its form. */
int activities_participant_section_errors(struct req *r, const struct actor *actor, const struct participant_brief *p,
					  const struct form_errors *e);

/* Today's section of the contact person's participants with unexcused
 * absence in a row, and its JSON member ("unexcused_in_a_row") added to j. */
int activities_today_section(struct req *r, const struct actor *actor);
int activities_today_json(struct req *r, const struct actor *actor, json_t *j);

/* A teacher's part of the home page (registers.c): today's sessions with
 * their registers' status, the registers not marked, the groups they
 * teach. Nothing for one who teaches no group. */
int registers_home_section(struct req *r);

/* The chart of a participant's Norwegian levels (SVG) with the same
 * figures in a table (levels.c). */
void levels_chart(struct req *r, const struct language_assessment *items, size_t n);

#endif
