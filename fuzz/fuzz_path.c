/*
 * fuzz_path.c — libFuzzer target for parse_path(): accepted paths have at
 * most PARSE_MAX_SEGMENTS segments, none empty, ".", ".." or holding a '/',
 * '\\' or control byte.
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
	char *url = arena_strndup(a, (const char *)data, size);
	struct path p;
	int rc = parse_path(a, url, &p);
	if (rc != SC_OK && rc != SC_EINVAL)
		abort();
	if (rc != SC_OK && p.n != 0)
		abort();
	if (rc == SC_OK) {
		if (p.n > PARSE_MAX_SEGMENTS || url[0] != '/' || strlen(url) > PARSE_MAX_PATH)
			abort();
		if (p.n == 0 && strcmp(url, "/") != 0)
			abort();
		for (size_t i = 0; i < p.n; i++) {
			const unsigned char *s = (const unsigned char *)p.segs[i];
			if (s[0] == '\0' || strcmp(p.segs[i], ".") == 0 ||
			    strcmp(p.segs[i], "..") == 0)
				abort();
			for (; *s; s++)
				if (*s < 0x20 || *s == 0x7F || *s == '/' || *s == '\\')
					abort();
		}
	}
	arena_free(a);
	return 0;
}
