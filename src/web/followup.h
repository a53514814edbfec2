/*
 * followup.h — INTERNAL to src/web/: a participant's follow-up page
 * (/participants/:id/meetings, meetings.c) and the sections other files
 * add to it: the follow-ups after exit (tasks.c) and the referrals to
 * health staff (health.c). A refused form of any of them shows the page
 * again, with its errors beside its fields.
 */
#ifndef SC_WEB_FOLLOWUP_H
#define SC_WEB_FOLLOWUP_H

#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "http.h"

struct participant_brief;
struct task;

/* What the page shows besides its lists. */
struct followup_view {
	int64_t page;                              /* of the meeting log, from 1 */
	const struct form_errors *meeting_errors;  /* a refused meeting (values from the form) */
	int64_t task_id;                           /* the follow-up whose form was refused */
	const struct form_errors *task_errors;     /* keyed "task-N-result", "task-N-note" */
	const char *notice;                        /* an error-box message at the top */
	const struct form_errors *referral_errors; /* a refused health referral */
};

/* The follow-up page of participant_id as the actor sees it (the meeting
 * log is audited as read); 404 when the actor may not read the
 * participant's follow-up. */
int followup_page(struct req *r, const struct actor *actor, int64_t participant_id,
		  const struct followup_view *v);

/* The follow-ups after exit: a card per task, the form to register the
 * open ones for whoever writes the follow-up. */
void tasks_section(struct req *r, const struct actor *actor, const struct participant_brief *p,
		   const struct task *tasks, size_t n, const struct followup_view *v);

/* The referrals to health staff, each open one with a button to end it,
 * and the form to refer (e: its errors after a refused referral). */
int health_referrals_section(struct req *r, const struct actor *actor, const struct participant_brief *p,
			     const struct form_errors *e);

#endif
