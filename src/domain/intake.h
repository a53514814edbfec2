/*
 * intake.h — referral sources and the referral state machine (who may move a referral from which state to which).
 *
 * Reasons and labels are static English msgids marked with N_() for
 * extraction; translate them with tr() when showing them.
 */
#ifndef SC_DOMAIN_INTAKE_H
#define SC_DOMAIN_INTAKE_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/date.h"

#endif
