#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# run.sh [ARGS...] — set up and build (scripts/setup.sh), then launch PortLab with ARGS.
# With no display ($DISPLAY and $WAYLAND_DISPLAY both empty) it runs under xvfb-run instead.
# PORTLAB_PRESET picks another build (default: release).
set -euo pipefail

preset="${PORTLAB_PRESET:-release}"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
say() { printf '==> %s\n' "$*"; }

bash "$repo_root/scripts/setup.sh" "$preset"

app="$repo_root/build/$preset/app/portlab"
if [[ ! -x "$app" ]]; then
    printf 'run.sh: error: %s was not built (is the app target named "portlab" in app/?)\n' "$app" >&2
    exit 1
fi

launch=("$app" "$@")
if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
    say "No display found (DISPLAY and WAYLAND_DISPLAY are empty)"
    say "Starting PortLab under a virtual X server: xvfb-run -a (nothing will appear on screen)"
    launch=(xvfb-run -a "${launch[@]}")
fi

# Started with sudo: give the window back to the user who asked for it, not to root.
if [[ "$(id -u)" -eq 0 && -n "${SUDO_USER:-}" && "${SUDO_USER}" != root ]]; then
    user_home="$(getent passwd "$SUDO_USER" | cut -d: -f6)"
    say "Launching as $SUDO_USER (started through sudo)"
    launch=(runuser -u "$SUDO_USER" -- env HOME="$user_home" "${launch[@]}")
fi

say "Launching: build/$preset/app/portlab${*:+ $*}"
exec "${launch[@]}"
