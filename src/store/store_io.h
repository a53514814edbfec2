/*
 * store_io.h — CSV import of participants and CSV/XLSX exports. Included by store.h.
 */
#ifndef SC_STORE_IO_H
#define SC_STORE_IO_H

#include <stdint.h>

struct arena;
struct db;

#endif
