/*
 * health.c — health notes and referrals to a health worker; see health.h.
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

static const struct field referral_fields[] = {
	{.key = "id", .type = FT_ID, .flags = FF_OUT, .offset = offsetof(struct health_referral, id),
	 .label = N_("Number"), .part = -1},
	{.key = "participant_id", .type = FT_ID, .flags = FF_OUT,
	 .offset = offsetof(struct health_referral, participant_id), .label = N_("Participant"), .part = -1},
	{.key = "health_id", .type = FT_ID, .flags = FF_REQUIRED,
	 .offset = offsetof(struct health_referral, health_id), .label = N_("Health worker"),
	 .missing = N_("Choose the health worker to refer to."),
	 .invalid = N_("Choose one of the health workers in the list."), .part = PART_FOLLOWUP},
	{.key = "health_name", .type = FT_LINE, .flags = FF_OUT | FF_COMPUTED,
	 .offset = offsetof(struct health_referral, health_name), .label = N_("Health worker"),
	 .part = PART_FOLLOWUP},
	/* not required: a referral not dated is dated today (the missing
	 * words stay for a form that would require it) */
	{.key = "referred_on", .type = FT_DATE, .offset = offsetof(struct health_referral, referred_on),
	 .label = N_("Referred on"), .missing = N_("Give the date of the referral."), .part = PART_FOLLOWUP},
	{.key = "reason", .type = FT_TEXT, .max = HEALTH_REFERRAL_REASON_MAX,
	 .offset = offsetof(struct health_referral, reason), .label = N_("Reason"),
	 .too_long = N_("Write the reason in at most 500 characters."), .part = PART_FOLLOWUP},
	{.key = "ended_on", .type = FT_DATE, .flags = FF_OUT, .offset = offsetof(struct health_referral, ended_on),
	 .label = N_("Ended"), .part = PART_FOLLOWUP},
};

const struct fields health_referral_fields = FIELDS(referral_fields);

#define R_(m) offsetof(struct health_referral_row, m)
static const struct field referral_row_fields[] = {
	{.key = "id", .type = FT_ID, .flags = FF_OUT, .offset = R_(id), .label = N_("Number"), .part = -1},
	{.key = "participant_id", .type = FT_ID, .flags = FF_OUT, .offset = R_(participant_id),
	 .label = N_("Participant"), .part = -1},
	{.key = "given_name", .type = FT_LINE, .flags = FF_OUT | FF_COMPUTED, .offset = R_(given_name),
	 .label = N_("Given name"), .part = PART_NAME},
	{.key = "family_name", .type = FT_LINE, .flags = FF_OUT | FF_COMPUTED, .offset = R_(family_name),
	 .label = N_("Family name"), .part = PART_NAME},
	{.key = "referred_on", .type = FT_DATE, .flags = FF_OUT, .offset = R_(referred_on),
	 .label = N_("Referred on"), .part = PART_HEALTH},
	{.key = "referred_by_name", .type = FT_LINE, .flags = FF_OUT | FF_COMPUTED, .offset = R_(referred_by_name),
	 .label = N_("Referred by"), .part = PART_HEALTH},
	{.key = "reason", .type = FT_TEXT, .flags = FF_OUT, .offset = R_(reason), .label = N_("Reason"),
	 .part = PART_HEALTH},
};
#undef R_

const struct fields health_referral_row_fields = FIELDS(referral_row_fields);

bool
health_referral_check(struct health_referral *h, bool is_health_worker, struct date today,
		      struct field_errors *e)
{
	bool ok = true;
	if (h->health_id > 0 && !is_health_worker) {
		field_error_add(e, "health_id", N_("Choose one of the health workers in the list."));
		ok = false;
	}
	if (h->referred_on.y == 0 && field_error_of(e, "referred_on") == NULL) {
		h->referred_on = today;
	} else if (h->referred_on.y != 0 && date_cmp(h->referred_on, today) > 0) {
		field_error_add(e, "referred_on", N_("The referral date cannot be in the future."));
		ok = false;
	}
	return ok;
}
