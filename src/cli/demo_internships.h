/*
 * demo_internships.h — the demo's employers, pool agreements and three
 * years of placements (issue 10, section 6), made by demo.c through the
 * demo loader like the rest of the demo.
 *
 * Per staff group (the demo's "centre" of about 120 participants in the
 * programme): employers across catering, cleaning, retail, health and care,
 * kindergartens, logistics and hotels (80 in the default centre; at --scale
 * one per 25 participants, spread over the groups), each with a valid
 * organisation number, an SN2007 division, an address and one to three
 * contacts; the business association's pool agreement of 60 places
 * covering about a third of them. Per participant in the programme (from
 * their own random stream, so nobody else's data changes): placements in
 * the order a life would have them, the status derived by the domain's
 * placement_phase(), approvals, visits and calls, mid-point and end
 * evaluations (most through the supervisor's link), and the result; a
 * participant who left as employed after a placement was hired there, and
 * the job and its first income version are recorded from the month after
 * the exit. At most one agreed placement of a person at a time; the hours
 * of a placement that is active now or ahead keep clear of every group's
 * timetable (early or late shifts), those in the past are day work.
 */
#ifndef SC_CLI_DEMO_INTERNSHIPS_H
#define SC_CLI_DEMO_INTERNSHIPS_H

#include <stdint.h>

#include "store/store.h"

struct demo_interns;

/*
 * The employers, contacts and agreements of every staff group: groups
 * groups, group_centre[g] its centre, nurse[g] its nurse (the group's
 * employer liaison is the user made just after: demo_people.c's staff order);
 * participants the demo's total (the number of employers follows it at
 * --scale, scale > 0). *out is freed by demo_internships_end().
 */
int demo_internships_begin(struct demo_load *load, int64_t next[DEMO_NTABLES], uint64_t seed, int64_t today,
			   int groups, const int64_t *group_centre, const int64_t *nurse, int64_t participants,
			   int64_t scale, struct demo_interns **out);

/*
 * The placements of one participant in the programme: idx their stream,
 * pid their id, group their staff group, centre its centre; start the day
 * they started, exit the day they left (0: not left), paused_from the day
 * their pause began (0: not paused), outcome their exit outcome (enum
 * exit_outcome; -1 when not left), contact their contact person.
 */
int demo_internships_person(struct demo_interns *in, int64_t idx, int64_t pid, int group, int64_t centre,
			    int64_t start, int64_t exit, int64_t paused_from, int outcome, int64_t contact);

/* For the report: the first group's employer with the most placements
 * and their number. Frees in (accepts NULL). */
void demo_internships_end(struct demo_interns *in, int64_t *employer_id, int64_t *employer_placements);

#endif
