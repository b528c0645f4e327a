#!/usr/bin/env bash
# Installs a build into a fresh prefix and checks that the installed tree stands on its own:
# programs in bin/, the catalog in share/onewindow/forms, found relative to the programs when they
# run from another folder with no OW_* variable set, and no path of the build or source tree in
# any installed program.
#   check-install.sh BUILD_DIR SOURCE_DIR
set -uo pipefail
build=${1:?build dir}
src=${2:?source dir}

prefix=$(mktemp -d /tmp/ow-install.XXXXXX)
elsewhere=$(mktemp -d /tmp/ow-elsewhere.XXXXXX)
trap 'rm -rf "$prefix" "$elsewhere"' EXIT
status=0
fail() {
    echo "install_layout: $*"
    status=1
}

if ! cmake --install "$build" --prefix "$prefix" >"$elsewhere/install.log" 2>&1; then
    cat "$elsewhere/install.log"
    echo "install_layout: cmake --install failed (are all installed programs built?)"
    exit 1
fi

for program in onewindow onewindow-hub onewindow-desk; do
    [ -x "$prefix/bin/$program" ] || fail "bin/$program is not installed"
done
# The printer plugin, loaded by the programs from lib/onewindow next to bin/ on the first print.
[ -f "$prefix/lib/onewindow/libow_cups_printer.so" ] || fail "lib/onewindow/libow_cups_printer.so is not installed"
# The kiosk's speech plugin, loaded from there when its voice first speaks.
[ -f "$prefix/lib/onewindow/libow_speech.so" ] || fail "lib/onewindow/libow_speech.so is not installed"
# The kiosk's font rules, next to the catalog.
[ -f "$prefix/share/onewindow/fonts.conf" ] || fail "share/onewindow/fonts.conf is not installed"
forms="$prefix/share/onewindow/forms"
for part in items schema calendar regions trust; do
    [ -d "$forms/$part" ] || fail "share/onewindow/forms/$part is not installed"
done
[ -f "$forms/regions/regions.json" ] && [ -f "$forms/trust/issuers.json" ] || fail "catalog data files are missing"
if [ -n "$(find "$prefix" -type l)" ]; then
    fail "the installed tree holds symbolic links: $(find "$prefix" -type l | head -3)"
fi

# Run from another folder, with no OW_* variable: what a fresh machine sees.
unset_ow=()
while IFS= read -r name; do
    unset_ow+=(-u "$name")
done < <(env | sed -n 's/^\(OW_[A-Za-z0-9_]*\)=.*/\1/p')
run() {
    (cd "$elsewhere" && env "${unset_ow[@]}" "$@")
}

if ! out=$(run "$prefix/bin/onewindow" catalog check 2>&1); then
    fail "installed 'onewindow catalog check' failed: $out"
fi
if ! out=$(run "$prefix/bin/onewindow-hub" --help 2>&1); then
    fail "installed 'onewindow-hub --help' failed: $out"
fi
if ! out=$(run "$prefix/bin/onewindow-desk" --help 2>&1); then
    fail "installed 'onewindow-desk --help' failed: $out"
fi
# The hub loads the installed catalog for an import (an empty folder: nothing to import).
mkdir -p "$elsewhere/media"
if ! out=$(run "$prefix/bin/onewindow-hub" import-packets --data "$elsewhere/hub" "$elsewhere/media" 2>&1); then
    fail "installed 'onewindow-hub import-packets' failed: $out"
fi

# No build-machine path in a program (debug information included).
paths=("$build" "$src")
for p in "$build" "$src"; do
    real=$(realpath "$p")
    [ "$real" != "$p" ] && paths+=("$real")
done
for program in "$prefix"/bin/*; do
    for p in "${paths[@]}"; do
        if grep -q -a -F -- "$p" "$program"; then
            fail "$(basename "$program") contains the path $p"
        fi
    done
done

[ "$status" -eq 0 ] && echo "install_layout: the installed tree runs on its own"
exit "$status"
