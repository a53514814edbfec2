/*
 * netaddr.c — the client's address behind a load balancer; see netaddr.h.
 */
#include "netaddr.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

/* Longest text of an address we compare (IPv6 with an IPv4 tail). */
#define ADDR_MAX 64

/* Parses s[0..len) with surrounding spaces trimmed as an IPv4 or IPv6
 * address into *af and buf (16 bytes). */
static bool
parse_addr(const char *s, size_t len, int *af, unsigned char buf[16])
{
	while (len > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len == 0 || len >= ADDR_MAX)
		return false;
	char text[ADDR_MAX];
	memcpy(text, s, len);
	text[len] = '\0';
	memset(buf, 0, 16);
	if (inet_pton(AF_INET, text, buf) == 1) {
		*af = AF_INET;
		return true;
	}
	if (inet_pton(AF_INET6, text, buf) == 1) {
		*af = AF_INET6;
		return true;
	}
	return false;
}

bool
netaddr_listed(const char *list, const char *addr)
{
	if (list == NULL || addr == NULL)
		return false;
	int af;
	unsigned char want[16];
	if (!parse_addr(addr, strlen(addr), &af, want))
		return false;
	const char *p = list;
	for (;;) {
		size_t len = strcspn(p, ",");
		int af2;
		unsigned char got[16];
		if (parse_addr(p, len, &af2, got) && af2 == af && memcmp(got, want, 16) == 0)
			return true;
		if (p[len] == '\0')
			return false;
		p += len + 1;
	}
}

bool
netaddr_forwarded(const char *value, char *out, size_t outlen)
{
	if (value == NULL)
		return false;
	const char *last = strrchr(value, ',');
	last = last != NULL ? last + 1 : value;
	int af;
	unsigned char bin[16];
	if (!parse_addr(last, strlen(last), &af, bin))
		return false;
	char text[INET6_ADDRSTRLEN];
	if (inet_ntop(af, bin, text, sizeof text) == NULL || strlen(text) >= outlen)
		return false;
	memcpy(out, text, strlen(text) + 1);
	return true;
}
