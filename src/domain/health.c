/*
 * health.c — health notes; see health.h.
 */
#include "domain/health.h"

#include "domain/access.h"
#include "i18n/i18n.h"

#include <stddef.h>

static const struct field note_fields[] = {
	{.key = "id", .type = FT_ID, .flags = FF_OUT, .offset = offsetof(struct health_note, id),
	 .label = N_("Number"), .part = -1},
	{.key = "participant_id", .type = FT_ID, .flags = FF_OUT,
	 .offset = offsetof(struct health_note, participant_id), .label = N_("Participant"), .part = -1},
	{.key = "written_on", .type = FT_DATE, .flags = FF_REQUIRED,
	 .offset = offsetof(struct health_note, written_on), .label = N_("Date"),
	 .missing = N_("Give the date of the note."), .part = PART_HEALTH},
	{.key = "body", .type = FT_TEXT, .flags = FF_REQUIRED, .offset = offsetof(struct health_note, body),
	 .label = N_("Note"), .missing = N_("Write the note."),
	 .too_long = N_("The note is too long: at most 8000 characters."), .part = PART_HEALTH},
	{.key = "author_id", .type = FT_ID, .flags = FF_OUT, .offset = offsetof(struct health_note, author_id),
	 .label = N_("Written by"), .part = PART_HEALTH},
	{.key = "author_name", .type = FT_LINE, .flags = FF_OUT | FF_COMPUTED,
	 .offset = offsetof(struct health_note, author_name), .label = N_("Written by"), .part = PART_HEALTH},
	{.key = "created_at", .type = FT_INT, .flags = FF_OUT,
	 .offset = offsetof(struct health_note, created_at), .label = N_("Saved"), .part = PART_HEALTH},
};

const struct fields health_note_fields = FIELDS(note_fields);

bool
health_note_check(const struct health_note *n, struct date today, struct field_errors *e)
{
	if (n->written_on.y != 0 && date_cmp(n->written_on, today) > 0) {
		field_error_add(e, "written_on", N_("The date of the note cannot be in the future."));
		return false;
	}
	return true;
}
