/*
 * spelling.h — one key for the many spellings of a name.
 *
 * Names from Somali, Tigrinya, Arabic and Persian reach Norwegian
 * registers in many Latin spellings: Mohamed, Mohammed, Muhammad, Maxamed
 * (Somali writes ħ as x); Hussein, Husain, Hossein; Yusuf, Yousef;
 * Fatima, Fatemeh, Fatuma; Tesfay, Tesfaye; Maryam, Mariam. What varies
 * is mostly the vowels (short vowels are not written in Arabic script, so
 * every transliteration guesses), doubled consonants, a final h, and a few
 * letters. The spelling key keeps what stays: the consonants, in order,
 * with every run of vowels as one "a".
 *
 * The rules, on a word folded by name_fold() (lower case):
 *  1. Letters with diacritics are their base letter (é -> e, ç -> c,
 *     ş -> s, ḥ -> h); æ, ø, å and y (not first) are vowels.
 *  2. x -> h (Somali), q -> k, c -> k, w -> v, z -> s.
 *  3. h after g, k, d or t is dropped (Ghebre = Gebre, Khadra = Qadra =
 *     Kadra, Thor = Tor, Christian = Kristian).
 *  4. A run of vowels (a e i o u y æ ø å) is one "a"; a first y is a
 *     consonant (Yusuf).
 *  5. A letter repeated is one letter (Mohammed = Mohamed, Hassan = Hasan).
 *  6. In a word of more than three letters a final h after a vowel is
 *     dropped (Sarah = Sara, Fatemeh = Fatima, Abdullah = Abdulla).
 *  7. Apostrophes and other marks (', ’, ʿ, ʾ, ., ...) are dropped;
 *     digits stay; letters of other scripts are kept as they are.
 *
 * Every rule looks only at the letters before the one it changes, or at
 * the end of the word, so the key of a word's beginning is the beginning
 * of the word's key (rule 6 apart, which only shortens): a search for the
 * key of what was typed as a prefix of the keys finds every spelling whose
 * key starts with it ("Moh" -> "mah" finds "mahamad", Mohamed). The price
 * is names that differ only in their vowels: Hassan and Hussein share
 * "hasan", Ali and Ola "ala". See docs/DECISIONS.md, 45.
 */
#ifndef SC_DOMAIN_SPELLING_H
#define SC_DOMAIN_SPELLING_H

#include <stddef.h>

/*
 * Writes the spelling key of one word (UTF-8, folded by name_fold(): no
 * spaces) into out (outlen bytes, NUL-terminated; truncated at a character
 * boundary). Returns the key's length; 0 when the word has nothing a key
 * keeps (only marks).
 */
size_t spelling_key(const char *word, char *out, size_t outlen);

#endif
