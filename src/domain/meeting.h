/*
 * meeting.h — the meeting log: each meeting or contact a contact person has
 * with a participant (PART_FOLLOWUP, domain/access.h): when it was held,
 * how (the channel), whether an interpreter was used, the minutes, the next
 * steps and the date of the next meeting.
 *
 * The record and its fields, declared once (domain/field.h): the form, the
 * API, the JSON and the table come from meeting_fields; the rules the types
 * do not hold are meeting_check()'s. Whether a planned next meeting has
 * passed is one of the follow-up rules (domain/followup.h).
 */
#ifndef SC_DOMAIN_MEETING_H
#define SC_DOMAIN_MEETING_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/date.h"
#include "domain/field.h"

/* How a meeting was held: the index of the option in the channel field
 * (stored and sent as its key: "in_person", "phone", "video",
 * "home_visit"). */
enum meeting_channel {
	MEETING_IN_PERSON = 0,
	MEETING_PHONE,
	MEETING_VIDEO,
	MEETING_HOME_VISIT,
};

/* A logged meeting. Field keys (form, API, table meetings): id, version,
 * participant_id, held_on, channel, interpreter, minutes, next_steps,
 * next_meeting, author_id, author_name, created_at. An edit names the
 * version it was read at; held_on to next_meeting are what it edits. */
struct meeting {
	int64_t id;
	int64_t version;            /* kept: 1 when logged, one more each edit */
	int64_t participant_id;
	struct date held_on;        /* required, not after today */
	int channel;                /* enum meeting_channel; required */
	int interpreter;            /* 1 yes, 0 no; not given (-1) is no */
	const char *minutes;        /* at most FIELD_TEXT_MAX characters */
	const char *next_steps;     /* at most FIELD_TEXT_MAX characters */
	struct date next_meeting;   /* not before held_on; not given: none planned */
	int64_t author_id;          /* kept by the product: who logged it (0 unknown) */
	const char *author_name;    /* computed: the author's name now */
	int64_t created_at;         /* Unix seconds */
};

/* The fields of a meeting. */
extern const struct fields meeting_fields;

/* The longest reason for removing a meeting, in characters. */
#define MEETING_REASON_MAX 200

/* The removal of a meeting logged by mistake (on the wrong participant,
 * twice): why, required, at most MEETING_REASON_MAX characters on one
 * line. Field key: reason. */
struct meeting_removal {
	const char *reason;
};

/* The fields of a removal. */
extern const struct fields meeting_removal_fields;

/* The stored key of a channel; NULL outside the enum. */
const char *meeting_channel_key(enum meeting_channel c);

/*
 * The rules of a meeting the types do not hold: held_on is not after today
 * (a meeting is logged after it was held) and not before the participant
 * was born (born; y == 0: not known); next_meeting, when given, is not
 * before a valid held_on (a next meeting that has passed is allowed: it is
 * logged late). Adds to e; true when there is nothing to add.
 */
bool meeting_check(const struct meeting *m, struct date born, struct date today, struct field_errors *e);

#endif
