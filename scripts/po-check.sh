#!/bin/sh
# po-check.sh — fail when a translatable string in src/ has no finished
# Bokmål translation in po/nb.po.
#
# Merges po/nb.po with freshly extracted strings in a temporary directory (the
# tree is not changed), then lists the untranslated and fuzzy msgids and exits
# 1 if there are any. Also fails when msgfmt --check rejects po/nb.po.
set -eu
cd "$(dirname "$0")/.."

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

find src -name '*.[ch]' | LC_ALL=C sort > "$tmp/POTFILES"
xgettext --language=C --from-code=UTF-8 \
	--keyword= --keyword=tr:2 --keyword=trn:2,3 --keyword=N_ --keyword=T:2 \
	--package-name=secondchance --msgid-bugs-address="Second Chance maintainers" \
	--files-from="$tmp/POTFILES" -o "$tmp/secondchance.pot"
if [ ! -f "$tmp/secondchance.pot" ]; then
	# xgettext writes nothing when the source has no marked strings.
	echo "po-check: no translatable strings in src/"
	exit 0
fi
msgmerge --quiet --no-fuzzy-matching -o "$tmp/nb.po" po/nb.po "$tmp/secondchance.pot"
msgfmt --check -o /dev/null "$tmp/nb.po"

# msgids only, one per line; the header (msgid "") is not a message.
list() {
	msgattrib --no-obsolete --no-wrap "$@" "$tmp/nb.po" |
		sed -n 's/^msgid "\(..*\)"$/\1/p'
}
untranslated=$(list --untranslated)
fuzzy=$(list --only-fuzzy)

status=0
if [ -n "$untranslated" ]; then
	echo "po-check: untranslated in po/nb.po (run scripts/po-update.sh and translate):"
	printf '%s\n' "$untranslated" | sed 's/^/  /'
	status=1
fi
if [ -n "$fuzzy" ]; then
	echo "po-check: fuzzy in po/nb.po (review and remove the fuzzy flag):"
	printf '%s\n' "$fuzzy" | sed 's/^/  /'
	status=1
fi
[ "$status" -eq 0 ] && echo "po-check: po/nb.po is complete"
exit "$status"
