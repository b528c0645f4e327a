#!/usr/bin/env bash
# Checks the layering rules of ARCHITECTURE.md on a source tree and, optionally, on the link
# lines CMake wrote for the core libraries. Prints one line per violation and exits 1 if any.
#   check-layering.sh SOURCE_DIR [LINKS_DIR]
# LINKS_DIR holds one file per core library, <target>.links, a linked library per line.
set -uo pipefail
src=${1:?source dir}
links=${2:-}
cd "$src" || exit 2

# The core layers, lowest first: a folder may include those before it, never those after.
layers=(common domain crypto protocol catalog store identity sync scan print pickup)
declare -A rankOf=()
for i in "${!layers[@]}"; do rankOf[${layers[$i]}]=$i; done
rank() { echo "${rankOf[$1]:--1}"; }

# Third-party headers and the one folder whose .cpp files may include each.
declare -A wrapper=(
    ["sqlite3.h"]="app/core/store"
    ["curl/"]="app/core/sync"
    ["ZXing/"]="app/core/scan"
    ["openssl/"]="app/core/crypto"
    ["microhttpd.h"]="server"
    ["gnutls/"]="server"
    ["googlepinyin"]="kiosk/input"
    ["unicode/"]="kiosk/input"
    ["fontconfig/"]="app/ui"
)

violations=0
fail() {
    echo "layering: $*"
    violations=$((violations + 1))
}

mapfile -t files < <(find app server kiosk -type f \( -name '*.cpp' -o -name '*.h' \) 2>/dev/null | sort)
for f in "${files[@]}"; do
    dir=${f%/*}
    while IFS= read -r line; do
        [[ "$line" =~ ^[[:space:]]*#[[:space:]]*include[[:space:]]*[\<\"]([^\>\"]+) ]] || continue
        header=${BASH_REMATCH[1]}
        for pattern in "${!wrapper[@]}"; do
            case "$header" in
            "$pattern"*)
                if [ "$dir" != "${wrapper[$pattern]}" ] || [[ "$f" != *.cpp ]]; then
                    fail "$f includes <$header>: only the .cpp files of ${wrapper[$pattern]}/ may"
                fi
                ;;
            esac
        done
        top=${header%%/*}
        [ "$top" = "$header" ] && continue
        case "$f" in
        app/core/*)
            own=${f#app/core/}
            own=${own%%/*}
            case "$top" in
            ui | cli | desk | kiosk | server) fail "$f includes \"$header\": app/core never includes a program or the UI" ;;
            *)
                r=${rankOf[$top]:--1}
                o=${rankOf[$own]:--1}
                if [ "$r" -ge 0 ] && [ "$o" -ge 0 ] && [ "$r" -gt "$o" ]; then
                    fail "$f includes \"$header\": $own/ is below $top/"
                fi
                ;;
            esac
            ;;
        server/*)
            # The hub may use scan's signed codes (it verifies receipt codes for progress
            # queries with the one parser the devices use), never the client store or sync.
            case "$top" in
            store | sync | ui | cli | desk | kiosk) fail "$f includes \"$header\": the hub uses neither the client store nor the UI" ;;
            esac
            ;;
        app/ui/*)
            case "$top" in
            cli | desk | kiosk | server) fail "$f includes \"$header\": the UI layer never includes a program" ;;
            esac
            ;;
        esac
    done < <(grep -E '^[[:space:]]*#[[:space:]]*include' "$f")
done

# Link lines: no core library links a GUI module, and each links only lower layers.
if [ -n "$links" ]; then
    shopt -s nullglob
    found=0
    for lf in "$links"/*.links; do
        found=1
        lib=$(basename "$lf" .links)
        own=${lib#ow_}
        o=$(rank "$own")
        while IFS= read -r dep; do
            [ -z "$dep" ] && continue
            if [[ "$dep" =~ Qt6?::(Gui|Quick|Qml|Widgets|Multimedia|QuickControls2|TextToSpeech|PrintSupport) ]]; then
                fail "$lib links $dep: app/core is UI-free"
            fi
            if [[ "$dep" =~ ^ow_([a-z]+)$ ]]; then
                r=$(rank "${BASH_REMATCH[1]}")
                if [ "$r" -lt 0 ] || [ "$r" -ge "$o" ]; then
                    fail "$lib links $dep: a core library links only the layers below it"
                fi
            fi
        done <"$lf"
    done
    [ "$found" = 1 ] || fail "no link lines in $links"
fi

if [ "$violations" -gt 0 ]; then
    echo "layering: $violations violation(s)"
    exit 1
fi
echo "layering: ok (${#files[@]} files)"
