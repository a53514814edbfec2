/*
 * store_demo.h — bulk inserts for the demo generator. Included by store.h.
 */
#ifndef SC_STORE_DEMO_H
#define SC_STORE_DEMO_H

#include <stdint.h>

struct arena;
struct db;

#endif
