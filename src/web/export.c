/*
 * export.c — see export.h.
 *
 * libxlsxwriter 1.1.4 (Debian 12) cannot write a workbook to memory (the
 * output_buffer option came later), so an XLSX file is written into a
 * folder made with mkdtemp() for this one export and read back; the folder
 * also receives the library's own temporary files (constant-memory mode),
 * and is removed in every outcome.
 */
#include "export.h"
#include "util/arena.h"
#include "util/csv.h"
#include "util/err.h"
#include "util/log.h"
#include "util/timeutil.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#define EXPORT_COL_WIDTH 18

struct export {
	struct req *r;
	bool xlsx;
	size_t ncols;
	const char *const *headers;
	const char *filename;        /* "base-YYYY-MM-DD.fmt" */
	int rc;                      /* the first error */
	/* XLSX only */
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *bold;
	lxw_row_t row;               /* next row of ws */
	int sheets;
	unsigned numbers;            /* bit i: column i holds numbers */
	char dir[PATH_MAX];          /* "" when no folder was made */
	char path[PATH_MAX];
};

bool
export_format_ok(const char *fmt)
{
	return fmt != NULL && (strcmp(fmt, "csv") == 0 || strcmp(fmt, "xlsx") == 0);
}

/* ---- CSV ---- */

static void
csv_cell(struct buf *b, const char *s)
{
	if (s == NULL || s[0] == '\0')
		return;
	bool guard = csv_formula_like(s);
	bool quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		buf_putc(b, '"');
	if (guard)
		buf_putc(b, '\'');
	if (!quote) {
		buf_puts(b, s);
		return;
	}
	for (const char *p = s; *p; p++) {
		const char *q = strchr(p, '"');
		if (q == NULL) {
			buf_puts(b, p);
			break;
		}
		buf_append(b, p, (size_t)(q - p) + 1);
		buf_putc(b, '"');
		p = q;
	}
	buf_putc(b, '"');
}

static void
csv_line(struct export *x, const char *const *cells)
{
	struct buf *b = &x->r->out;
	for (size_t i = 0; i < x->ncols; i++) {
		if (i > 0)
			buf_putc(b, ',');
		csv_cell(b, cells[i]);
	}
	buf_append(b, "\r\n", 2);
	if (!buf_ok(b) && x->rc == SC_OK)
		x->rc = SC_ENOMEM;
}

/* ---- XLSX ---- */

static void
xlsx_cleanup(struct export *x)
{
	if (x->wb != NULL) {
		/* There is no way to drop a workbook unwritten: close writes the
		 * file, which is then removed with the folder. */
		workbook_close(x->wb);
		x->wb = NULL;
	}
	if (x->path[0] != '\0' && unlink(x->path) != 0 && errno != ENOENT)
		log_warn("export: cannot remove %s: %s", x->path, strerror(errno));
	x->path[0] = '\0';
	if (x->dir[0] != '\0' && rmdir(x->dir) != 0)
		log_warn("export: cannot remove %s: %s", x->dir, strerror(errno));
	x->dir[0] = '\0';
}

static int
xlsx_error(struct export *x, lxw_error e)
{
	log_error("export: xlsx: %s", lxw_strerror(e));
	if (x->rc == SC_OK)
		x->rc = e == LXW_ERROR_MEMORY_MALLOC_FAILED ? SC_ENOMEM : SC_EIO;
	return x->rc;
}

/* Starts a sheet with its bold, frozen header row. */
static int
xlsx_sheet(struct export *x)
{
	x->ws = workbook_add_worksheet(x->wb, NULL);
	if (x->ws == NULL)
		return xlsx_error(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
	x->sheets++;
	x->row = 0;
	worksheet_set_column(x->ws, 0, (lxw_col_t)(x->ncols - 1), EXPORT_COL_WIDTH, NULL);
	for (size_t i = 0; i < x->ncols; i++) {
		const char *h = x->headers[i] ? x->headers[i] : "";
		lxw_error e = worksheet_write_string(x->ws, 0, (lxw_col_t)i, h, x->bold);
		if (e != LXW_NO_ERROR)
			return xlsx_error(x, e);
	}
	worksheet_freeze_panes(x->ws, 1, 0);
	x->row = 1;
	return SC_OK;
}

static int
xlsx_begin(struct export *x)
{
	const char *tmp = getenv("TMPDIR");
	if (tmp == NULL || tmp[0] != '/')
		tmp = "/tmp";
	int n = snprintf(x->dir, sizeof x->dir, "%s/sc-export-XXXXXX", tmp);
	if (n < 0 || (size_t)n >= sizeof x->dir || mkdtemp(x->dir) == NULL) {
		log_error("export: cannot make a temporary folder in %s: %s", tmp, strerror(errno));
		x->dir[0] = '\0';
		return x->rc = SC_EIO;
	}
	n = snprintf(x->path, sizeof x->path, "%s/export.xlsx", x->dir);
	if (n < 0 || (size_t)n >= sizeof x->path) {
		x->path[0] = '\0';
		return x->rc = SC_EIO;
	}
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = x->dir};
	x->wb = workbook_new_opt(x->path, &opt);
	if (x->wb == NULL)
		return xlsx_error(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
	x->bold = workbook_add_format(x->wb);
	if (x->bold == NULL)
		return xlsx_error(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
	format_set_bold(x->bold);
	return xlsx_sheet(x);
}

static int
xlsx_row(struct export *x, const char *const *cells)
{
	if (x->row >= LXW_ROW_MAX && xlsx_sheet(x) != SC_OK)
		return x->rc;
	for (size_t i = 0; i < x->ncols; i++) {
		if (cells[i] == NULL || cells[i][0] == '\0')
			continue;
		double v;
		lxw_error e = i < 32 && (x->numbers & (1u << i)) && csv_plain_number(cells[i], &v)
				      ? worksheet_write_number(x->ws, x->row, (lxw_col_t)i, v, NULL)
				      : worksheet_write_string(x->ws, x->row, (lxw_col_t)i, cells[i], NULL);
		if (e != LXW_NO_ERROR)
			return xlsx_error(x, e);
	}
	x->row++;
	return SC_OK;
}

/* Closes the workbook and reads the file into r->out. */
static int
xlsx_finish(struct export *x)
{
	lxw_error e = workbook_close(x->wb);
	x->wb = NULL;
	if (e != LXW_NO_ERROR)
		return xlsx_error(x, e);
	FILE *f = fopen(x->path, "rb");
	if (f == NULL) {
		log_error("export: cannot read %s: %s", x->path, strerror(errno));
		return x->rc = SC_EIO;
	}
	struct buf *b = &x->r->out;
	buf_reset(b);
	char chunk[65536];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(b, chunk, got);
	int rc = ferror(f) ? SC_EIO : buf_ok(b) ? SC_OK : SC_ENOMEM;
	fclose(f);
	if (rc != SC_OK)
		x->rc = rc;
	return rc;
}

/* ---- the contract ---- */

struct export *
export_begin(struct req *r, const char *fmt, const char *filename_base,
	     const char *const *headers, size_t ncols)
{
	if (!export_format_ok(fmt) || headers == NULL || ncols == 0 || ncols > LXW_COL_MAX)
		return NULL;
	struct export *x = arena_alloc(r->a, sizeof *x);
	if (x == NULL)
		return NULL;
	x->r = r;
	x->xlsx = strcmp(fmt, "xlsx") == 0;
	x->ncols = ncols;
	x->headers = headers;
	x->numbers = 0;
	/* The name goes into a header: keep it to safe characters. */
	char base[64];
	size_t k = 0;
	for (const char *p = filename_base ? filename_base : "export"; *p && k + 1 < sizeof base; p++) {
		char c = *p;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			  c == '-' || c == '_';
		base[k++] = ok ? c : '-';
	}
	base[k] = '\0';
	char today[16];
	time_today(today, sizeof today);
	x->filename = arena_printf(r->a, "%s-%s.%s", k > 0 ? base : "export", today, fmt);
	if (x->filename == NULL)
		return NULL;
	buf_reset(&r->out);
	if (x->xlsx) {
		xlsx_begin(x);
	} else {
		buf_append(&r->out, "\xEF\xBB\xBF", 3);
		csv_line(x, headers);
	}
	return x;
}

void
export_numbers(struct export *x, unsigned columns)
{
	if (x != NULL)
		x->numbers = columns;
}

int
export_row(struct export *x, const char *const *cells)
{
	if (x == NULL)
		return SC_ENOMEM;
	if (x->rc != SC_OK)
		return x->rc;
	if (x->xlsx)
		return xlsx_row(x, cells);
	csv_line(x, cells);
	return x->rc;
}

int
export_finish(struct export *x)
{
	if (x == NULL)
		return SC_ENOMEM;
	struct req *r = x->r;
	if (x->xlsx && x->rc == SC_OK)
		xlsx_finish(x);
	xlsx_cleanup(x);
	if (x->rc != SC_OK) {
		buf_reset(&r->out);
		return x->rc;
	}
	const char *disp = arena_printf(r->a, "attachment; filename=\"%s\"", x->filename);
	if (disp == NULL)
		return SC_ENOMEM;
	r->status = 200;
	r->content_type = x->xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
				  : "text/csv; charset=utf-8";
	req_header(r, "Content-Disposition", disp);
	return H_DONE;
}

void
export_abort(struct export *x)
{
	if (x == NULL)
		return;
	xlsx_cleanup(x);
	buf_reset(&x->r->out);
}
