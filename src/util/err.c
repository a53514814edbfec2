/*
 * err.c — names for the project's return codes.
 */
#include "err.h"

const char *
sc_strerror(int rc)
{
	switch (rc) {
	case SC_OK: return "ok";
	case SC_ENOMEM: return "out of memory";
	case SC_EINVAL: return "invalid input";
	case SC_ENOTFOUND: return "not found";
	case SC_ECONFLICT: return "conflict";
	case SC_EBUSY: return "busy";
	case SC_EDB: return "database error";
	case SC_EDENIED: return "denied";
	case SC_ELIMIT: return "limit reached";
	case SC_ETOONEW: return "database newer than this program";
	case SC_EIO: return "input/output error";
	case SC_EUNAVAIL: return "database unreachable";
	default: return "error";
	}
}
