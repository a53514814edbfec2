/*
 * url.c — see url.h.
 */
#include "url.h"

#include <string.h>

static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Printable ASCII without space and backslash: nothing a browser strips,
 * rewrites or reads as a separator of hosts. */
static bool
plain_byte(unsigned char c)
{
	return c > 0x20 && c < 0x7F && c != '\\';
}

bool
url_local_path_ok(const char *s)
{
	if (s == NULL || s[0] != '/' || s[1] == '/')
		return false;
	bool in_path = true;
	size_t i = 0;
	for (; s[i] != '\0'; i++) {
		if (i >= URL_LOCAL_MAX)
			return false;
		unsigned char c = (unsigned char)s[i];
		if (!plain_byte(c))
			return false;
		if (c == '?' || c == '#')
			in_path = false;
		if (c != '%')
			continue;
		int hi = hex_value(s[i + 1]);
		int lo = hi < 0 ? -1 : hex_value(s[i + 2]);
		if (lo < 0)
			return false;
		unsigned char d = (unsigned char)(hi * 16 + lo);
		if (in_path && d < 0x80 && (!plain_byte(d) || d == '/'))
			return false;
		i += 2;
	}
	return true;
}

const char *
url_local_or_root(const char *s)
{
	return url_local_path_ok(s) ? s : "/";
}
