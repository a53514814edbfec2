/*
 * ordmap.c — int64 keys to their ordinals; see ordmap.h.
 */
#include "ordmap.h"

#include <stdlib.h>

uint64_t
ordmap_mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

static size_t
ordmap_hash(int64_t k, size_t cap)
{
	return (size_t)ordmap_mix((uint64_t)k) & (cap - 1);
}

/* Doubles the table (at most half full after), the keys kept in order. */
static bool
ordmap_grow(struct ordmap *m)
{
	size_t ncap = m->cap ? m->cap * 2 : 1024;
	uint32_t *slot = calloc(ncap, sizeof *slot);
	int64_t *key = realloc(m->key, sizeof *key * (ncap / 2));
	if (slot == NULL || key == NULL) {
		free(slot);
		if (key != NULL)
			m->key = key;
		return false;
	}
	m->key = key;
	for (size_t i = 0; i < m->n; i++) {
		size_t h = ordmap_hash(key[i], ncap);
		while (slot[h] != 0)
			h = (h + 1) & (ncap - 1);
		slot[h] = (uint32_t)i + 1;
	}
	free(m->slot);
	m->slot = slot;
	m->cap = ncap;
	return true;
}

uint32_t
ordmap_get(struct ordmap *m, int64_t k, bool add)
{
	if (m->cap > 0) {
		size_t h = ordmap_hash(k, m->cap);
		for (uint32_t s; (s = m->slot[h]) != 0; h = (h + 1) & (m->cap - 1))
			if (m->key[s - 1] == k)
				return s - 1;
	}
	if (!add || m->n >= ORDMAP_NONE - 1 || ((m->n + 1) * 2 > m->cap && !ordmap_grow(m)))
		return ORDMAP_NONE;
	size_t h = ordmap_hash(k, m->cap);
	while (m->slot[h] != 0)
		h = (h + 1) & (m->cap - 1);
	m->key[m->n] = k;
	m->slot[h] = (uint32_t)++m->n;
	return (uint32_t)(m->n - 1);
}

void
ordmap_free(struct ordmap *m)
{
	free(m->key);
	free(m->slot);
	m->key = NULL;
	m->slot = NULL;
	m->cap = m->n = 0;
}
