/*
 * followup.h — follow-up: meeting channels, meeting validation, what is due, overdue or without contact.
 *
 * Reasons and labels are static English msgids marked with N_() for
 * extraction; translate them with tr() when showing them.
 */
#ifndef SC_DOMAIN_FOLLOWUP_H
#define SC_DOMAIN_FOLLOWUP_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/date.h"

#endif
