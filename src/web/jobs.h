/*
 * jobs.h — INTERNAL to src/web/: a job's list on the participant's
 * placements section (web/jobs.c).
 */
#ifndef SC_WEB_JOBS_H
#define SC_WEB_JOBS_H

#include "http.h"

struct actor;
struct employment;

/* The participant's jobs (app_participant_internships()), each linking
 * to its page (income and end). Nothing when there are none. */
void jobs_participant_list(struct req *r, const struct employment *jobs, size_t n);

#endif
