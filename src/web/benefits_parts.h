/*
 * benefits_parts.h — INTERNAL to the benefit pages: what benefits.c (the
 * runs, the payment file, the tax summary, the settings and a participant's
 * statements) and benefit_rules.c (the dated rules and the calculator)
 * share. Other areas use benefits.h.
 */
#ifndef SC_WEB_BENEFITS_PARTS_H
#define SC_WEB_BENEFITS_PARTS_H

#include "http.h"
#include "app/benefit.h"

#include <stdbool.h>
#include <stdint.h>

/* "15 000,00 kr" */
void benefits_kr(struct req *r, int64_t ore);

/* A row of a definition list with an amount. */
void benefits_dl_money(struct req *r, const char *label, int64_t ore);

/* True when the user may write benefits. */
bool benefits_may_write(struct req *r);

/* The statement in plain language, line by line (st: its lines; rec: its
 * inputs and amounts): a stored statement's page and the calculator's
 * answer write it so. */
void benefits_statement_article(struct req *r, const struct benefit_record *rec, const struct benefit_statement *st);

#endif
