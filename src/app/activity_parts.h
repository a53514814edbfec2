/*
 * activity_parts.h — INTERNAL to src/app/activity.c and attendance.c:
 * who sees a health-only group, who keeps every register, a version read.
 */
#ifndef SC_APP_ACTIVITY_PARTS_H
#define SC_APP_ACTIVITY_PARTS_H

#include <stdbool.h>
#include <stdint.h>

#include "app/app.h"

/* Health staff see who attends a health-only group and their marks
 * (access_health_group_attendees(), decisions 37, 153 and 167). */
bool activity_sees_health(const struct actor *actor);
/* Leaders and health staff know a health-only group is there: its page,
 * timetable and sessions (access_health_group_seen()). */
bool activity_sees_health_group(const struct actor *actor);
/* A leader keeps every register (attendance written for all). */
bool activity_is_leader(const struct actor *actor);
/* A version that is not a whole number from 1, said under "version". */
void activity_version_check(int64_t version, struct outcome *out);

#endif
