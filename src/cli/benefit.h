/*
 * benefit.h — `secondchance benefit`: the statement calculator (calc) and
 * the import of a year's monthly tax tables (tax-table import).
 */
#ifndef SC_CLI_BENEFIT_H
#define SC_CLI_BENEFIT_H

#include <stdint.h>
#include <stdio.h>

struct store;

/* Reads a described month (JSON) from in and writes its statement (JSON)
 * to out. Returns the exit status: 0, 2 for a bad input (named on err by
 * its field), 1 for a failure of the system. */
int benefit_calc(struct store *s, FILE *in, FILE *out, FILE *err);

/* Replaces the tax tables of year by the CSV file at path (columns table,
 * from_kr, to_kr, withholding_kr). Returns the exit status as above. */
int benefit_tax_import(struct store *s, int year, const char *path, FILE *out, FILE *err);

/* Starts the monthly run of month ("YYYY-MM") for centre through
 * app_benefit_run_start(), acting for the installation (user 0, as the demo
 * does), and prints the run's id, statements and totals and the command's
 * time in ms. 0; 2 when refused or the month is bad (why on err); 1 when it
 * failed. */
int benefit_run(struct store *s, int64_t centre, const char *month, FILE *out, FILE *err);

#endif
