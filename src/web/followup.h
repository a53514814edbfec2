/*
 * followup.h — INTERNAL to src/web/: a participant's follow-up page
 * (/participants/:id/meetings), drawn by followup.c with its three parts:
 * the meeting log (logged through meetings.c), the follow-ups after exit
 * (registered through tasks.c) and the referrals to health staff (made
 * and ended through health.c). A refused form of any of them shows the
 * page again, with its errors beside its fields.
 */
#ifndef SC_WEB_FOLLOWUP_H
#define SC_WEB_FOLLOWUP_H

#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "form.h"
#include "http.h"

#define MEETINGS_PER_PAGE 20

/* How a form shows a meeting's fields (logging one, editing one). */
extern const struct field_ui meeting_ui[];

struct participant_brief;

/* What the page shows besides its lists. */
struct followup_view {
	int64_t page;                              /* of the meeting log, from 1 */
	int64_t per_page;                          /* its meetings a page; 0: MEETINGS_PER_PAGE */
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

/* The id of a task form's field: "task-N-result" (one form per task on
 * the page), as the page keys a refused task's errors (arena). */
const char *task_field_id(struct req *r, int64_t task_id, const char *key);

#endif
