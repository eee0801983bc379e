#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# bless-scenario.sh FILE.portlab... — (re)write FILE.expected from what the current build prints.
#
# The golden test (tests/scenarios) then checks that the output never changes by accident.
# Blessing proves nothing about correctness: a human must read the new transcript and the diff.
# Uses build/release unless PORTLAB_PRESET says otherwise; rebuilds it first if configured.
set -euo pipefail

preset="${PORTLAB_PRESET:-release}"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
say() { printf '==> %s\n' "$*"; }
die() { printf 'bless-scenario.sh: error: %s\n' "$*" >&2; exit 1; }

(($# > 0)) || die "usage: scripts/bless-scenario.sh tests/scenarios/NAME.portlab..."

portlab="$repo_root/build/$preset/app/portlab"
if [[ -f "$repo_root/build/$preset/CMakeCache.txt" ]]; then
    say "Bringing build/$preset up to date"
    (cd "$repo_root" && cmake --build --preset "$preset" >/dev/null) || die "build failed; run: cmake --build --preset $preset"
fi
[[ -x "$portlab" ]] || die "$portlab not found; build first with: bash scripts/setup.sh $preset"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
changed=()

for scenario in "$@"; do
    [[ "$scenario" == *.portlab ]] || die "$scenario: expected a .portlab file"
    [[ -f "$scenario" ]] || die "$scenario: no such file"
    dir="$(cd "$(dirname "$scenario")" && pwd)"
    file="$(basename "$scenario")"
    expected="$dir/${file%.portlab}.expected"

    # Exactly as tests/scenarios/run_golden.cmake runs it: in the scenario's folder, bare name.
    rc=0
    (cd "$dir" && QT_QPA_PLATFORM=offscreen "$portlab" run "$file") >"$tmp/stdout" 2>"$tmp/stderr" || rc=$?
    { printf '# exit: %d\n' "$rc"; cat "$tmp/stdout"; } >"$tmp/new"

    if [[ -f "$expected" ]] && cmp -s "$expected" "$tmp/new"; then
        say "$file: unchanged (exit $rc)"
        continue
    fi
    if [[ -f "$expected" ]]; then
        say "$file: transcript changed (exit $rc):"
        diff -u --label "${expected##*/} (old)" --label "${expected##*/} (new)" "$expected" "$tmp/new" || true
    else
        say "$file: new transcript (exit $rc):"
        cat "$tmp/new"
    fi
    if [[ -s "$tmp/stderr" ]]; then
        say "$file: portlab also wrote to standard error (not part of the transcript):"
        sed 's/^/    /' "$tmp/stderr"
    fi
    cp "$tmp/new" "$expected"
    changed+=("${expected#"$repo_root"/}")
done

if ((${#changed[@]} == 0)); then
    say "Nothing to bless: every transcript already matches"
    exit 0
fi
cat <<EOF

!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
!!  WROTE ${#changed[@]} GOLDEN FILE(S) FROM WHATEVER THE PROGRAM PRINTS TODAY:
$(printf '!!      %s\n' "${changed[@]}")
!!
!!  A golden file is only as right as the person who read it. Before committing, a HUMAN
!!  must read every line of the diff above (or: git diff -- tests/scenarios) and check it
!!  against what a real Linux kernel would do: errno, ports, exit code. If in doubt, don't.
!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
EOF
