#!/usr/bin/env bash
# The layering check must fail on a tree that breaks each rule, naming each break.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
fixture=$here/../data/layering/bad
out=$("$here/check-layering.sh" "$fixture" "$fixture/links")
rc=$?
echo "$out"
[ "$rc" = 1 ] || { echo "FAIL: expected exit 1, got $rc"; exit 1; }
expect=(
    'app/core/domain/Upward.cpp includes "store/Store.h": domain/ is below store/'
    'app/core/domain/Upward.cpp includes "ui/FormController.h": app/core never includes a program or the UI'
    'app/core/domain/Upward.cpp includes <openssl/evp.h>'
    'app/core/common/Leak.h includes <sqlite3.h>'
    'server/Reach.cpp includes "store/Repositories.h"'
    'ow_domain links Qt6::Gui: app/core is UI-free'
    'ow_domain links ow_store: a core library links only the layers below it'
    'layering: 7 violation(s)'
)
for e in "${expect[@]}"; do
    grep -qF -- "$e" <<<"$out" || { echo "FAIL: missing: $e"; exit 1; }
done
echo "ok: all ${#expect[@]} violations reported"
