/*
 * fuzz_csv.c — libFuzzer target for the CSV reader (util/csv.h): whatever
 * the bytes, records start on increasing lines, fields are NUL-free UTF-8
 * within the limits, an error names a line inside the input, and writing
 * the records back out fully quoted reads back to the same records.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/csv.h"
#include "util/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_FIELD 64
#define MAX_COLUMNS 8
#define MAX_RECORDS 4096

struct records {
	char **fields[MAX_RECORDS];
	size_t n[MAX_RECORDS];
	size_t count;
};

/* Reads everything; returns csv_next()'s last result. */
static int
read_all(struct arena *a, const char *s, size_t len, struct records *out, char *sep)
{
	struct csv_reader cr;
	if (csv_open(&cr, a, s, len, MAX_FIELD, MAX_COLUMNS) != SC_OK)
		return SC_ENOMEM;
	*sep = cr.sep;
	if (cr.sep != ',' && cr.sep != ';')
		abort();
	struct csv_record rec;
	long last_line = 0;
	long lines = 1;
	for (size_t i = 0; i < len; i++)
		if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == len || s[i + 1] != '\n')))
			lines++;
	int rc;
	out->count = 0;
	while ((rc = csv_next(&cr, a, &rec)) == 1) {
		if (rec.n == 0 || rec.n > MAX_COLUMNS || rec.line <= last_line || rec.line > lines)
			abort();
		last_line = rec.line;
		for (size_t i = 0; i < rec.n; i++) {
			size_t n = strlen(rec.fields[i]);
			if (n > MAX_FIELD || !csv_utf8_valid(rec.fields[i], n) || strchr(rec.fields[i], '\r'))
				abort();
		}
		if (out->count < MAX_RECORDS) {
			char **copy = arena_alloc(a, rec.n * sizeof *copy);
			if (copy == NULL)
				return SC_ENOMEM;
			memcpy(copy, rec.fields, rec.n * sizeof *copy);
			out->fields[out->count] = copy;
			out->n[out->count] = rec.n;
			out->count++;
		}
	}
	if (rc == SC_EINVAL) {
		if (cr.error == CSV_OK || cr.error_line < 1 || cr.error_line > lines)
			abort();
		if (csv_next(&cr, a, &rec) != SC_EINVAL)
			abort();
	} else if (rc != 0 && rc != SC_ENOMEM) {
		abort();
	}
	return rc;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	if (a == NULL)
		return 0;
	static struct records first, second;
	char sep = 0, sep2 = 0;
	int rc = read_all(a, (const char *)data, size, &first, &sep);
	if (rc == 0 && first.count < MAX_RECORDS) {
		struct buf b = BUF_INIT;
		for (size_t r = 0; r < first.count; r++) {
			for (size_t i = 0; i < first.n[r]; i++) {
				if (i > 0)
					buf_putc(&b, sep);
				buf_putc(&b, '"');
				for (const char *p = first.fields[r][i]; *p; p++) {
					if (*p == '"')
						buf_putc(&b, '"');
					buf_putc(&b, *p);
				}
				buf_putc(&b, '"');
			}
			buf_append(&b, "\r\n", 2);
		}
		if (buf_ok(&b)) {
			if (read_all(a, b.data ? b.data : "", b.len, &second, &sep2) != 0)
				abort();
			if (second.count != first.count || (first.count > 0 && sep2 != sep))
				abort();
			for (size_t r = 0; r < first.count; r++) {
				if (second.n[r] != first.n[r])
					abort();
				for (size_t i = 0; i < first.n[r]; i++)
					if (strcmp(first.fields[r][i], second.fields[r][i]) != 0)
						abort();
			}
		}
		buf_free(&b);
	}
	arena_free(a);
	return 0;
}
