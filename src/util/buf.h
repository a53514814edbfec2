/*
 * buf.h — a growable byte buffer, and the one escaping writer for HTML.
 *
 * A failed allocation marks the buffer as failed; later writes do nothing and
 * buf_ok() reports it once at the end, so writers need not check every call.
 *
 * Markup is written only through this file: html_lit() takes string literals
 * (the compiler refuses a variable), everything else is escaped by html_text().
 */
#ifndef SC_BUF_H
#define SC_BUF_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

struct buf {
	char *data;     /* NUL-terminated while not failed; owned by the buf */
	size_t len;
	size_t cap;
	bool failed;
};

#define BUF_INIT {NULL, 0, 0, false}

/* Appends n raw bytes. */
void buf_append(struct buf *b, const char *s, size_t n);
/* Appends a NUL-terminated string; NULL appends nothing. */
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
/* printf-style append. Never for user data inside markup. */
void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* True while no allocation has failed. */
bool buf_ok(const struct buf *b);
/* Hands the bytes to the caller (who frees them with free()); the buf is reset.
 * Returns NULL if the buffer failed (and frees what it had). *len may be NULL. */
char *buf_steal(struct buf *b, size_t *len);
/* Frees the bytes and resets the buffer. */
void buf_free(struct buf *b);
void buf_reset(struct buf *b);

/* Literal markup: only a string literal compiles here. */
#define html_lit(b, s) buf_append((b), "" s "", sizeof(s) - 1)

/* Escapes & < > " ' so s is safe in element content and in quoted attributes.
 * NULL writes nothing. Invalid UTF-8 bytes are replaced with U+FFFD. */
void html_text(struct buf *b, const char *s);
void html_textn(struct buf *b, const char *s, size_t n);
/* Text with its line breaks kept: each line escaped as html_text(), lines
 * joined by <br> (a CR before a LF is dropped). NULL writes nothing. */
void html_lines(struct buf *b, const char *s);
/* A signed integer in decimal. */
void html_int(struct buf *b, long long v);
/* Øre as kroner with a comma and two decimals and a thin-space thousands
 * separator, e.g. 1500000 -> "15 000,00". */
void html_money(struct buf *b, int64_t ore);
/* Escapes for a URL query component (percent-encoding), then for HTML. */
void html_urlpart(struct buf *b, const char *s);

#endif
