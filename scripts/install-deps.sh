#!/usr/bin/env bash
# Installs what Second Chance needs to build, test and run: Debian packages
# first, then the Node modules of the browser tests. Idempotent and quiet: when
# everything is present it prints nothing and returns within a second, so
# `make run` and `make check` can call it every time.
#
# Browsers are never downloaded: Playwright drives Debian's /usr/bin/chromium.
set -eu

cd "$(dirname "$0")/.."

DEB_PACKAGES="build-essential meson ninja-build pkg-config clang libclang-rt-14-dev
libmicrohttpd-dev libsqlite3-dev sqlite3 libpq-dev postgresql haproxy curl libjansson-dev
libsodium-dev libcmocka-dev libcurl4-openssl-dev libxlsxwriter-dev libinih-dev
gettext python3 wrk chromium nodejs npm ca-certificates"

# is_installed NAME: true when dpkg says NAME is fully installed.
is_installed() {
	[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

missing=""
for pkg in $DEB_PACKAGES; do
	case $pkg in
	npm)
		# NodeSource's nodejs ships npm itself (and conflicts with Debian's
		# npm package), so what matters is the command, not the package.
		command -v npm >/dev/null 2>&1 && continue ;;
	esac
	is_installed "$pkg" || missing="$missing $pkg"
done

if [ -n "$missing" ]; then
	if [ "$(id -u)" -eq 0 ]; then
		as_root=""
	elif command -v sudo >/dev/null 2>&1; then
		as_root="sudo"
	else
		echo "install-deps: missing Debian packages:$missing" >&2
		echo "install-deps: run this script as root or install sudo" >&2
		exit 1
	fi
	echo "install-deps: installing$missing"
	$as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
	# shellcheck disable=SC2086 # word splitting of the list is intended
	$as_root env DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -q --no-install-recommends $missing
fi

# Node modules for tests/browser. node_modules/.package-lock.json is what npm
# writes after an install; a newer package-lock.json means the pins changed.
need_npm=0
for mod in playwright-core axe-core; do
	[ -d "node_modules/$mod" ] || need_npm=1
done
if [ -f package-lock.json ] &&
	{ [ ! -f node_modules/.package-lock.json ] ||
		[ package-lock.json -nt node_modules/.package-lock.json ]; }; then
	need_npm=1
fi

if [ "$need_npm" -eq 1 ]; then
	export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
	echo "install-deps: installing Node modules"
	if [ -f package-lock.json ]; then
		npm ci --no-audit --no-fund
	else
		npm install --no-audit --no-fund
	fi
fi
