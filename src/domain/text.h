/*
 * text.h — names compared as a reader reads them: two names that differ
 * only in the case of their letters are one name ("Norsk for ØKONOMI" is
 * "norsk for økonomi"). strcasecmp() folds ASCII only and so let "Å" and
 * "å" be two names.
 *
 * The letters folded (each to its small letter, Unicode's simple case
 * folding):
 *   - ASCII A..Z;
 *   - Latin-1 Supplement À..Þ but ×: Æ Ø Å É È Ü Ö Ä Ñ Ç ...;
 *   - Latin Extended-A U+0100..U+017F: Ā Ą Č Ğ Ł Ń Ő Œ Ř Ş Š Ű Ž ...,
 *     Ÿ to ÿ and the long ſ to s;
 *   - Cyrillic U+0400..U+042F: Ё Є І Ї and А..Я.
 * İ (U+0130) has no simple folding and is left as it is; ß is not "ss"
 * (that is full folding, which changes lengths); a letter written as a
 * base letter and a combining mark (A + U+030A) is not the precomposed one
 * (Å): nothing here normalises.
 */
#ifndef SC_DOMAIN_TEXT_H
#define SC_DOMAIN_TEXT_H

/*
 * Compares the UTF-8 texts a and b code point by code point with the
 * letters above folded: < 0, 0 or > 0, as strcmp() does. NULL is "".
 * Bytes that are not UTF-8 (a stray continuation byte, a sequence cut
 * short by the end, an overlong form, a surrogate, beyond U+10FFFF) are
 * compared one byte each, as themselves: they equal only the same bytes,
 * and nothing is read past either text's NUL.
 */
int text_casecmp(const char *a, const char *b);

#endif
