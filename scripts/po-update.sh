#!/bin/sh
# po-update.sh — extract the translatable strings from src/ into
# po/secondchance.pot and merge them into po/nb.po.
#
# Strings are marked by tr(lang, "..."), trn(lang, "...", "...", n) and N_("...")
# (see src/i18n/i18n.h). New strings appear in po/nb.po untranslated (no fuzzy
# guesses); strings no longer in the source become obsolete "#~" entries and
# come back translated if the source uses them again.
set -eu
cd "$(dirname "$0")/.."

find src -name '*.[ch]' | LC_ALL=C sort > po/POTFILES.tmp
xgettext --language=C --from-code=UTF-8 \
	--keyword= --keyword=tr:2 --keyword=trn:2,3 --keyword=N_ --keyword=T:2 \
	--add-comments=TRANSLATORS: --sort-by-file \
	--package-name=secondchance \
	--msgid-bugs-address="Second Chance maintainers" \
	--files-from=po/POTFILES.tmp -o po/secondchance.pot
rm -f po/POTFILES.tmp
msgmerge --quiet --update --no-fuzzy-matching --backup=none \
	po/nb.po po/secondchance.pot
msgfmt --check --statistics -o /dev/null po/nb.po
