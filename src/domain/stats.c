/*
 * stats.c — shares, quartiles and the threshold of five; see stats.h.
 */
#include "domain/stats.h"

#include <stdio.h>
#include <stdlib.h>

bool
stats_shown(int64_t n)
{
	return n >= STATS_MIN_PEOPLE;
}

int
stats_permille(int64_t part, int64_t whole)
{
	if (whole <= 0)
		return -1;
	return (int)((part * 1000 * 2 + whole) / (2 * whole));
}

void
stats_format_permille(int permille, char out[16])
{
	if (permille < 0) {
		snprintf(out, 16, "-");
		return;
	}
	snprintf(out, 16, "%d.%d", permille / 10, permille % 10);
}

bool
stats_quartile_tenths(const int64_t *sorted, size_t n, int q, int64_t *tenths)
{
	if (n == 0 || q < 1 || q > 3)
		return false;
	/* h = (n - 1) q / 4: whole part i and remainder r quarters */
	int64_t num = (int64_t)(n - 1) * q;
	size_t i = (size_t)(num / 4);
	int64_t r = num % 4;
	int64_t lo = sorted[i];
	int64_t hi = r == 0 ? lo : sorted[i + 1];
	/* value = lo + (hi - lo) r / 4, in tenths: (40 lo + 10 (hi - lo) r) / 4 */
	int64_t x4 = 40 * lo + 10 * (hi - lo) * r;   /* tenths times 4 */
	*tenths = x4 >= 0 ? (x4 + 2) / 4 : -((-x4 + 1) / 4);
	return true;
}

static int
cmp64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

void
stats_sort(int64_t *values, size_t n)
{
	if (n > 1)
		qsort(values, n, sizeof values[0], cmp64);
}
