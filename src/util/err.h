/*
 * err.h — the project's return codes. 0 is success; failures are negative and
 * flow up unchanged so the outermost caller can decide what the user sees.
 */
#ifndef SC_ERR_H
#define SC_ERR_H

enum sc_err {
	SC_OK = 0,
	SC_ERR = -1,        /* unspecified failure */
	SC_ENOMEM = -2,     /* out of memory */
	SC_EINVAL = -3,     /* invalid input (the caller has the field errors) */
	SC_ENOTFOUND = -4,  /* no such record */
	SC_ECONFLICT = -5,  /* unique key taken, or a stale version */
	SC_EBUSY = -6,      /* database busy or serialization failure: retry */
	SC_EDB = -7,        /* database error */
	SC_EDENIED = -8,    /* not permitted */
	SC_ELIMIT = -9,     /* a limit was reached (rate limit, cap, size) */
	SC_ETOONEW = -10,   /* the database schema is newer than this binary */
	SC_EIO = -11,       /* file or network error */
	SC_EUNAVAIL = -12,  /* the database cannot be reached now: try again later (503) */
};

/* A short English name for an error code, for logs ("conflict", ...). */
const char *sc_strerror(int rc);

#endif
