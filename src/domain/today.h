/*
 * today.h — a contact person's day: the Today page's lines, and how they
 * are sorted into its sections by the follow-up rules (domain/followup.h).
 *
 * The store reads five lists of lines (struct today_lists, by
 * today_row_fields); today_sort() puts each line in its section: meetings
 * planned for today, what is overdue (followup_overdue(), the one rule the
 * caseload figures count by), what is due in the next few days, and who
 * has had no contact.
 */
#ifndef SC_DOMAIN_TODAY_H
#define SC_DOMAIN_TODAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/date.h"
#include "domain/field.h"

struct arena;

/* Lines of one list are at most this many; `more` says some were left out. */
#define TODAY_MAX_ROWS 200

/* One line: an item and its participant. Field keys (the columns of the
 * store's queries): participant_id, given_name, family_name, item_id,
 * item_date, title, item_text, detail. */
struct today_row {
	int64_t participant_id;
	const char *given_name;
	const char *family_name;
	int64_t id;          /* the goal step, evaluation, task or meeting; 0 for no contact */
	struct date date;    /* due date; the planned meeting date; the last contact
			      * (not given: never) */
	const char *title;   /* goal steps: the goal's title; tasks: the kind; else "" */
	const char *text;    /* goal steps: the step; else "" */
	const char *detail;  /* planned meetings: held_on of the meeting that planned
			      * it; no contact: "meeting" or "start" (the programme
			      * start stood in for a meeting), "" when never; else "" */
};

/* The fields of a line. */
extern const struct fields today_row_fields;

struct today_list {
	struct today_row *rows;
	size_t n;
	bool more;           /* TODAY_MAX_ROWS were returned and there are more */
};

/*
 * The lists the store reads for one contact person, each ordered by date,
 * then name:
 *
 *  planned     participants of the caseload (not exited or closed) whose
 *              latest meeting planned a next meeting on or before today;
 *  steps       not-done goal steps of the caseload, of open goals, due on
 *              or before the window end (followup_due_window_end());
 *  evaluations not-done plan evaluations of the caseload due by then;
 *  no_contact  active or paused participants whose last meeting (or, with
 *              none, programme start) is before followup_no_contact_before(),
 *              or who have neither;
 *  tasks       follow-up tasks assigned to the user, not done, due by the
 *              window end (whatever the participant's contact person is now).
 */
struct today_lists {
	struct today_list planned;
	struct today_list steps;
	struct today_list evaluations;
	struct today_list no_contact;
	struct today_list tasks;
};

/* What a line of a section is; the order of kinds sorts lines of one date. */
enum today_kind {
	TODAY_MEETING = 0,    /* a meeting planned for today */
	TODAY_STEP,           /* a goal step */
	TODAY_EVALUATION,     /* a plan evaluation */
	TODAY_FOLLOWUP,       /* a follow-up task after exit */
	TODAY_PLANNED,        /* a planned meeting that passed, no meeting since */
	TODAY_NO_CONTACT,     /* no contact for too long */
};

/* "meeting", "goal_step", "evaluation", "followup", "planned_meeting",
 * "no_contact" (the API's "kind"); "" outside the enum. */
const char *today_kind_key(enum today_kind k);

struct today_entry {
	enum today_kind kind;
	const struct today_row *row;
};

struct today_section {
	struct today_entry *items;
	size_t n;
};

/* A contact person's day, sorted into the page's sections. */
struct today {
	struct date today;
	int due_soon_days;               /* "due soon" looks this many days ahead */
	int no_contact_days;             /* "no contact" after this many days */
	struct today_lists lists;        /* what the store read */
	struct today_section meetings;   /* planned for today */
	struct today_section overdue;    /* steps, evaluations, follow-ups, passed meetings */
	struct today_section due;        /* in the next due_soon_days */
	struct today_section no_contact;
	bool more;                       /* some list was cut at TODAY_MAX_ROWS */
};

/*
 * Sorts d->lists into d's sections by d->today and d->due_soon_days:
 * planned meetings of today to meetings, passed ones to overdue; steps,
 * evaluations and follow-ups to overdue or due (others are left out); no
 * contact as it is. Overdue and due are ordered by date, kind, family
 * name, given name, id. The sections' items come from the arena (they
 * point at the lists' rows). Returns 0, or SC_ENOMEM.
 */
int today_sort(struct today *d, struct arena *a);

#endif
