/*
 * ordmap.h — int64 keys to their ordinals (0, 1, ... in the order first
 * added), by open addressing with linear probing: the reports' and the
 * demo's counts give each group, month or person met a place in an array.
 * A slot holds its ordinal + 1, 0 when free; the keys are kept in ordinal
 * order. A zeroed struct ordmap is empty; ordmap_free() releases it.
 */
#ifndef SC_ORDMAP_H
#define SC_ORDMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ordmap {
	int64_t *key;      /* key[i] is the key of ordinal i */
	uint32_t *slot;
	size_t cap, n;     /* cap: a power of two, or 0 */
};

#define ORDMAP_NONE UINT32_MAX

/* The ordinal of k; with add, a new one (the next) when k is not there.
 * ORDMAP_NONE when k is absent (without add) or memory runs out. */
uint32_t ordmap_get(struct ordmap *m, int64_t k, bool add);

void ordmap_free(struct ordmap *m);

/* The 64-bit finaliser the map hashes with (MurmurHash3's): a run of ids
 * spreads over the whole table. For other tables keyed by several values. */
uint64_t ordmap_mix(uint64_t x);

#endif
