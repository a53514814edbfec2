/*
 * csv.h — reading CSV (RFC 4180) for imports.
 */
#ifndef SC_CSV_H
#define SC_CSV_H

#endif
