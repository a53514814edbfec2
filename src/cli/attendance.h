/*
 * attendance.h — `secondchance attendance month YYYY-MM`: what the benefit
 * run reads of a month's registers, for every participant of a centre,
 * with the time each read took (the benchmark of issue 9, bench/activities.sh).
 */
#ifndef SC_CLI_ATTENDANCE_H
#define SC_CLI_ATTENDANCE_H

#include <stdint.h>
#include <stdio.h>

struct store;

/*
 * Reads the month of centre through the two functions the benefit run
 * calls (app/benefit.c: store_attendance_unexcused() for every
 * participant, store_attendance_unmarked(), which is the month's summary
 * of every participant, store_attendance_summaries()) and prints the
 * totals and milliseconds of each. Returns the exit status: 0, or 1 when
 * the store fails.
 */
int attendance_month(struct store *s, int64_t centre, int year, int month, FILE *out, FILE *err);

#endif
