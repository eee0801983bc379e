#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# test.sh [--asan] [CTEST ARGS...] — set up and build (scripts/setup.sh), then run the whole
# test suite with ctest. --asan uses the AddressSanitizer/UBSan build (preset "asan") instead
# of "release". Any other arguments go to ctest, e.g.  test.sh -R scenario -j8
# Exits non-zero if the build or any test fails, or if no tests were found.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
say() { printf '==> %s\n' "$*"; }

preset=release
ctest_args=()
for arg in "$@"; do
    case "$arg" in
        --asan) preset=asan ;;
        *) ctest_args+=("$arg") ;;
    esac
done

if ! bash "$repo_root/scripts/setup.sh" "$preset"; then
    printf '\n==> FAILED: set-up or build failed (preset %s); no tests were run\n' "$preset" >&2
    exit 1
fi

if [[ "$preset" == asan ]]; then
    export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
    export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"
fi

# Run the tests as the owner of the checkout, like the build (see setup.sh).
as_owner=()
if [[ "$(id -u)" -eq 0 ]]; then
    owner_uid="$(stat -c %u "$repo_root")"
    if [[ "$owner_uid" -ne 0 ]] && owner="$(getent passwd "$owner_uid" | cut -d: -f1)" && [[ -n "$owner" ]]; then
        as_owner=(runuser -u "$owner" -- env HOME="$(getent passwd "$owner_uid" | cut -d: -f6)")
    fi
fi

cd "$repo_root"
log="$(mktemp "${TMPDIR:-/tmp}/portlab-test.XXXXXX")"
trap 'rm -f "$log"' EXIT

say "Running tests: ctest --preset $preset --output-on-failure --no-tests=error${ctest_args[*]:+ ${ctest_args[*]}}"
rc=0
"${as_owner[@]}" ctest --preset "$preset" --output-on-failure --no-tests=error "${ctest_args[@]}" 2>&1 \
    | tee "$log" || rc=$?

summary="$(grep -E '^[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -n 1 || true)"
echo
say "Test summary (preset $preset)"
if [[ -n "$summary" ]]; then
    echo "$summary"
    sed -n '/^The following tests FAILED:/,/^[^[:space:]]/p' "$log" | grep -E '^[[:space:]]' || true
elif grep -q 'No tests were found' "$log"; then
    echo "No tests were found: nothing was tested."
else
    echo "ctest printed no summary line (it exited with status $rc before running the suite)."
fi

if [[ $rc -ne 0 ]]; then
    say "FAILED (ctest exit status $rc)"
    exit "$rc"
fi
say "PASSED"
