/*
 * store_plan.h — work plans (versioned), goals with steps and history, evaluations. Included by store.h.
 */
#ifndef SC_STORE_PLAN_H
#define SC_STORE_PLAN_H

#include <stdint.h>

struct arena;
struct db;

#endif
