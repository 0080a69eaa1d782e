#!/usr/bin/env bash
# Installs the Debian packages that building, testing and the demo need (root; idempotent: it only
# runs apt-get when something is missing).
set -euo pipefail
packages=(
    openjdk-17-jdk-headless maven   # build
    uidmap                          # newuidmap/newgidmap for rootless maps
    busybox-static                  # the examples' and tests' rootfs
    dbus                            # dbus-daemon for the D-Bus tests and the user manager's bus
    systemd                         # systemd --user, systemctl, busctl
    util-linux procps file          # unshare, setpriv; ps; file
    catatonit                       # the static init of `sublet run --init`
    man-db                          # man -l renders the man pages in a test
)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "install-deps.sh: missing packages ${missing[*]}; run as root" >&2
        exit 1
    fi
    echo "install-deps.sh: installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
