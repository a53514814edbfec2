/*
 * activity.h — the catalogue of activities, groups with their weekly
 * timetables, sessions, the centre's closure periods and enrolment in
 * groups (decision 35).
 *
 * An activity type is what the programme offers (a Norwegian class, the
 * job club, the health group ...): the eight the programme names are the
 * product's (activity_builtins[]), a centre adds its own. A group is one
 * run of a type: name, room, capacity, period, language of instruction,
 * for a Norwegian class a CEFR level, teachers and a weekly timetable
 * (domain/timetable.h). Its sessions are generated from the timetable and
 * edited one by one. A participant is enrolled in a group for a period,
 * or waits on the group's own waiting list.
 *
 * The records and their fields are declared once (domain/field.h); the
 * rules the types do not hold are the *_check() functions. Pure: no I/O,
 * no clock (today is passed in).
 */
#ifndef SC_DOMAIN_ACTIVITY_H
#define SC_DOMAIN_ACTIVITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/date.h"
#include "domain/field.h"
#include "domain/timetable.h"

/* ---- the catalogue ---- */

enum activity_kind {
	KIND_LANGUAGE,
	KIND_WORK,
	KIND_VOCATIONAL,
	KIND_THEMATIC,
	KIND_HEALTH,
	KIND_SELF_MOTIVATION,
	ACTIVITY_KIND_COUNT
};

/* Keys ("language", "work", "vocational", "thematic", "health",
 * "self_motivation") and labels. */
extern const struct field_option activity_kind_options[ACTIVITY_KIND_COUNT];

/* The eight types of the programme (PRODUCT.md, "Activities"). */
#define ACTIVITY_BUILTINS 8
#define ACTIVITY_NORWEGIAN "norwegian"   /* the key of the Norwegian class */

struct activity_builtin {
	const char *key;           /* stored in activity_types.key */
	const char *name;          /* msgid */
	const char *description;   /* msgid */
	enum activity_kind kind;
	bool health_only;          /* who attends is seen by health staff only */
};

extern const struct activity_builtin activity_builtins[ACTIVITY_BUILTINS];

/* The built-in type of key, or NULL. */
const struct activity_builtin *activity_builtin_of(const char *key);

#define ACTIVITY_NAME_MAX 80
#define ACTIVITY_DESCRIPTION_MAX 1000

/* An activity type. Field keys (form, API, table activity_types): id, key,
 * name, kind, description, health_only, version. A built-in type has a
 * key and no name of its own (activity_type_label()); a centre's has a
 * name and no key. */
struct activity_type {
	int64_t id;
	const char *key;           /* kept by the product: a built-in's key, "" else */
	const char *name;          /* required for a centre's own type */
	int kind;                  /* enum activity_kind, required */
	const char *description;
	int health_only;           /* FT_BOOL */
	int64_t version;
};

extern const struct fields activity_type_fields;

/* The name to show: a built-in's msgid (to translate), else the type's
 * own name. *translate says which. */
const char *activity_type_label(const char *key, const char *name, bool *translate);

/* ---- groups ---- */

#define GROUP_NAME_MAX 80
#define GROUP_ROOM_MAX 60
#define GROUP_LANGUAGE_MAX 60
#define GROUP_CAPACITY_MAX 200
#define GROUP_TEACHERS_MAX 6
/* The longest a group runs: two years. */
#define GROUP_MAX_DAYS 731

/* Weekday keys "monday".."sunday" (option i is weekday i + 1). */
extern const struct field_option weekday_options[7];

/* One slot of the weekly timetable as the form and the API give it. */
struct group_slot {
	int weekday;           /* FT_ENUM: 0 = Monday .. 6 = Sunday */
	const char *start;     /* "HH:MM" */
	const char *end;       /* "HH:MM" */
};

extern const struct fields group_slot_fields;

/* A teacher of a group. */
struct group_teacher {
	int64_t user_id;
};

/* A group. Field keys (form, API, table activity_groups): id,
 * activity_type_id, activity_name, activity_key, health_only, name, room,
 * capacity, starts_on, ends_on, language, level, teachers (user ids),
 * slots (weekday, start, end), enrolled, waiting, version. */
struct group {
	int64_t id;
	int64_t activity_type_id;     /* required */
	const char *activity_name;    /* computed: the type's label (a msgid for a built-in) */
	const char *activity_key;     /* computed: the built-in's key, "" else */
	int health_only;              /* computed from the type */
	const char *name;             /* required */
	const char *room;
	int64_t capacity;             /* required, 1..GROUP_CAPACITY_MAX */
	struct date starts_on;        /* required */
	struct date ends_on;          /* required */
	const char *language;         /* of instruction */
	int level;                    /* enum cefr: required for a Norwegian class */
	struct field_list teachers;   /* struct group_teacher, 1..GROUP_TEACHERS_MAX */
	struct field_list slots;      /* struct group_slot, 1..TIMETABLE_MAX_SLOTS */
	int64_t enrolled;             /* computed: enrolled now or later */
	int64_t waiting;              /* computed: on the waiting list */
	int64_t version;
};

extern const struct fields group_fields;

/* What group_check() needs to know of the store. */
struct group_facts {
	bool type_found;             /* activity_type_id is a type of the centre */
	bool norwegian;              /* the type is the Norwegian class */
	bool health_only;            /* the type is for health staff only */
	/* per teacher in g->teachers: 0 not a teacher of the centre, 1 a teacher,
	 * 2 health staff */
	const int *teacher_role;
	struct date last_marked;     /* the last session with marks ({0} none): an update */
	struct date first_marked;    /* the first session with marks ({0} none) */
};

#define GROUP_TEACHER_NONE 0
#define GROUP_TEACHER_TEACHER 1
#define GROUP_TEACHER_HEALTH 2

/*
 * The rules of a group the types do not hold: the type is one of the
 * centre's; the period ends on or after its start and is at most
 * GROUP_MAX_DAYS; a Norwegian class has a level; the teachers are teachers
 * or health staff of the centre (health staff only for a health-only type),
 * none twice; the timetable is valid (timetable_check); an updated group
 * keeps every session with marks inside its period. slots (out, may be
 * NULL) gets the slots in minutes (room for TIMETABLE_MAX_SLOTS), *nslots
 * their number. Adds to e; true when there is nothing to add.
 */
bool group_check(const struct group *g, const struct group_facts *facts, struct slot *slots, size_t *nslots,
		 struct field_errors *e);

/* The capacity of a group changed: not below taken, the most participants
 * enrolled on one day from today on (group_places_taken). The refusal
 * names both numbers. Adds to e; true when there is nothing to add. */
bool group_capacity_check(int64_t capacity, int taken, struct field_errors *e);

/* ---- sessions ---- */

enum session_status { SESSION_PLANNED, SESSION_CANCELLED, SESSION_STATUS_COUNT };
extern const struct field_option session_status_options[SESSION_STATUS_COUNT];

#define SESSION_REASON_MAX 200

/* A session of a group. Field keys (API): id, group_id, group_name,
 * on_date, start, end, status, cancel_reason, extra, moved_from, expected,
 * marks. The table keeps the times as start_min and end_min. */
struct group_session {
	int64_t id;
	int64_t group_id;
	const char *group_name;       /* computed */
	struct date on_date;
	const char *start, *end;      /* "HH:MM" */
	int status;                   /* enum session_status */
	const char *cancel_reason;
	int extra;                    /* FT_BOOL: added by hand */
	struct date moved_from;       /* the date it was moved from */
	int64_t expected;             /* participants enrolled on its date */
	int64_t marks;                /* marks saved */
	int64_t version;              /* of its day, times and status: a move
				       * or cancellation names it */
	/* not fields */
	int start_min, end_min;
	int64_t closure_id;
	bool health_only;             /* its group's activity is health staff's
				       * only (the store's session lists fill it) */
};

extern const struct fields group_session_fields;

/* A session moved, or added by hand: date, times, and for a move a
 * reason. Field keys: on_date, start, end, reason, anyway. */
struct session_input {
	struct date on_date;     /* required */
	const char *start;       /* required, HH:MM */
	const char *end;         /* required, HH:MM */
	const char *reason;      /* a move: optional */
	int anyway;              /* FT_BOOL: saved even if it clashes for
				  * someone enrolled (app/clash.h): they miss it */
};

extern const struct fields session_input_fields;

/* A cancellation: the reason (required). */
struct session_cancel {
	const char *reason;
};

extern const struct fields session_cancel_fields;

/*
 * The rules of a session moved or added the types do not hold: the times
 * read (HH:MM, between 06:00 and 22:00, start before end); the date inside
 * the group's period, not a public holiday, not in a closure. *out gets
 * the date and times. Adds to e; true when there is nothing to add.
 */
bool session_input_check(const struct session_input *in, struct date group_start, struct date group_end,
			 const struct closure *closures, size_t nclosures, struct session_time *out,
			 struct field_errors *e);

/* The minutes of a session. */
int group_session_minutes(const struct group_session *s);

/* ---- closures ---- */

#define CLOSURE_NAME_MAX 60
/* The longest closure: about four months. */
#define CLOSURE_MAX_DAYS 123

/* A closure period of the centre. Field keys (form, API, table closures):
 * id, name, from_on, to_on, cancelled (computed: sessions it cancelled). */
struct closure_period {
	int64_t id;
	const char *name;     /* required: "Summer", "Christmas" */
	struct date from_on;  /* required */
	struct date to_on;    /* required */
	int64_t cancelled;    /* computed */
};

extern const struct fields closure_fields;

/* The rules of a closure: to_on not before from_on, at most
 * CLOSURE_MAX_DAYS. Adds to e. */
bool closure_check(const struct closure_period *c, struct field_errors *e);

/* ---- enrolment in a group ---- */

enum group_enrolment_status { ENROL_ENROLLED, ENROL_WAITING, ENROL_REMOVED, ENROL_STATUS_COUNT };
extern const struct field_option group_enrolment_status_options[ENROL_STATUS_COUNT];

/* An enrolment in a group, or a place on its waiting list. Field keys
 * (forms, API, table group_enrolments): id, group_id, group_name,
 * participant_id, given_name, family_name, status, starts_on, ends_on,
 * goal_id, waitlist, created_at, end_reason. From the participant's page the group is
 * chosen (group_enrolment_from_participant_fields), from the group's page
 * the participant (group_enrolment_from_group_fields). */
struct group_enrolment {
	int64_t id;
	int64_t group_id;
	const char *group_name;       /* computed */
	int64_t participant_id;
	const char *given_name;       /* computed */
	const char *family_name;      /* computed */
	int status;                   /* enum group_enrolment_status */
	struct date starts_on;        /* not given: the later of today and the group's start */
	struct date ends_on;          /* not given: the group's end */
	int64_t goal_id;              /* a goal of the participant's plan, 0 = none */
	int waitlist;                 /* FT_BOOL, input: wait when the group is full */
	int64_t created_at;
	const char *end_reason;       /* computed: why it was ended early ("" when not) */
	/* not fields */
	int health_only;
	const char *activity_key;
	int64_t contact_id;           /* the participant's contact person, 0 = none */
};

extern const struct fields group_enrolment_fields;
extern const struct fields group_enrolment_from_participant_fields;
extern const struct fields group_enrolment_from_group_fields;

/*
 * The rules of an enrolment the types do not hold, for a group running
 * from group_start to group_end: a start not given is the later of today
 * and the group's start, an end not given the group's end (e gets them);
 * both inside the group's period, the end not before the start and not
 * before today. Adds to e; true when there is nothing to add.
 */
bool group_enrolment_check(struct group_enrolment *en, struct date group_start, struct date group_end,
			   struct date today, struct field_errors *e);

/*
 * A place in a group (or on its waiting list, or offered from it) is not
 * for someone who has left the programme (participant_status "exited" or
 * "closed"): refused under participant_id. One in intake (registered,
 * referred, waiting, offered) may begin in a group before the programme
 * period (a Norwegian class while waiting); the exit ends the places
 * (decision 143). Adds to e; true when there is nothing to add.
 */
bool group_enrolment_period_check(const char *participant_status, struct field_errors *e);

/* Why no place in a group is for a participant of participant_status
 * (msgid): they have left the programme (participant_has_left()); NULL
 * when one may be theirs. group_enrolment_period_check() refuses with it;
 * the participant's page says it instead of the form to enrol. */
const char *group_place_refusal(const char *participant_status);

/* Whether en holds a place now or later on today: enrolled or waiting,
 * its last day not passed. An enrolment whose last day has passed (its
 * end, an end early, an exit) has ended. */
bool group_enrolment_current(const struct group_enrolment *en, struct date today);

/* The status shown of en on today (msgid): "Ended" for an enrolment whose
 * last day has passed, else its status's label. The one place an
 * enrolment's status is put in words. */
const char *group_enrolment_status_label(const struct group_enrolment *en, struct date today);

/* The same status as the API says it: "ended" for an enrolment whose last
 * day has passed, else the stored status's key ("enrolled", "waiting",
 * "removed"); "" when that is unknown. By the one rule of
 * group_enrolment_status_label(). */
const char *group_enrolment_status_key(const struct group_enrolment *en, struct date today);

/* An enrolment ended early: the last day in the group and why. Field
 * keys: ends_on, reason. */
#define ENROLMENT_END_REASON_MAX 200
struct enrolment_end {
	struct date ends_on;    /* required */
	const char *reason;     /* required */
};

extern const struct fields enrolment_end_fields;

/*
 * The rules of an end the types do not hold, for an enrolment from
 * starts_on to ends_on whose last mark in the group is on last_mark ({0}:
 * none): the last day inside the enrolment, and not before a day the
 * participant has a mark. Adds to e; true when there is nothing to add.
 */
bool enrolment_end_check(const struct enrolment_end *in, struct date starts_on, struct date ends_on,
			 struct date last_mark, struct field_errors *e);

/*
 * True when the end asked for withdraws an enrolment that has not begun
 * (its first day starts_on after today): a last day before that first
 * day. Such an enrolment holds no place from then on (it is removed); the
 * last day given cannot be before today (added to e).
 */
bool enrolment_end_withdraws(const struct enrolment_end *in, struct date starts_on, struct date today,
			     struct field_errors *e);

/* ---- places ---- */

/* Places taken in a group by the enrolments (starts[i], ends[i]) whose
 * periods overlap from..to: the most on any one day. */
int group_places_taken(const struct date *starts, const struct date *ends, size_t n, struct date from,
		       struct date to);

#endif
