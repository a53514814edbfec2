/*
 * enrolment.h — programme periods: default planned end, extensions up to four years, pauses, exit outcomes and follow-up dates.
 *
 * Reasons and labels are static English msgids marked with N_() for
 * extraction; translate them with tr() when showing them.
 */
#ifndef SC_DOMAIN_ENROLMENT_H
#define SC_DOMAIN_ENROLMENT_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/date.h"

#endif
