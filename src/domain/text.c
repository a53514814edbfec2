/*
 * text.c — names compared with their letters' case folded; see text.h.
 */
#include "domain/text.h"

#include <stddef.h>
#include <stdint.h>

/* What stands for a byte that is not UTF-8: above every code point, so it
 * equals only the same byte. */
#define NOT_UTF8 0x110000u

/*
 * Reads the character at *p and moves *p past it: its code point, or
 * NOT_UTF8 + the byte for a byte that does not begin a well-formed
 * sequence (then *p moves one byte). A continuation byte is looked at only
 * after the one before it was one, so a NUL ends the reading in time.
 */
static uint32_t
next_char(const unsigned char **p)
{
	const unsigned char *s = *p;
	unsigned c = s[0];
	uint32_t cp;
	int len;
	uint32_t min;
	if (c < 0x80) {
		*p = s + 1;
		return c;
	} else if ((c & 0xE0) == 0xC0) {
		len = 2, cp = c & 0x1F, min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		len = 3, cp = c & 0x0F, min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		len = 4, cp = c & 0x07, min = 0x10000;
	} else {
		*p = s + 1;
		return NOT_UTF8 + c;
	}
	for (int i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80) {   /* the NUL too */
			*p = s + 1;
			return NOT_UTF8 + c;
		}
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
		*p = s + 1;
		return NOT_UTF8 + c;
	}
	*p = s + len;
	return cp;
}

/* The small letter of cp (text.h says which are folded); cp itself when
 * it is none of them. */
static uint32_t
fold(uint32_t cp)
{
	if (cp >= 'A' && cp <= 'Z')
		return cp + 0x20;
	if (cp < 0xC0)
		return cp;
	if (cp <= 0xDE)                 /* À..Þ, but × */
		return cp == 0xD7 ? cp : cp + 0x20;
	if (cp < 0x100)
		return cp;
	if (cp <= 0x17F) {              /* Latin Extended-A: pairs */
		if (cp == 0x178)        /* Ÿ */
			return 0xFF;
		if (cp == 0x17F)        /* ſ */
			return 's';
		if (cp <= 0x12F || (cp >= 0x132 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177))
			return (cp & 1) == 0 ? cp + 1 : cp;
		if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E))
			return (cp & 1) == 1 ? cp + 1 : cp;
		return cp;              /* İ, ı, ĸ, ŉ */
	}
	if (cp >= 0x400 && cp <= 0x40F) /* Ѐ..Џ */
		return cp + 0x50;
	if (cp >= 0x410 && cp <= 0x42F) /* А..Я */
		return cp + 0x20;
	return cp;
}

int
text_casecmp(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)(a != NULL ? a : "");
	const unsigned char *q = (const unsigned char *)(b != NULL ? b : "");
	while (*p != '\0' && *q != '\0') {
		uint32_t x = fold(next_char(&p)), y = fold(next_char(&q));
		if (x != y)
			return x < y ? -1 : 1;
	}
	return (*p != '\0') - (*q != '\0');
}
