/*
 * arena.c — chunked bump allocator; see arena.h.
 */
#include "arena.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_CHUNK (16 * 1024)
#define ARENA_ALIGN 16

struct chunk {
	struct chunk *next;
	size_t size;                 /* usable bytes in data[] */
	size_t used;
	_Alignas(ARENA_ALIGN) unsigned char data[];
};

/* A block handed over by arena_keep(). */
struct kept {
	struct kept *next;
	void *p;
};

struct arena {
	struct chunk *head;
	struct kept *kept;
	size_t total;
};

/* A chunk; zeroed (calloc) for a big request of its own: the system's
 * fresh pages are zero already, so a big array is not written twice. */
static struct chunk *
chunk_new(size_t size, bool zeroed)
{
	struct chunk *c = zeroed ? calloc(1, sizeof *c + size) : malloc(sizeof *c + size);
	if (c == NULL)
		return NULL;
	c->next = NULL;
	c->size = size;
	c->used = 0;
	return c;
}

struct arena *
arena_new(void)
{
	struct arena *a = calloc(1, sizeof *a);
	if (a == NULL)
		return NULL;
	a->head = chunk_new(ARENA_CHUNK, false);
	if (a->head == NULL) {
		free(a);
		return NULL;
	}
	return a;
}

void
arena_free(struct arena *a)
{
	if (a == NULL)
		return;
	for (struct kept *k = a->kept; k != NULL; k = k->next)
		free(k->p);
	struct chunk *c = a->head;
	while (c != NULL) {
		struct chunk *next = c->next;
		free(c);
		c = next;
	}
	free(a);
}

void *
arena_alloc(struct arena *a, size_t n)
{
	if (n > SIZE_MAX / 2)
		return NULL;
	size_t need = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (need == 0)
		need = ARENA_ALIGN;
	struct chunk *c = a->head;
	if (c->size - c->used < need) {
		/* Big requests get a chunk of their own, placed behind the head so
		 * the head's remaining space is not wasted. */
		size_t size = need > ARENA_CHUNK / 4 ? need : ARENA_CHUNK;
		struct chunk *fresh = chunk_new(size, size == need);
		if (fresh == NULL)
			return NULL;
		if (size == need) {
			fresh->next = c->next;
			c->next = fresh;
			fresh->used = need;
			a->total += need;
			return fresh->data;
		} else {
			fresh->next = c;
			a->head = fresh;
			c = fresh;
		}
	}
	void *p = c->data + c->used;
	c->used += need;
	a->total += need;
	memset(p, 0, n);
	return p;
}

void *
arena_keep(struct arena *a, void *p)
{
	if (p == NULL)
		return NULL;
	struct kept *k = arena_alloc(a, sizeof *k);
	if (k == NULL) {
		free(p);
		return NULL;
	}
	k->p = p;
	k->next = a->kept;
	a->kept = k;
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	if (s == NULL)
		return NULL;
	char *p = arena_alloc(a, n + 1);
	if (p == NULL)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return s == NULL ? NULL : arena_strndup(a, s, strlen(s));
}

char *
arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	/* Printed once where the next allocation would go; kept when it fits
	 * (a page prints hundreds of short strings, and measuring each first
	 * was a fifth of a register page's CPU), else measured by that first
	 * print and printed again into an allocation of its size. */
	struct chunk *c = a->head;
	size_t room = c->size - c->used;
	va_list copy;
	va_copy(copy, ap);
	int n = vsnprintf((char *)c->data + c->used, room, fmt, copy);
	va_end(copy);
	if (n < 0)
		return NULL;
	if ((size_t)n < room) {
		/* used and size are multiples of ARENA_ALIGN, so is room */
		char *p = (char *)c->data + c->used;
		size_t need = ((size_t)n + ARENA_ALIGN) & ~(size_t)(ARENA_ALIGN - 1);
		c->used += need;
		a->total += need;
		return p;
	}
	char *p = arena_alloc(a, (size_t)n + 1);
	if (p == NULL)
		return NULL;
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

size_t
arena_used(const struct arena *a)
{
	return a->total;
}
