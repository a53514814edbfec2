/*
 * spelling.c — one key for the many spellings of a name; see spelling.h.
 */
#include "domain/spelling.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* What a letter is to the key: its base letter (a-z), a vowel, a mark
 * (dropped), or a letter kept as it is (other scripts). */
enum cls { C_LETTER, C_VOWEL, C_MARK, C_KEEP };

/* U+00C0..U+00FF by base letter; '.' for × and ÷. */
static const char latin1[] = "aaaaaaaceeeeiiiidnooooo.ouuuuyts"
			     "aaaaaaaceeeeiiiidnooooo.ouuuuyty";

/* U+0100..U+017F (Latin Extended-A) by base letter. */
static const char latin_ext_a[] = "aaaaaa" "cccccccc" "dddd" "eeeeeeeeee" "gggggggg" "hhhh"
				  "iiiiiiiiii" "ii" "jj" "kkk" "llllllllll" "nnnnnnnnn"
				  "oooooo" "oo" "rrrrrr" "ssssssss" "tttttt" "uuuuuuuuuuuu"
				  "ww" "yyy" "zzzzzz" "s";

/* U+1E00..U+1E9F (Latin Extended Additional: the dotted and underlined
 * letters of transliteration, ḥ ṣ ḍ ṭ ẓ ...), as ranges. */
static const struct {
	uint16_t from, to;
	char base;
} ext_add[] = {
	{0x1E00, 0x1E01, 'a'}, {0x1E02, 0x1E07, 'b'}, {0x1E08, 0x1E09, 'c'}, {0x1E0A, 0x1E13, 'd'},
	{0x1E14, 0x1E1D, 'e'}, {0x1E1E, 0x1E1F, 'f'}, {0x1E20, 0x1E21, 'g'}, {0x1E22, 0x1E2B, 'h'},
	{0x1E2C, 0x1E2F, 'i'}, {0x1E30, 0x1E35, 'k'}, {0x1E36, 0x1E3D, 'l'}, {0x1E3E, 0x1E43, 'm'},
	{0x1E44, 0x1E4B, 'n'}, {0x1E4C, 0x1E53, 'o'}, {0x1E54, 0x1E57, 'p'}, {0x1E58, 0x1E5F, 'r'},
	{0x1E60, 0x1E69, 's'}, {0x1E6A, 0x1E71, 't'}, {0x1E72, 0x1E7B, 'u'}, {0x1E7C, 0x1E7F, 'v'},
	{0x1E80, 0x1E89, 'w'}, {0x1E8A, 0x1E8D, 'x'}, {0x1E8E, 0x1E8F, 'y'}, {0x1E90, 0x1E95, 'z'},
	{0x1E96, 0x1E96, 'h'}, {0x1E97, 0x1E97, 't'}, {0x1E98, 0x1E98, 'w'}, {0x1E99, 0x1E99, 'y'},
	{0x1E9A, 0x1E9A, 'a'}, {0x1E9B, 0x1E9B, 's'},
};

/* Decodes one UTF-8 character at s (NUL-terminated); *len gets its bytes
 * (1 for a stray byte, which is then its own code point). */
static uint32_t
decode(const unsigned char *s, size_t *len)
{
	unsigned char c = s[0];
	size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
	uint32_t cp = n == 1 ? c : n == 2 ? (uint32_t)(c & 0x1F) : n == 3 ? (uint32_t)(c & 0x0F) : (uint32_t)(c & 0x07);
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*len = 1;
			return c;
		}
		cp = cp << 6 | (s[i] & 0x3F);
	}
	*len = n;
	return cp;
}

static bool
is_vowel(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

/* The class of code point cp; *base gets the letter for C_LETTER. */
static enum cls
classify(uint32_t cp, char *base)
{
	char b = 0;
	if (cp < 0x80) {
		if (cp >= 'A' && cp <= 'Z')
			cp += 'a' - 'A';
		if (cp >= '0' && cp <= '9')
			return C_KEEP;    /* digits stay as they are, repeated or not */
		if (cp >= 'a' && cp <= 'z')
			b = (char)cp;
		else
			return C_MARK;    /* ' ` . and the rest of ASCII */
	} else if (cp >= 0xC0 && cp <= 0xFF) {
		b = latin1[cp - 0xC0];
		if (cp == 0xC6 || cp == 0xE6 || cp == 0xC5 || cp == 0xE5 || cp == 0xD8 || cp == 0xF8)
			return C_VOWEL;   /* æ å ø */
	} else if (cp >= 0x100 && cp <= 0x17F) {
		b = latin_ext_a[cp - 0x100];
	} else if (cp >= 0x1E00 && cp <= 0x1E9F) {
		for (size_t i = 0; i < sizeof ext_add / sizeof ext_add[0]; i++)
			if (cp >= ext_add[i].from && cp <= ext_add[i].to)
				b = ext_add[i].base;
	} else if (cp >= 0x1EA0 && cp <= 0x1EF9) {
		return C_VOWEL;           /* Vietnamese vowels with marks */
	} else if ((cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x02B0 && cp <= 0x02FF) ||
		   (cp >= 0x2010 && cp <= 0x201F) || cp == 0xB4 || cp == 0xA8 || cp == 0xB7) {
		return C_MARK;            /* combining marks, ʿ ʾ ʻ, ’ ‘ and dashes */
	}
	if (b == 0)
		return C_KEEP;
	if (b == '.')
		return C_MARK;
	*base = b;
	return C_LETTER;
}

size_t
spelling_key(const char *word, char *out, size_t outlen)
{
	if (outlen == 0)
		return 0;
	size_t n = 0, letters = 0;
	char last = 0;           /* the last letter written; 0 after a kept character */
	const unsigned char *p = (const unsigned char *)(word != NULL ? word : "");
	while (*p) {
		size_t len;
		uint32_t cp = decode(p, &len);
		char c = 0;
		enum cls k = classify(cp, &c);
		if (k == C_MARK) {
			p += len;
			continue;
		}
		if (k == C_LETTER && is_vowel(c) && !(c == 'y' && letters == 0))
			k = C_VOWEL;
		letters++;
		if (k == C_KEEP) {
			if (n + len + 1 > outlen)
				break;
			memcpy(out + n, p, len);
			n += len;
			last = 0;
			p += len;
			continue;
		}
		if (k == C_VOWEL) {
			c = 'a';
		} else {
			switch (c) {
			case 'x':
				c = 'h';
				break;
			case 'q':
			case 'c':
				c = 'k';
				break;
			case 'w':
				c = 'v';
				break;
			case 'z':
				c = 's';
				break;
			default:
				break;
			}
		}
		p += len;
		if (c == 'h' && (last == 'g' || last == 'k' || last == 'd' || last == 't'))
			continue;
		if (c == last)
			continue;
		if (n + 2 > outlen)
			break;
		out[n++] = c;
		last = c;
	}
	if (letters > 3 && n >= 2 && out[n - 1] == 'h' && out[n - 2] == 'a')
		n--;
	out[n] = '\0';
	return n;
}
