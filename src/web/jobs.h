/*
 * jobs.h — INTERNAL to src/web/: a job's list on the participant's
 * placements section (web/jobs.c).
 */
#ifndef SC_WEB_JOBS_H
#define SC_WEB_JOBS_H

#include "http.h"

struct actor;
struct participant_brief;

/* The participant's jobs, each linking to its page (income and end).
 * Nothing when there are none or the actor may not read them. */
int jobs_participant_list(struct req *r, const struct actor *actor, const struct participant_brief *p);

#endif
