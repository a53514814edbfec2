/*
 * meeting.c — the meeting log; see meeting.h.
 */
#include "domain/meeting.h"

#include "domain/access.h"
#include "i18n/i18n.h"

#include <stddef.h>

static const struct field_option channels[] = {
	[MEETING_IN_PERSON] = {"in_person", N_("In person")},
	[MEETING_PHONE] = {"phone", N_("Phone")},
	[MEETING_VIDEO] = {"video", N_("Video")},
	[MEETING_HOME_VISIT] = {"home_visit", N_("Home visit")},
};

#define NCHANNELS (sizeof channels / sizeof channels[0])

static const struct field fields[] = {
	{.key = "id", .type = FT_ID, .flags = FF_OUT, .offset = offsetof(struct meeting, id),
	 .label = N_("Number"), .part = -1},
	{.key = "version", .type = FT_INT, .flags = FF_OUT, .offset = offsetof(struct meeting, version),
	 .label = N_("Version"), .part = -1},
	{.key = "participant_id", .type = FT_ID, .flags = FF_OUT,
	 .offset = offsetof(struct meeting, participant_id), .label = N_("Participant"), .part = -1},
	{.key = "held_on", .type = FT_DATE, .flags = FF_REQUIRED, .offset = offsetof(struct meeting, held_on),
	 .label = N_("Held on"), .missing = N_("Give the date of the meeting."), .part = PART_FOLLOWUP},
	{.key = "channel", .type = FT_ENUM, .flags = FF_REQUIRED, .offset = offsetof(struct meeting, channel),
	 .label = N_("Channel"), .options = channels, .noptions = NCHANNELS,
	 .missing = N_("Choose how the meeting was held."),
	 .invalid = N_("Choose how the meeting was held: in person, phone, video or home visit."),
	 .part = PART_FOLLOWUP},
	{.key = "interpreter", .type = FT_BOOL, .offset = offsetof(struct meeting, interpreter),
	 .label = N_("An interpreter was used"), .invalid = N_("Answer yes or no: was an interpreter used?"),
	 .part = PART_FOLLOWUP},
	{.key = "minutes", .type = FT_TEXT, .flags = FF_BLANK, .offset = offsetof(struct meeting, minutes), .label = N_("Minutes"),
	 .too_long = N_("The minutes are too long: at most 8000 characters."), .part = PART_FOLLOWUP},
	{.key = "next_steps", .type = FT_TEXT, .flags = FF_BLANK, .offset = offsetof(struct meeting, next_steps),
	 .label = N_("Next steps"), .too_long = N_("The next steps are too long: at most 8000 characters."),
	 .part = PART_FOLLOWUP},
	{.key = "next_meeting", .type = FT_DATE, .offset = offsetof(struct meeting, next_meeting),
	 .label = N_("Next meeting"), .part = PART_FOLLOWUP},
	{.key = "author_id", .type = FT_ID, .flags = FF_OUT, .offset = offsetof(struct meeting, author_id),
	 .label = N_("Logged by"), .part = PART_FOLLOWUP},
	{.key = "author_name", .type = FT_LINE, .flags = FF_OUT | FF_COMPUTED | FF_BLANK,
	 .offset = offsetof(struct meeting, author_name), .label = N_("Logged by"), .part = PART_FOLLOWUP},
	{.key = "created_at", .type = FT_INT, .flags = FF_OUT, .offset = offsetof(struct meeting, created_at),
	 .label = N_("Saved"), .part = PART_FOLLOWUP},
};

const struct fields meeting_fields = FIELDS(fields);

static const struct field removal_fields[] = {
	{.key = "reason", .type = FT_LINE, .flags = FF_REQUIRED, .max = MEETING_REASON_MAX,
	 .offset = offsetof(struct meeting_removal, reason), .label = N_("Why is it removed?"),
	 .hint = N_("For example: logged on the wrong participant. The reason is kept with the meeting's history."),
	 .missing = N_("Say why the meeting is removed."),
	 .too_long = N_("Write the reason in at most 200 characters."), .part = PART_FOLLOWUP},
};

const struct fields meeting_removal_fields = FIELDS(removal_fields);

const char *
meeting_channel_key(enum meeting_channel c)
{
	return (size_t)c < NCHANNELS ? channels[c].key : NULL;
}

bool
meeting_check(const struct meeting *m, struct date born, struct date today, struct field_errors *e)
{
	bool ok = true;
	bool held = m->held_on.y != 0;
	if (held && date_cmp(m->held_on, today) > 0) {
		field_error_add(e, "held_on",
				N_("The meeting date cannot be in the future; log a meeting after it was held."));
		held = false;
		ok = false;
	} else if (held && born.y != 0 && date_cmp(m->held_on, born) < 0) {
		field_error_add(e, "held_on", N_("The meeting date cannot be before the participant was born."));
		held = false;
		ok = false;
	}
	if (held && m->next_meeting.y != 0 && date_cmp(m->next_meeting, m->held_on) < 0) {
		field_error_add(e, "next_meeting", N_("The next meeting cannot be before this meeting."));
		ok = false;
	}
	return ok;
}
