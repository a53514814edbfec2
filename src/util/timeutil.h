/*
 * timeutil.h — the clock and ISO 8601 formatting at the edges.
 * Stored times are Unix seconds (UTC); shown times are in the server's local
 * time zone (run it with TZ=Europe/Oslo).
 */
#ifndef SC_TIMEUTIL_H
#define SC_TIMEUTIL_H

#include <stddef.h>
#include <stdint.h>

/* Seconds since the epoch. */
int64_t time_now(void);
/* Monotonic milliseconds, for measuring durations. */
int64_t time_mono_ms(void);
/* "YYYY-MM-DD HH:MM" in local time; out needs 17 bytes. */
void time_format_local(int64_t t, char *out, size_t outlen);
/* "YYYY-MM-DDTHH:MM:SSZ"; out needs 21 bytes. */
void time_format_utc(int64_t t, char *out, size_t outlen);
/* Today's date "YYYY-MM-DD" in local time; out needs 11 bytes. */
void time_today(char *out, size_t outlen);

#endif
