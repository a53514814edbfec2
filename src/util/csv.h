/*
 * csv.h — reading CSV (RFC 4180) for imports, and the formula guard an
 * export writes and an import reads back.
 *
 * The reader walks a buffer held in memory (an uploaded file): records are
 * separated by CRLF, LF or a lone CR; a field in double quotes may hold the
 * separator, line breaks and "" for one quote. A leading UTF-8 byte-order
 * mark is skipped. The separator is ',' or ';' (Norwegian Excel writes
 * semicolons), chosen from the first record: ';' when it has more unquoted
 * semicolons than commas. Empty lines are skipped.
 *
 * Every record reports the physical line it starts on (1-based, the header
 * is line 1), so an import can name the line a person sees in an editor.
 * Errors name a line too, and stop the reader: after a stray quote nothing
 * that follows can be trusted.
 *
 * Fields are NUL-terminated, writable copies in the caller's arena, valid
 * UTF-8 with no NUL byte (a quoted line break is kept as "\n").
 */
#ifndef SC_CSV_H
#define SC_CSV_H

#include <stdbool.h>
#include <stddef.h>

struct arena;

/* What stopped the reader. */
enum csv_error {
	CSV_OK = 0,
	CSV_UNTERMINATED_QUOTE,   /* a quoted field runs to the end of the file */
	CSV_STRAY_QUOTE,          /* a quote inside an unquoted field, or text after a closing quote */
	CSV_FIELD_TOO_LONG,       /* a field longer than max_field bytes */
	CSV_TOO_MANY_COLUMNS,     /* a record with more than max_columns fields */
	CSV_NUL_BYTE,             /* a NUL byte: not a text file */
	CSV_BAD_UTF8,             /* bytes that are not UTF-8 (e.g. a Windows-1252 file) */
};

struct csv_reader {
	const char *data;
	size_t len;
	size_t pos;               /* next byte to read */
	char sep;                 /* ',' or ';' */
	long line;                /* physical line of data[pos] */
	size_t max_field;         /* bytes of one field, after unquoting */
	size_t max_columns;
	char **cols;              /* scratch for one record (max_columns), arena */
	enum csv_error error;     /* set when csv_next() returned SC_EINVAL */
	long error_line;          /* the line where the error was found */
};

/* One record: n fields (at least 1). fields[] is reused by the next
 * csv_next() call; the strings themselves live as long as the arena. */
struct csv_record {
	char **fields;
	size_t n;
	long line;                /* physical line where the record starts */
};

/*
 * Prepares r to read the len bytes at data (which must outlive the reader;
 * data may be NULL when len is 0): skips a UTF-8 BOM and picks the
 * separator. max_field and max_columns are the limits (0 is taken as 1).
 * Returns 0, or SC_ENOMEM.
 */
int csv_open(struct csv_reader *r, struct arena *a, const char *data, size_t len,
	     size_t max_field, size_t max_columns);

/*
 * Reads the next record into *rec. Returns 1 when a record was read, 0 at
 * the end of the data, SC_EINVAL on malformed input (r->error and
 * r->error_line say what and where; every later call returns SC_EINVAL
 * too), SC_ENOMEM when the arena is exhausted.
 */
int csv_next(struct csv_reader *r, struct arena *a, struct csv_record *rec);

/* True when the n bytes at s are valid UTF-8 (no overlong forms, no
 * surrogates, nothing above U+10FFFF). NUL bytes count as valid here. */
bool csv_utf8_valid(const char *s, size_t n);

/* ---- the formula guard (CSV injection) ---- */

/* True when a spreadsheet would evaluate a cell that begins as s does:
 * = + - @ start a formula, and a leading tab or CR is stripped by some
 * before they look. A CSV export writes such a cell with a ' before it. */
bool csv_formula_like(const char *s);

/* The cell as it was before the export's guard: s without its leading '
 * when what follows is formula-like ("'+4791234567" is "+4791234567"),
 * else s itself (a pointer into s either way). */
const char *csv_unguarded(const char *s);

/* What an uploaded file is, as far as an import cares. */
enum csv_kind {
	CSV_KIND_TEXT = 0,        /* UTF-8 text without NUL bytes: read it as CSV */
	CSV_KIND_SPREADSHEET,     /* a ZIP container (.xlsx, .ods) or an old Excel
				   * file (.xls, OLE2): saved from a spreadsheet
				   * program without "Save as CSV" */
	CSV_KIND_NOT_UTF8,        /* text in another encoding (e.g. Windows-1252) */
	CSV_KIND_BINARY,          /* NUL bytes: not a text file at all */
};

/* Looks at the len bytes at data (NULL when len is 0): the file signatures
 * first ("PK\3\4" for ZIP, D0 CF 11 E0 A1 B1 1A E1 for OLE2), then NUL
 * bytes, then the UTF-8 encoding. */
enum csv_kind csv_sniff(const char *data, size_t len);

/* A cell that is a plain number as the exports write one: an optional
 * '-', digits without a leading zero (but "0" itself), and a '.' with
 * digits after it, at most 15 digits in all (a double holds each); read
 * without the locale into *out. "0150" (a postcode), "1e3", "1,5", " 1",
 * "1." and "" are not. */
bool csv_plain_number(const char *s, double *out);

#endif
