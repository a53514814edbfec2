/*
 * timeutil.c — see timeutil.h.
 */
#include "timeutil.h"

#include <time.h>

int64_t
time_now(void)
{
	return (int64_t)time(NULL);
}

int64_t
time_mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
time_format_local(int64_t t, char *out, size_t outlen)
{
	time_t tt = (time_t)t;
	struct tm tm;
	localtime_r(&tt, &tm);
	strftime(out, outlen, "%Y-%m-%d %H:%M", &tm);
}

void
time_format_utc(int64_t t, char *out, size_t outlen)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, outlen, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void
time_today(char *out, size_t outlen)
{
	time_t tt = time(NULL);
	struct tm tm;
	localtime_r(&tt, &tm);
	strftime(out, outlen, "%Y-%m-%d", &tm);
}
