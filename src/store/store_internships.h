/*
 * store_internships.h — the internships area's store headers, included by
 * store.h with one line: the employer register (store_employer.h),
 * placements and jobs (store_placement.h), and the contract of a
 * participant's group sessions (store_timetable.h), which the placements'
 * timetable rule reads.
 */
#ifndef SC_STORE_INTERNSHIPS_H
#define SC_STORE_INTERNSHIPS_H

#include "store/store_employer.h"
#include "store/store_placement.h"
#include "store/store_timetable.h"

#endif
