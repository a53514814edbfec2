/*
 * fuzz_form.c — libFuzzer target for parse_percent_decode() and parse_int64()
 * on form-like input: a decoded value must be NUL-free, no longer than the
 * input, and re-decoding it as an integer must agree with strtoll.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/err.h"
#include "web/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* parse_int64 must accept exactly the canonical decimal spellings. */
static void
check_int(const char *s)
{
	int64_t v = 0;
	int rc = parse_int64(s, INT64_MIN, INT64_MAX, &v);
	if (rc != SC_OK && rc != SC_EINVAL)
		abort();
	if (rc == SC_OK) {
		char back[32];
		snprintf(back, sizeof back, "%lld", (long long)v);
		if (strcmp(back, s) != 0)
			abort();
		/* A narrower range accepts v only when v lies inside it. */
		int64_t w = 0;
		int rc2 = parse_int64(s, -1000, 1000, &w);
		if ((rc2 == SC_OK) != (v >= -1000 && v <= 1000))
			abort();
		if (rc2 == SC_OK && w != v)
			abort();
	} else if (s[0] != '\0' && strlen(s) < 21) {
		/* Anything strtoll reads whole and prints back identically must
		 * have been accepted. */
		errno = 0;
		char *end;
		long long ll = strtoll(s, &end, 10);
		char back[32];
		snprintf(back, sizeof back, "%lld", ll);
		if (errno == 0 && *end == '\0' && strcmp(back, s) == 0)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	if (a == NULL)
		return 0;
	const char *s = (const char *)data;
	for (int plus = 0; plus < 2; plus++) {
		char *out = NULL;
		int rc = parse_percent_decode(a, s, size, plus, &out);
		if (rc != SC_OK && rc != SC_EINVAL)
			abort();
		if (rc != SC_OK) {
			if (out != NULL)
				abort();
			continue;
		}
		size_t len = strlen(out);
		if (len > size)
			abort();
		if (plus && strchr(out, '+') != NULL && memchr(s, '%', size) == NULL)
			abort();
		check_int(out);
	}
	/* The raw bytes as a C string, as a handler might see a value. */
	char *raw = arena_strndup(a, s, size);
	if (raw != NULL)
		check_int(raw);
	arena_free(a);
	return 0;
}
