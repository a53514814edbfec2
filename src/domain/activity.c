/*
 * activity.c — the catalogue, groups, sessions, closures and enrolment in
 * groups; see activity.h.
 */
#include "domain/activity.h"

#include "domain/access.h"
#include "domain/calendar.h"
#include "domain/participant.h"
#include "i18n/i18n.h"

#include <string.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define OPTIONS(o) .options = (o), .noptions = NELEM(o)

const struct field_option activity_kind_options[ACTIVITY_KIND_COUNT] = {
	[KIND_LANGUAGE] = {"language", N_("Language")},
	[KIND_WORK] = {"work", N_("Work")},
	[KIND_VOCATIONAL] = {"vocational", N_("Vocational")},
	[KIND_THEMATIC] = {"thematic", N_("Thematic")},
	[KIND_HEALTH] = {"health", N_("Health")},
	[KIND_SELF_MOTIVATION] = {"self_motivation", N_("Self-motivation")},
};

const struct activity_builtin activity_builtins[ACTIVITY_BUILTINS] = {
	{ACTIVITY_NORWEGIAN, N_("Norwegian class"),
	 N_("Norwegian lessons at the participant's level, one of the programme's two axes."), KIND_LANGUAGE,
	 false},
	{"conversation", N_("Conversation group"), N_("Practice in speaking Norwegian about everyday life."),
	 KIND_LANGUAGE, false},
	{"job_club", N_("Job club"), N_("Looking for work together: CVs, applications, interviews."), KIND_WORK,
	 false},
	{"vocational", N_("Vocational course"), N_("A course toward a trade or a certificate."), KIND_VOCATIONAL,
	 false},
	{"thematic", N_("Thematic course"),
	 N_("Habits, social norms, IT skills and job search, one theme at a time."), KIND_THEMATIC, false},
	{"health_group", N_("Health group"),
	 N_("Health and well-being with the centre's health staff. Who attends is seen by health staff only."),
	 KIND_HEALTH, true},
	{"cook_dialogue", N_("Cook and Dialogue"),
	 N_("A catering course: cooking for canteens and school catering, and running the café."),
	 KIND_VOCATIONAL, false},
	{"of_course_i_can", N_("Of course I can"),
	 N_("Self-motivation: the participant and the mentor assess the participant's own resources."),
	 KIND_SELF_MOTIVATION, false},
};

const struct activity_builtin *
activity_builtin_of(const char *key)
{
	for (size_t i = 0; key != NULL && i < ACTIVITY_BUILTINS; i++)
		if (strcmp(activity_builtins[i].key, key) == 0)
			return &activity_builtins[i];
	return NULL;
}

const char *
activity_type_label(const char *key, const char *name, bool *translate)
{
	const struct activity_builtin *b = activity_builtin_of(key);
	*translate = b != NULL;
	if (b != NULL)
		return b->name;
	return name != NULL ? name : "";
}

#define T_(m) offsetof(struct activity_type, m)
static const struct field type_table[] = {
	{.key = "id", .type = FT_ID, .flags = FF_OUT, .offset = T_(id), .label = N_("Number"), .part = -1},
	{.key = "key", .type = FT_LINE, .flags = FF_OUT, .offset = T_(key), .label = N_("Key"), .part = -1},
	{.key = "name", .type = FT_LINE, .flags = FF_REQUIRED, .max = ACTIVITY_NAME_MAX, .offset = T_(name),
	 .label = N_("Name"), .missing = N_("Give the activity a name."),
	 .too_long = N_("Write the name in at most 80 characters."), .part = -1},
	{.key = "kind", .type = FT_ENUM, .flags = FF_REQUIRED, .offset = T_(kind), .label = N_("Kind"),
	 OPTIONS(activity_kind_options), .missing = N_("Choose the kind of activity."),
	 .invalid = N_("Choose the kind of activity from the list."), .part = -1},
	{.key = "description", .type = FT_TEXT, .max = ACTIVITY_DESCRIPTION_MAX, .offset = T_(description),
	 .label = N_("Description"), .too_long = N_("Write the description in at most 1000 characters."),
	 .part = -1},
	{.key = "health_only", .type = FT_BOOL, .offset = T_(health_only), .label = N_("Health staff only"),
	 .hint = N_("Only health staff see who attends, as in the health group."),
	 .invalid = N_("Answer yes or no."), .part = -1},
	{.key = "version", .type = FT_INT, .flags = FF_OUT, .offset = T_(version), .label = N_("Version"),
	 .part = -1},
};
#undef T_

const struct fields activity_type_fields = FIELDS(type_table);

/* ---- groups ---- */

const struct field_option weekday_options[7] = {
	{"monday", N_("Monday")},     {"tuesday", N_("Tuesday")}, {"wednesday", N_("Wednesday")},
	{"thursday", N_("Thursday")}, {"friday", N_("Friday")},   {"saturday", N_("Saturday")},
	{"sunday", N_("Sunday")},
};

static const struct field_option level_options[] = {
	{"A1", "A1"}, {"A2", "A2"}, {"B1", "B1"}, {"B2", "B2"}, {"C1", "C1"},
};

/* "HH:MM": a time of day (timetable_parse_time). */
static const char *
parse_time(const struct field *f, const char *text, void *rec, struct arena *a)
{
	(void)a;
	int m;
	if (!timetable_parse_time(text, &m))
		return f->invalid;
	*FIELD_AT(rec, f, const char *) = text;
	return NULL;
}

#define S_(m) offsetof(struct group_slot, m)
static const struct field slot_table[] = {
	{.key = "weekday", .type = FT_ENUM, .flags = FF_REQUIRED, .offset = S_(weekday), .label = N_("Day"),
	 OPTIONS(weekday_options), .missing = N_("Choose a day of the week."),
	 .invalid = N_("Choose a day of the week."), .part = -1},
	{.key = "start", .type = FT_LINE, .flags = FF_REQUIRED, .max = 5, .offset = S_(start), .parse = parse_time,
	 .label = N_("Starts"), .missing = N_("Give the time it starts, as HH:MM."),
	 .invalid = N_("Write the time as HH:MM, for example 09:30."), .part = -1},
	{.key = "end", .type = FT_LINE, .flags = FF_REQUIRED, .max = 5, .offset = S_(end), .parse = parse_time,
	 .label = N_("Ends"), .missing = N_("Give the time it ends, as HH:MM."),
	 .invalid = N_("Write the time as HH:MM, for example 09:30."), .part = -1},
};
#undef S_

const struct fields group_slot_fields = FIELDS(slot_table);

static const struct field teacher_item[] = {
	{.key = "user_id", .type = FT_ID, .offset = offsetof(struct group_teacher, user_id),
	 .label = N_("Teachers"), .invalid = N_("Choose the teachers from the list."), .part = -1},
};

#define G_(m) offsetof(struct group, m)
static const struct field group_table[] = {
	{.key = "id", .type = FT_ID, .flags = FF_OUT, .offset = G_(id), .label = N_("Number"), .part = -1},
	{.key = "activity_type_id", .type = FT_ID, .flags = FF_REQUIRED, .offset = G_(activity_type_id),
	 .label = N_("Activity"), .missing = N_("Choose the activity the group is a run of."),
	 .invalid = N_("Choose one of the activities in the list."), .part = -1},
	{.key = "activity_name", .type = FT_LINE, .flags = FF_OUT | FF_COMPUTED, .offset = G_(activity_name),
	 .label = N_("Activity"), .part = -1},
	{.key = "activity_key", .type = FT_LINE, .flags = FF_OUT | FF_COMPUTED, .offset = G_(activity_key),
	 .label = N_("Activity key"), .part = -1},
	{.key = "health_only", .type = FT_BOOL, .flags = FF_OUT | FF_COMPUTED, .offset = G_(health_only),
	 .label = N_("Health staff only"), .part = -1},
	{.key = "name", .type = FT_LINE, .flags = FF_REQUIRED, .max = GROUP_NAME_MAX, .offset = G_(name),
	 .label = N_("Name of the group"), .hint = N_("For example \"Norwegian A2, mornings, autumn\"."),
	 .missing = N_("Give the group a name."), .too_long = N_("Write the name in at most 80 characters."),
	 .part = -1},
	{.key = "room", .type = FT_LINE, .max = GROUP_ROOM_MAX, .offset = G_(room), .label = N_("Room"),
	 .too_long = N_("Write the room in at most 60 characters."), .part = -1},
	{.key = "capacity", .type = FT_INT, .flags = FF_REQUIRED, .min = 1, .max = GROUP_CAPACITY_MAX,
	 .offset = G_(capacity), .label = N_("Places"), .missing = N_("Give the number of places."),
	 .invalid = N_("Give the number of places: a whole number from 1 to 200."), .part = -1},
	{.key = "starts_on", .type = FT_DATE, .flags = FF_REQUIRED, .offset = G_(starts_on), .label = N_("Starts"),
	 .missing = N_("Give the date the group starts."), .part = -1},
	{.key = "ends_on", .type = FT_DATE, .flags = FF_REQUIRED, .offset = G_(ends_on), .label = N_("Ends"),
	 .hint = N_("Made earlier, the enrolments that run past it end on it."),
	 .missing = N_("Give the date the group ends."), .part = -1},
	{.key = "language", .type = FT_LINE, .max = GROUP_LANGUAGE_MAX, .offset = G_(language),
	 .label = N_("Language of instruction"), .hint = N_("For example \"Norwegian\" or \"Norwegian and Arabic\"."),
	 .too_long = N_("Write the language in at most 60 characters."), .part = -1},
	{.key = "level", .type = FT_ENUM, .offset = G_(level), .label = N_("Level"), OPTIONS(level_options),
	 .hint = N_("For a Norwegian class: the CEFR level it teaches."),
	 .invalid = N_("Choose a level from A1 to C1."), .part = -1},
	{.key = "teachers", .type = FT_LIST, .flags = FF_REQUIRED, .offset = G_(teachers), .max = GROUP_TEACHERS_MAX,
	 .label = N_("Teachers"), .item = teacher_item, .nitem = NELEM(teacher_item),
	 .item_size = sizeof(struct group_teacher), .missing = N_("Choose at least one teacher."),
	 .too_long = N_("A group has at most 6 teachers."), .part = -1},
	{.key = "slots", .type = FT_LIST, .flags = FF_REQUIRED, .offset = G_(slots), .max = TIMETABLE_MAX_SLOTS,
	 .label = N_("Timetable"), .hint = N_("The times in the week the group meets."), .item = slot_table,
	 .nitem = NELEM(slot_table), .item_size = sizeof(struct group_slot),
	 .missing = N_("Give at least one time in the week."), .too_long = N_("At most 14 times in the week."),
	 .part = -1},
	{.key = "enrolled", .type = FT_INT, .flags = FF_OUT | FF_COMPUTED, .offset = G_(enrolled),
	 .label = N_("Enrolled"), .part = -1},
	{.key = "waiting", .type = FT_INT, .flags = FF_OUT | FF_COMPUTED, .offset = G_(waiting),
	 .label = N_("Waiting"), .part = -1},
	{.key = "version", .type = FT_INT, .flags = FF_OUT, .offset = G_(version), .label = N_("Version"),
	 .part = -1},
};
#undef G_

const struct fields group_fields = FIELDS(group_table);

bool
group_capacity_check(int64_t capacity, int taken, struct field_errors *e)
{
	if (capacity == FIELD_NONE || capacity >= taken)
		return true;
	field_error_add2(e, "capacity",
			 N_("%lld participants are enrolled in the group: it cannot have fewer places than that, not %lld."),
			 taken, (long long)capacity);
	return false;
}

static const char *const teacher_keys[GROUP_TEACHERS_MAX] = {
	"teachers.1", "teachers.2", "teachers.3", "teachers.4", "teachers.5", "teachers.6",
};

bool
group_check(const struct group *g, const struct group_facts *facts, struct slot *slots, size_t *nslots,
	    struct field_errors *e)
{
	int before = e->n;
	if (g->activity_type_id > 0 && !facts->type_found)
		field_error_add(e, "activity_type_id", N_("Choose one of the activities in the list."));
	bool period = g->starts_on.y != 0 && g->ends_on.y != 0;
	if (period && date_cmp(g->ends_on, g->starts_on) < 0) {
		field_error_add(e, "ends_on", N_("The group cannot end before it starts."));
		period = false;
	} else if (period && date_to_days(g->ends_on) - date_to_days(g->starts_on) >= GROUP_MAX_DAYS) {
		field_error_add(e, "ends_on", N_("A group runs at most two years; make a new group for the next."));
		period = false;
	}
	if (period && facts->first_marked.y != 0 && date_cmp(facts->first_marked, g->starts_on) < 0)
		field_error_add(e, "starts_on", N_("Sessions before this date have marks: the group must start on or before the first of them."));
	if (period && facts->last_marked.y != 0 && date_cmp(facts->last_marked, g->ends_on) > 0)
		field_error_add(e, "ends_on", N_("Sessions after this date have marks: the group must end on or after the last of them."));
	if (facts->type_found && facts->norwegian && g->level < 0 && field_error_of(e, "level") == NULL)
		field_error_add(e, "level", N_("Choose the level the Norwegian class teaches."));
	/* teachers */
	const struct group_teacher *t = g->teachers.items;
	for (size_t i = 0; i < g->teachers.n && i < GROUP_TEACHERS_MAX; i++) {
		int role = facts->teacher_role != NULL ? facts->teacher_role[i] : GROUP_TEACHER_NONE;
		bool twice = false;
		for (size_t k = 0; k < i; k++)
			twice |= t[k].user_id == t[i].user_id;
		if (twice)
			field_error_add(e, teacher_keys[i], N_("This teacher is chosen twice."));
		else if (role == GROUP_TEACHER_NONE)
			field_error_add(e, teacher_keys[i], N_("Choose the teachers from the list."));
		else if (facts->type_found && facts->health_only && role != GROUP_TEACHER_HEALTH)
			field_error_add(e, teacher_keys[i], N_("Only health staff teach a group of this activity."));
	}
	/* the timetable */
	struct slot tmp[TIMETABLE_MAX_SLOTS];
	struct slot *out = slots != NULL ? slots : tmp;
	size_t n = 0;
	const struct group_slot *gs = g->slots.items;
	bool read = true;
	for (size_t i = 0; i < g->slots.n && i < TIMETABLE_MAX_SLOTS; i++) {
		int start = 0, end = 0;
		if (gs[i].weekday < 0 || !timetable_parse_time(gs[i].start, &start) ||
		    !timetable_parse_time(gs[i].end, &end)) {
			read = false;   /* its own error was said by the reading */
			continue;
		}
		out[n++] = (struct slot){gs[i].weekday + 1, start, end};
	}
	if (read && g->slots.n > 0 && g->slots.n <= TIMETABLE_MAX_SLOTS)
		timetable_check(out, n, e);
	if (nslots != NULL)
		*nslots = n;
	return e->n == before;
}

/* ---- sessions ---- */

const struct field_option session_status_options[SESSION_STATUS_COUNT] = {
	[SESSION_PLANNED] = {"planned", N_("Planned")},
	[SESSION_CANCELLED] = {"cancelled", N_("Cancelled")},
};

#define SE_(m) offsetof(struct group_session, m)
static const struct field session_table[] = {
	{.key = "id", .type = FT_ID, .flags = FF_OUT, .offset = SE_(id), .label = N_("Number"), .part = -1},
	{.key = "group_id", .type = FT_ID, .flags = FF_OUT, .offset = SE_(group_id), .label = N_("Group"),
	 .part = -1},
	{.key = "group_name", .type = FT_LINE, .flags = FF_OUT | FF_COMPUTED, .offset = SE_(group_name),
	 .label = N_("Group"), .part = -1},
	{.key = "on_date", .type = FT_DATE, .flags = FF_OUT, .offset = SE_(on_date), .label = N_("Date"),
	 .part = -1},
	{.key = "start", .type = FT_LINE, .flags = FF_OUT | FF_COMPUTED, .offset = SE_(start),
	 .label = N_("Starts"), .part = -1},
	{.key = "end", .type = FT_LINE, .flags = FF_OUT | FF_COMPUTED, .offset = SE_(end), .label = N_("Ends"),
	 .part = -1},
	{.key = "status", .type = FT_ENUM, .flags = FF_OUT, .offset = SE_(status), .label = N_("Status"),
	 OPTIONS(session_status_options), .part = -1},
	{.key = "cancel_reason", .type = FT_LINE, .flags = FF_OUT, .offset = SE_(cancel_reason),
	 .label = N_("Why cancelled"), .part = -1},
	{.key = "extra", .type = FT_BOOL, .flags = FF_OUT, .offset = SE_(extra), .label = N_("Added by hand"),
	 .part = -1},
	{.key = "moved_from", .type = FT_DATE, .flags = FF_OUT, .offset = SE_(moved_from), .label = N_("Moved from"),
	 .part = -1},
	{.key = "expected", .type = FT_INT, .flags = FF_OUT, .offset = SE_(expected), .label = N_("Enrolled"),
	 .part = -1},
	{.key = "marks", .type = FT_INT, .flags = FF_OUT, .offset = SE_(marks), .label = N_("Marked"), .part = -1},
	{.key = "version", .type = FT_INT, .flags = FF_OUT, .offset = SE_(version), .label = N_("Version"),
	 .part = -1},
};
#undef SE_

const struct fields group_session_fields = FIELDS(session_table);

#define SI_(m) offsetof(struct session_input, m)
static const struct field session_input_table[] = {
	{.key = "on_date", .type = FT_DATE, .flags = FF_REQUIRED, .offset = SI_(on_date), .label = N_("Date"),
	 .missing = N_("Give the date of the session."), .part = -1},
	{.key = "start", .type = FT_LINE, .flags = FF_REQUIRED, .max = 5, .offset = SI_(start), .parse = parse_time,
	 .label = N_("Starts"), .missing = N_("Give the time it starts, as HH:MM."),
	 .invalid = N_("Write the time as HH:MM, for example 09:30."), .part = -1},
	{.key = "end", .type = FT_LINE, .flags = FF_REQUIRED, .max = 5, .offset = SI_(end), .parse = parse_time,
	 .label = N_("Ends"), .missing = N_("Give the time it ends, as HH:MM."),
	 .invalid = N_("Write the time as HH:MM, for example 09:30."), .part = -1},
	{.key = "reason", .type = FT_LINE, .max = SESSION_REASON_MAX, .offset = SI_(reason), .label = N_("Reason"),
	 .too_long = N_("Write the reason in at most 200 characters."), .part = -1},
	{.key = "anyway", .type = FT_BOOL, .offset = SI_(anyway),
	 .label = N_("Save it even if it clashes for someone enrolled: they will miss this session"),
	 .invalid = N_("Answer yes or no."), .part = -1},
};
#undef SI_

const struct fields session_input_fields = FIELDS(session_input_table);

static const struct field session_cancel_table[] = {
	{.key = "reason", .type = FT_LINE, .flags = FF_REQUIRED, .max = SESSION_REASON_MAX,
	 .offset = offsetof(struct session_cancel, reason), .label = N_("Why is it cancelled?"),
	 .missing = N_("Say why the session is cancelled."),
	 .too_long = N_("Write the reason in at most 200 characters."), .part = -1},
};

const struct fields session_cancel_fields = FIELDS(session_cancel_table);

bool
session_input_check(const struct session_input *in, struct date group_start, struct date group_end,
		    const struct closure *closures, size_t nclosures, struct session_time *out,
		    struct field_errors *e)
{
	int before = e->n;
	int start = 0, end = 0;
	bool times = timetable_parse_time(in->start, &start) && timetable_parse_time(in->end, &end);
	if (times) {
		if (start < SLOT_FIRST_MINUTE || end > SLOT_LAST_MINUTE)
			field_error_add(e, "start", N_("A session is between 06:00 and 22:00."));
		else if (start >= end)
			field_error_add(e, "end", N_("The end must be after the start."));
	}
	if (in->on_date.y != 0) {
		struct holiday h;
		if (date_cmp(in->on_date, group_start) < 0 || date_cmp(in->on_date, group_end) > 0)
			field_error_add(e, "on_date", N_("The date is outside the group's period."));
		else if (calendar_is_holiday(in->on_date, &h))
			field_error_add(e, "on_date", N_("That day is a public holiday."));
		else if (timetable_closed(in->on_date, closures, nclosures))
			field_error_add(e, "on_date", N_("The centre is closed that day."));
	}
	if (out != NULL) {
		out->date = in->on_date;
		out->start = start;
		out->end = end;
	}
	return e->n == before;
}

int
group_session_minutes(const struct group_session *s)
{
	return s->end_min > s->start_min ? s->end_min - s->start_min : 0;
}

/* ---- closures ---- */

#define C_(m) offsetof(struct closure_period, m)
static const struct field closure_table[] = {
	{.key = "id", .type = FT_ID, .flags = FF_OUT, .offset = C_(id), .label = N_("Number"), .part = -1},
	{.key = "name", .type = FT_LINE, .flags = FF_REQUIRED, .max = CLOSURE_NAME_MAX, .offset = C_(name),
	 .label = N_("Name"), .hint = N_("For example \"Summer\" or \"Christmas\"."),
	 .missing = N_("Give the closure a name, for example \"Summer\"."),
	 .too_long = N_("Write the name in at most 60 characters."), .part = -1},
	{.key = "from_on", .type = FT_DATE, .flags = FF_REQUIRED, .offset = C_(from_on), .label = N_("From"),
	 .missing = N_("Give the first day the centre is closed."), .part = -1},
	{.key = "to_on", .type = FT_DATE, .flags = FF_REQUIRED, .offset = C_(to_on), .label = N_("To"),
	 .missing = N_("Give the last day the centre is closed."), .part = -1},
	{.key = "cancelled", .type = FT_INT, .flags = FF_OUT | FF_COMPUTED, .offset = C_(cancelled),
	 .label = N_("Sessions cancelled"), .part = -1},
};
#undef C_

const struct fields closure_fields = FIELDS(closure_table);

bool
closure_check(const struct closure_period *c, struct field_errors *e)
{
	if (c->from_on.y == 0 || c->to_on.y == 0)
		return true;
	if (date_cmp(c->to_on, c->from_on) < 0) {
		field_error_add(e, "to_on", N_("The last day cannot be before the first."));
		return false;
	}
	if (date_to_days(c->to_on) - date_to_days(c->from_on) >= CLOSURE_MAX_DAYS) {
		field_error_add(e, "to_on", N_("A closure lasts at most four months."));
		return false;
	}
	return true;
}

/* ---- enrolment ---- */

const struct field_option group_enrolment_status_options[ENROL_STATUS_COUNT] = {
	[ENROL_ENROLLED] = {"enrolled", N_("Enrolled")},
	[ENROL_WAITING] = {"waiting", N_("On the waiting list")},
	[ENROL_REMOVED] = {"removed", N_("Removed")},
};

#define E_(m) offsetof(struct group_enrolment, m)
#define EN_ID {.key = "id", .type = FT_ID, .flags = FF_OUT, .offset = E_(id), .label = N_("Number"), \
	       .part = -1}
#define EN_GROUP(flags_) {.key = "group_id", .type = FT_ID, .flags = (flags_), .offset = E_(group_id), \
	.label = N_("Group"), .missing = N_("Choose the group."), \
	.invalid = N_("Choose one of the groups in the list."), .part = PART_ACTIVITIES}
#define EN_PARTICIPANT(flags_) {.key = "participant_id", .type = FT_ID, .flags = (flags_), \
	.offset = E_(participant_id), .label = N_("Participant"), .missing = N_("Choose the participant."), \
	.invalid = N_("Choose one of the participants in the list."), .part = -1}
#define EN_DATES \
	{.key = "starts_on", .type = FT_DATE, .offset = E_(starts_on), .label = N_("From"), \
	 .hint = N_("Empty: from today, or from the group's start."), .part = PART_ACTIVITIES}, \
	{.key = "ends_on", .type = FT_DATE, .offset = E_(ends_on), .label = N_("To"), \
	 .hint = N_("Empty: to the group's end."), .part = PART_ACTIVITIES}, \
	{.key = "goal_id", .type = FT_ID, .offset = E_(goal_id), .label = N_("Goal in the work plan"), \
	 .invalid = N_("Choose one of the goals of the participant's plan."), .part = PART_ACTIVITIES}
#define EN_WAITLIST {.key = "waitlist", .type = FT_BOOL, .offset = E_(waitlist), \
	.label = N_("If the group is full, put the participant on its waiting list"), \
	.invalid = N_("Answer yes or no."), .part = PART_ACTIVITIES}

static const struct field enrolment_table[] = {
	EN_ID,
	EN_GROUP(FF_OUT),
	{.key = "group_name", .type = FT_LINE, .flags = FF_OUT | FF_COMPUTED, .offset = E_(group_name),
	 .label = N_("Group"), .part = PART_ACTIVITIES},
	EN_PARTICIPANT(FF_OUT),
	{.key = "given_name", .type = FT_LINE, .flags = FF_OUT | FF_COMPUTED, .offset = E_(given_name),
	 .label = N_("Given name"), .part = PART_NAME},
	{.key = "family_name", .type = FT_LINE, .flags = FF_OUT | FF_COMPUTED, .offset = E_(family_name),
	 .label = N_("Family name"), .part = PART_NAME},
	{.key = "status", .type = FT_ENUM, .flags = FF_OUT, .offset = E_(status), .label = N_("Status"),
	 OPTIONS(group_enrolment_status_options), .part = PART_ACTIVITIES},
	EN_DATES,
	{.key = "created_at", .type = FT_INT, .flags = FF_OUT, .offset = E_(created_at), .label = N_("Asked"),
	 .part = PART_ACTIVITIES},
	{.key = "end_reason", .type = FT_LINE, .flags = FF_OUT | FF_COMPUTED, .offset = E_(end_reason),
	 .label = N_("Why it ended"), .part = PART_ACTIVITIES},
};

static const struct field from_participant_table[] = {
	EN_GROUP(FF_REQUIRED),
	EN_DATES,
	EN_WAITLIST,
};

static const struct field from_group_table[] = {
	EN_PARTICIPANT(FF_REQUIRED),
	EN_DATES,
	EN_WAITLIST,
};
#undef E_

const struct fields group_enrolment_fields = FIELDS(enrolment_table);
const struct fields group_enrolment_from_participant_fields = FIELDS(from_participant_table);
const struct fields group_enrolment_from_group_fields = FIELDS(from_group_table);

bool
group_enrolment_check(struct group_enrolment *en, struct date group_start, struct date group_end,
		      struct date today, struct field_errors *e)
{
	int before = e->n;
	if (en->starts_on.y == 0 && field_error_of(e, "starts_on") == NULL)
		en->starts_on = date_cmp(today, group_start) > 0 ? today : group_start;
	if (en->ends_on.y == 0 && field_error_of(e, "ends_on") == NULL)
		en->ends_on = group_end;
	bool start_ok = en->starts_on.y != 0;
	if (start_ok && (date_cmp(en->starts_on, group_start) < 0 || date_cmp(en->starts_on, group_end) > 0)) {
		field_error_add(e, "starts_on", N_("The start is outside the group's period."));
		start_ok = false;
	}
	if (en->ends_on.y != 0) {
		if (date_cmp(en->ends_on, group_start) < 0 || date_cmp(en->ends_on, group_end) > 0)
			field_error_add(e, "ends_on", N_("The end is outside the group's period."));
		else if (start_ok && date_cmp(en->ends_on, en->starts_on) < 0)
			field_error_add(e, "ends_on", N_("The end cannot be before the start."));
		else if (date_cmp(en->ends_on, today) < 0)
			field_error_add(e, "ends_on", N_("The group has ended for this period; choose an end from today."));
	}
	return e->n == before;
}

const char *
group_place_refusal(const char *participant_status)
{
	/* one who has left: exited or closed (decision 151); one in intake
	 * (registered, referred, waiting, offered) may begin in a group */
	if (participant_has_left(participant_status))
		return N_("The participant has left the programme: a place in a group is not for someone "
			  "who has left.");
	return NULL;
}

bool
group_enrolment_period_check(const char *participant_status, struct field_errors *e)
{
	const char *why = group_place_refusal(participant_status);
	if (why != NULL) {
		field_error_add(e, "participant_id", why);
		return false;
	}
	return true;
}

bool
group_enrolment_current(const struct group_enrolment *en, struct date today)
{
	return (en->status == ENROL_ENROLLED || en->status == ENROL_WAITING) &&
	       (en->ends_on.y == 0 || date_cmp(en->ends_on, today) >= 0);
}

/* The status of an enrolment whose last day has passed, as shown. */
static const struct field_option status_ended = {"ended", N_("Ended")};

/* The status en shows on today: "ended" for an enrolment whose last day
 * has passed, else its stored one; NULL when that is unknown. */
static const struct field_option *
status_shown(const struct group_enrolment *en, struct date today)
{
	if (en->status == ENROL_ENROLLED && !group_enrolment_current(en, today))
		return &status_ended;
	if (en->status < 0 || en->status >= ENROL_STATUS_COUNT)
		return NULL;
	return &group_enrolment_status_options[en->status];
}

const char *
group_enrolment_status_key(const struct group_enrolment *en, struct date today)
{
	const struct field_option *o = status_shown(en, today);
	return o != NULL ? o->key : "";
}

const char *
group_enrolment_status_label(const struct group_enrolment *en, struct date today)
{
	const struct field_option *o = status_shown(en, today);
	return o != NULL ? o->label : "";
}

static const struct field end_table[] = {
	{.key = "ends_on", .type = FT_DATE, .flags = FF_REQUIRED, .offset = offsetof(struct enrolment_end, ends_on),
	 .label = N_("Last day"), .missing = N_("Give the last day in the group."), .part = PART_ACTIVITIES},
	{.key = "reason", .type = FT_LINE, .flags = FF_REQUIRED, .max = ENROLMENT_END_REASON_MAX,
	 .offset = offsetof(struct enrolment_end, reason), .label = N_("Why the participant leaves"),
	 .missing = N_("Say why the participant leaves the group."),
	 .too_long = N_("Write the reason in at most 200 characters."), .part = PART_ACTIVITIES},
};

const struct fields enrolment_end_fields = FIELDS(end_table);

bool
enrolment_end_check(const struct enrolment_end *in, struct date starts_on, struct date ends_on,
		    struct date last_mark, struct field_errors *e)
{
	int before = e->n;
	if (in->ends_on.y == 0)
		return true;
	if (date_cmp(in->ends_on, starts_on) < 0 || date_cmp(in->ends_on, ends_on) > 0)
		field_error_add(e, "ends_on", N_("The last day must be inside the enrolment's period."));
	else if (last_mark.y != 0 && date_cmp(in->ends_on, last_mark) < 0)
		field_error_add(e, "ends_on", N_("The participant has marks in the group after that day."));
	return e->n == before;
}

bool
enrolment_end_withdraws(const struct enrolment_end *in, struct date starts_on, struct date today,
			struct field_errors *e)
{
	if (in->ends_on.y == 0 || date_cmp(starts_on, today) <= 0 || date_cmp(in->ends_on, starts_on) >= 0)
		return false;
	if (date_cmp(in->ends_on, today) < 0)
		field_error_add(e, "ends_on", N_("The enrolment has not begun: to withdraw it, give a last day from today."));
	return true;
}

/* ---- places ---- */

int
group_places_taken(const struct date *starts, const struct date *ends, size_t n, struct date from, struct date to)
{
	/* The most enrolments on one day of from..to: the count on the day
	 * one of them begins (or on from), which is where a count grows. */
	int64_t lo = date_to_days(from), hi = date_to_days(to);
	int most = 0;
	for (size_t i = 0; i <= n; i++) {
		int64_t day = i < n ? date_to_days(starts[i]) : lo;
		if (day < lo)
			day = lo;
		if (day > hi)
			continue;
		int count = 0;
		for (size_t k = 0; k < n; k++) {
			int64_t s = date_to_days(starts[k]);
			int64_t e = ends[k].y != 0 ? date_to_days(ends[k]) : INT64_MAX;
			count += s <= day && day <= e;
		}
		if (count > most)
			most = count;
	}
	return most;
}
