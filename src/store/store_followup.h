/*
 * store_followup.h — the meeting log, health notes, follow-up tasks after exit, and the Today page. Included by store.h.
 */
#ifndef SC_STORE_FOLLOWUP_H
#define SC_STORE_FOLLOWUP_H

#include <stdint.h>

struct arena;
struct db;

#endif
