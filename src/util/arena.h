/*
 * arena.h — a per-request bump allocator.
 *
 * Everything a request allocates while it is being handled comes from one arena,
 * which is freed in one go when the request ends. Allocations are 16-byte aligned
 * and never freed one by one.
 */
#ifndef SC_ARENA_H
#define SC_ARENA_H

#include <stddef.h>
#include <stdarg.h>

struct arena;

/* Returns a new empty arena, or NULL when out of memory. Free with arena_free(). */
struct arena *arena_new(void);

/* Frees the arena and every allocation made from it. Accepts NULL. */
void arena_free(struct arena *a);

/* Returns n zeroed bytes that live until the arena is freed; NULL when out of
 * memory or when n is absurdly large. */
void *arena_alloc(struct arena *a, size_t n);

/* Returns a NUL-terminated copy of s (or of its first n bytes); s may be NULL,
 * in which case NULL is returned. */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);

/* printf into the arena; returns NULL on failure. Never use the result in
 * markup without the escaping writer. */
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap);

/* Hands p (from malloc or realloc; NULL is accepted) to the arena: it is
 * freed with the arena, not copied into it. Returns p, or NULL when out of
 * memory, and then p was freed. For a big array grown by realloc while it
 * was read. */
void *arena_keep(struct arena *a, void *p);

/* Bytes handed out so far (for tests and the access log). */
size_t arena_used(const struct arena *a);

#endif
