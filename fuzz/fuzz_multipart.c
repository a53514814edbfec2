/*
 * fuzz_multipart.c — libFuzzer target for parse_multipart() (web/multipart.h).
 * An input that starts with "CT:" carries its own Content-Type up to the
 * first newline; otherwise the boundary is "XyZ". Whatever the bytes: an
 * error leaves the list empty; a success gives at most MULTIPART_MAX_PARTS
 * NUL-free UTF-8 names and values no longer than the body, binary file
 * parts with an empty value and their bytes inside the body; and the
 * fields written back as a body with a fresh boundary parse to the same
 * list (a binary part comes back as an empty text field).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/csv.h"
#include "util/err.h"
#include "web/multipart.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FRESH "fUzZ-b0uNdArY"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	if (a == NULL)
		return 0;
	const char *body = (const char *)data;
	size_t len = size;
	const char *ctype = "multipart/form-data; boundary=XyZ";
	if (size >= 3 && memcmp(data, "CT:", 3) == 0) {
		const char *nl = memchr(body, '\n', size);
		size_t n = nl ? (size_t)(nl - body) : size;
		char *ct = arena_strndup(a, body + 3, n - 3);
		if (ct == NULL || strlen(ct) != n - 3) {
			arena_free(a);
			return 0;
		}
		ctype = ct;
		body = nl ? nl + 1 : body + size;
		len = size - (size_t)(body - (const char *)data);
	}
	struct kvlist out;
	int rc = parse_multipart(a, ctype, body, len, &out);
	if (rc != SC_OK) {
		if (rc != SC_EINVAL && rc != SC_ENOMEM)
			abort();
		if (out.items != NULL || out.n != 0)
			abort();
		arena_free(a);
		return 0;
	}
	if (out.n > MULTIPART_MAX_PARTS || (out.n > 0) != (out.items != NULL))
		abort();
	size_t total = 0;
	struct buf b = BUF_INIT;
	bool rewritable = true;
	for (size_t i = 0; i < out.n; i++) {
		const char *k = out.items[i].key, *v = out.items[i].value;
		size_t kn = strlen(k), vn = strlen(v);
		if (kn == 0 || !csv_utf8_valid(k, kn) || !csv_utf8_valid(v, vn))
			abort();
		const struct kv *it = &out.items[i];
		if (it->binary && (vn != 0 || it->bytes < body || it->nbytes > len ||
				   it->bytes + it->nbytes > body + len))
			abort();
		if (!it->binary && (it->bytes != NULL || it->nbytes != 0))
			abort();
		total += vn;
		if (strpbrk(k, "\"\\") != NULL || strstr(v, FRESH) != NULL)
			rewritable = false;
		buf_puts(&b, "--" FRESH "\r\nContent-Disposition: form-data; name=\"");
		buf_puts(&b, k);
		buf_puts(&b, "\"\r\n\r\n");
		buf_puts(&b, v);
		buf_puts(&b, "\r\n");
	}
	if (total > len)
		abort();
	buf_puts(&b, "--" FRESH "--\r\n");
	if (rewritable && buf_ok(&b)) {
		struct kvlist again;
		if (parse_multipart(a, "multipart/form-data; boundary=" FRESH, b.data, b.len, &again) != SC_OK)
			abort();
		if (again.n != out.n)
			abort();
		for (size_t i = 0; i < out.n; i++)
			if (strcmp(again.items[i].key, out.items[i].key) != 0 ||
			    strcmp(again.items[i].value, out.items[i].value) != 0)
				abort();
	}
	buf_free(&b);
	arena_free(a);
	return 0;
}
