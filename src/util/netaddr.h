/*
 * netaddr.h — the client's address behind a load balancer.
 *
 * A server behind HAProxy sees every request come from the balancer. The
 * sign-in throttle counts failures per client address and the audit log
 * records it (docs/DECISIONS.md, 24 and 48), so the address must be the
 * one the balancer was connected from, which it appends to
 * X-Forwarded-For. That header is believed only from the balancers named
 * in http.trusted_proxies, and only its last element, which the balancer
 * wrote: anything before it came from the client and may be forged.
 */
#ifndef SC_NETADDR_H
#define SC_NETADDR_H

#include <stdbool.h>
#include <stddef.h>

/* True when addr (an IPv4 or IPv6 address as text) is one of list's
 * comma-separated addresses; spaces around them are ignored and addresses
 * are compared as addresses ("::1" and "0:0::1" are one). list and addr
 * may be NULL (false). */
bool netaddr_listed(const char *list, const char *addr);

/* The last comma-separated element of an X-Forwarded-For value, when it
 * is an IPv4 or IPv6 address: copied into out (outlen bytes; 46 hold any)
 * in its usual text form, and true. False, out untouched, otherwise
 * (also when it does not fit). */
bool netaddr_forwarded(const char *value, char *out, size_t outlen);

#endif
