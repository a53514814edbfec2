/*
 * home.c — the start page after sign-in: a greeting and the areas the
 * user's roles open.
 */
#include "activities.h"
#include "benefits.h"
#include "reports.h"
#include "routes.h"
#include "util/arena.h"
#include "util/err.h"

struct area {
	const char *path;
	const char *title;   /* msgid */
	const char *text;    /* msgid */
	enum resource res;
	bool all;            /* opens for those who read all of res in the centre */
};

static const struct area areas[] = {
	{"/today", N_("Today"), N_("Meetings today, what is due or overdue, who has not been contacted."), RES_WORKPLANS, false},
	{"/health/referrals", N_("Referred to me"), N_("The participants referred to you, and why, newest first."), RES_HEALTH_NOTES, false},
	{"/registers", N_("Registers"), N_("Your sessions today and their registers, and the registers not marked."), RES_ATTENDANCE, false},
	{"/groups", N_("Groups"), N_("The groups, their timetables, sessions and who is enrolled."), RES_ACTIVITIES, false},
	{"/participants", N_("Participants"), N_("Search the register and open a participant's records."), RES_PARTICIPANTS, false},
	{"/caseloads", N_("Caseloads"), N_("Contact persons, their caseloads and assignments."), RES_CASELOADS, false},
	{"/intake", N_("Intake"), N_("Referrals and screening."), RES_INTAKE, false},
	{"/waiting-list", N_("Waiting list"), N_("Who waits, in what order, and for how long."), RES_INTAKE, false},
	{"/internships", N_("Internships"), N_("Placements awaiting approval, starting and ending, follow-ups due, pool places."), RES_PLACEMENTS, true},
	{"/employers", N_("Employers"), N_("The employer register: contacts, agreements and placements."), RES_EMPLOYERS, false},
	{"/benefits", N_("Benefits"), N_("The monthly run, its approval, payment files and statements."), RES_BENEFITS, false},
	{"/self-certification", N_("Self-certification rule"), N_("The days in a row and periods in 12 months of self-certified sickness, by the day they come into force."), RES_BENEFITS, false},
	{"/reports", N_("Reports"), N_("Results, time to work, costs and the cost-benefit account."), RES_REPORTS, false},
	{"/centres", N_("Centres"), N_("Figures of every centre: participants and contact persons."), RES_CENTRES, false},
	{"/admin/centres", N_("Centres"), N_("The installation's centres: add one, or change its name."), RES_SETTINGS, false},
	{"/admin/users", N_("Users"), N_("Staff accounts, roles and passwords."), RES_USERS, false},
	{"/audit", N_("Audit log"), N_("Who read or changed what, and when."), RES_AUDIT, false},
	{"/account", N_("My account"), N_("Your password, language and API tokens."), RES_SELF, false},
};

/* GET /. */
static int
h_home(struct req *r)
{
	page_begin(r, T(r, "Home"));
	struct buf *o = &r->out;
	html_lit(o, "<h1>");
	char *greeting = arena_printf(r->a, T(r, "Welcome, %s"), r->user.display_name);
	html_text(o, greeting);
	html_lit(o, "</h1>");
	reports_home_section(r);
	html_lit(o, "<div class=\"cards\">");
	for (size_t i = 0; i < sizeof areas / sizeof areas[0]; i++) {
		if (!access_allows(r->user.roles, areas[i].res, ACT_READ) ||
		    (areas[i].all && access_scope(r->user.roles, areas[i].res, ACT_READ) != SCOPE_ALL))
			continue;
		html_lit(o, "<section class=\"card\"><h2><a href=\"");
		html_text(o, areas[i].path);
		html_lit(o, "\">");
		html_text(o, T(r, areas[i].title));
		html_lit(o, "</a></h2><p>");
		html_text(o, T(r, areas[i].text));
		html_lit(o, "</p></section>");
	}
	html_lit(o, "</div>");
	int rc = registers_home_section(r);
	if (rc != SC_OK)
		return rc;
	rc = benefits_home_section(r);
	if (rc != SC_OK)
		return rc;
	return page_end(r);
}

const struct route home_routes[] = {
	PAGE(GET_HEAD, "/", h_home, NEED(RES_SELF, ACT_READ)),
	ROUTES_END
};
