/*
 * fuzz_query.c — libFuzzer target for parse_query() and the kv lookups: any
 * input either fails cleanly or yields pairs whose strings are NUL-free UTF-8
 * that the lookups find again.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/err.h"
#include "web/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	if (a == NULL)
		return 0;
	/* The first byte picks the field limit so the ELIMIT path is reached. */
	size_t max = size > 0 ? data[0] % 64 : 0;
	const char *s = size > 0 ? (const char *)data + 1 : NULL;
	size_t n = size > 0 ? size - 1 : 0;
	struct kvlist l;
	int rc = parse_query(a, s, n, max, &l);
	if (rc != SC_OK && rc != SC_EINVAL && rc != SC_ELIMIT)
		abort();
	if (rc != SC_OK && (l.n != 0 || l.items != NULL))
		abort();
	if (l.n > max || l.n > n)
		abort();
	for (size_t i = 0; i < l.n; i++) {
		const char *k = l.items[i].key;
		if (k[0] == '\0' || l.items[i].value == NULL)
			abort();
		/* The first pair named k is at or before i, and counting finds it. */
		const char *first = kv_get(&l, k);
		size_t c = kv_count(&l, k);
		if (first == NULL || c == 0)
			abort();
		if (kv_get_nth(&l, k, c - 1) == NULL || kv_get_nth(&l, k, c) != NULL)
			abort();
		/* Decoded strings never grow. */
		if (strlen(k) + strlen(l.items[i].value) > n)
			abort();
	}
	arena_free(a);
	return 0;
}
