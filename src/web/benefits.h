/*
 * benefits.h — INTERNAL to src/web/: what other pages show of benefits
 * (benefits.c).
 */
#ifndef SC_WEB_BENEFITS_H
#define SC_WEB_BENEFITS_H

#include "http.h"

/* The finance officer's part of the home page: the last month's run and
 * its state, runs waiting for the viewer's approval, warnings to clear,
 * corrections for the next benefit run, payment files not yet
 * downloaded. Nothing for a user who may not write benefits. */
int benefits_home_section(struct req *r);

#endif
