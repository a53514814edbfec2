/*
 * internships.h — INTERNAL to src/web/: the internships area's sections
 * on other areas' pages (web/internships.c).
 */
#ifndef SC_WEB_INTERNSHIPS_H
#define SC_WEB_INTERNSHIPS_H

#include "http.h"

struct actor;
struct participant_brief;

/* The participant page's section: their placements with status (and,
 * for those who may, the form to propose one). Writes nothing when the
 * actor may not read the participant's placements. */
int internships_participant_section(struct req *r, const struct actor *actor, const struct participant_brief *p);

/* Today's section of the follow-up person: their active placements
 * without follow-up for the setting's weeks. Nothing when there are none. */
int internships_today_section(struct req *r, const struct actor *actor);

#endif
