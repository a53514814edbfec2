/*
 * audit.c — the audit log's filters; see audit.h.
 */
#include "domain/audit.h"

#include "i18n/i18n.h"
#include "util/arena.h"

#include <stddef.h>
#include <string.h>

#define F_TEXT(k, member, lbl) {.key = k, .type = FT_LINE, .offset = offsetof(struct audit_query, member), \
	.label = lbl, .part = -1}
#define F_DAY(k, member, lbl) {.key = k, .type = FT_DATE, .offset = offsetof(struct audit_query, member), \
	.label = lbl, .invalid = N_("Write the date as YYYY-MM-DD."), .part = -1}
#define F_PAGE {.key = "page", .type = FT_INT, .offset = offsetof(struct audit_query, page), .min = 1, \
	.max = 10000000, .label = N_("Page"), .invalid = N_("The page must be a whole number from 1."), .part = -1}
#define F_PER_PAGE {.key = "per_page", .type = FT_INT, .offset = offsetof(struct audit_query, per_page), \
	.min = 1, .max = 200, .label = N_("Entries per page"), .invalid = N_("per_page must be from 1 to 200."), \
	.part = -1}
#define F_FILTERS \
	F_TEXT("user", user, N_("User")), F_TEXT("action", action, N_("Action")), \
	F_TEXT("record_type", record_type, N_("Record type")), F_TEXT("record_id", record_id, N_("Record")), \
	F_DAY("from", from, N_("From")), F_DAY("to", to, N_("To"))

/* the page takes per_page as the API does (paging's one rule, web/case.h) */
static const struct field page_fields[] = {F_FILTERS, F_PAGE, F_PER_PAGE};
static const struct field api_fields[] = {F_FILTERS, F_PAGE, F_PER_PAGE};

const struct fields audit_query_fields = FIELDS(page_fields);
const struct fields audit_query_api_fields = FIELDS(api_fields);

const char *
audit_action_filter(const char *action, struct arena *a)
{
	if (action == NULL || *action == '\0')
		return NULL;
	if (strchr(action, '.') != NULL)
		return action;
	return arena_printf(a, "%s.", action);
}

bool
audit_query_check(const struct audit_query *q, struct field_errors *e)
{
	if (q->from.y != 0 && q->to.y != 0 && date_cmp(q->to, q->from) < 0) {
		field_error_add(e, "to", N_("The end date must not be before the start date."));
		return false;
	}
	return true;
}
