/*
 * store_intake.h — referrals, screening, the waiting list, offers, enrolments with extensions, pauses and exit. Included by store.h.
 */
#ifndef SC_STORE_INTAKE_H
#define SC_STORE_INTAKE_H

#include <stdint.h>

struct arena;
struct db;

#endif
