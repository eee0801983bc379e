#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# setup.sh [PRESET] — make this Debian 12 machine able to build PortLab, then build it.
#
#   1. Installs whichever of the packages below are missing (needs root only if some are).
#   2. cmake --preset PRESET && cmake --build --preset PRESET   (PRESET defaults to "release";
#      see CMakePresets.json for release, debug, asan).
#
# Safe to run again: a machine that has everything installs nothing and just rebuilds.
# When run as root on a checkout owned by an ordinary user (e.g. through sudo), the build
# runs as that user, so build/ never ends up owned by root.
set -euo pipefail

preset="${1:-release}"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

say() { printf '==> %s\n' "$*"; }
die() { printf '\nsetup.sh: error: %s\n' "$*" >&2; exit 1; }

packages=(
    # toolchain
    cmake ninja-build g++ pkg-config
    # Qt 6 development files and tools (moc, qmlcachegen, lupdate/lrelease, qmllint)
    qt6-base-dev qt6-declarative-dev qt6-charts-dev qt6-tools-dev qt6-l10n-tools
    qt6-declarative-dev-tools qt6-qpa-plugins
    # QML modules the app and the Qt Quick tests import at run time
    qml6-module-qtqml qml6-module-qtqml-models qml6-module-qtqml-workerscript
    qml6-module-qtquick qml6-module-qtquick-window qml6-module-qtquick-controls
    qml6-module-qtquick-templates qml6-module-qtquick-layouts qml6-module-qtquick-shapes
    qml6-module-qtcharts qml6-module-qttest
    qml6-module-qtquick-dialogs qml6-module-qt-labs-folderlistmodel
    libgl-dev
    # lesson files are CommonMark, read with the reference parser
    libcmark-dev
    # tests and benchmarks
    libgtest-dev libbenchmark-dev
    # headless display, screenshots, pcap checks, the real-kernel oracle, test helpers
    xvfb xauth imagemagick tshark iproute2 python3
    # the real netstat and lsof the kernel backend runs for the netstat and lsof statements
    net-tools lsof
    # the real nc (netcat-openbsd) the kernel backend runs for nc -z -v
    netcat-openbsd
    # the real nmap the kernel backend runs for nmap -sT and -sU
    nmap
    # the real iptables (nf_tables back end) the kernel backend runs for iptables statements
    iptables
)

case "$preset" in
    -h|--help) sed -n '3,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) die "unknown option '$preset' (usage: setup.sh [release|debug|asan])" ;;
esac

# --- 1. packages -----------------------------------------------------------------------------
say "Checking ${#packages[@]} Debian packages"
missing=()
for pkg in "${packages[@]}"; do
    status="$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)"
    [[ "$status" == installed ]] || missing+=("$pkg")
done

if ((${#missing[@]} == 0)); then
    say "All packages already installed; nothing to install"
else
    say "Missing ${#missing[@]} package(s): ${missing[*]}"
    if [[ "$(id -u)" -ne 0 ]]; then
        die "installing packages needs root, and ${#missing[@]} are missing: ${missing[*]}
Run again as root, e.g.:  sudo bash scripts/$(basename "${BASH_SOURCE[0]}")${1:+ $1}"
    fi
    command -v apt-get >/dev/null || die "apt-get not found: this script expects Debian 12 (bookworm)"
    export DEBIAN_FRONTEND=noninteractive
    # tshark asks whether non-root users may capture; answer "no" so the install never prompts.
    echo 'wireshark-common wireshark-common/install-setuid boolean false' | debconf-set-selections \
        || die "debconf-set-selections failed while preseeding wireshark-common"
    say "Running apt-get update"
    apt-get update || die "apt-get update failed (network down, or a broken sources.list?)"
    say "Installing: ${missing[*]}"
    apt-get install -y "${missing[@]}" \
        || die "apt-get install failed for: ${missing[*]}"
    say "Installed: ${missing[*]}"
fi

# --- 2. configure and build ------------------------------------------------------------------
# As root on a checkout that belongs to someone else, build as the owner of the checkout.
as_owner=()
if [[ "$(id -u)" -eq 0 ]]; then
    owner_uid="$(stat -c %u "$repo_root")"
    if [[ "$owner_uid" -ne 0 ]] && owner="$(getent passwd "$owner_uid" | cut -d: -f1)" && [[ -n "$owner" ]]; then
        owner_home="$(getent passwd "$owner_uid" | cut -d: -f6)"
        as_owner=(runuser -u "$owner" -- env HOME="$owner_home")
        say "Building as $owner, who owns $repo_root"
    fi
fi

cd "$repo_root"
say "Configuring: cmake --preset $preset"
"${as_owner[@]}" cmake --preset "$preset" || die "cmake configure failed for preset '$preset' (see above)"
say "Building: cmake --build --preset $preset"
"${as_owner[@]}" cmake --build --preset "$preset" || die "build failed for preset '$preset' (see above)"
say "Built build/$preset"
