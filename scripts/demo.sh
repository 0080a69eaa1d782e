#!/usr/bin/env bash
# The README's demo, as root on a fresh Debian machine (its PID 1 need not be systemd):
#   1. installs the Debian packages it needs if they are missing,
#   2. builds with Maven (unless SUBLET_BUILD_DIR names a built tree),
#   3. installs into a throwaway prefix (mktemp -d),
#   4. starts a private systemd user manager for the test user (scripts/user-manager.sh: private
#      mount namespace, tmpfs /run), drops units-examples/ into the user's
#      ~/.config/containers/systemd/sublet-demo/, runs `systemctl --user daemon-reload` and starts
#      the examples,
#   5. prints `systemctl --user status`, `sublet ps` and `sublet top` for the running containers,
#   6. stops them and removes the prefix and what it put into the user's home.
# It changes nothing on the host for good apart from the packages and the test user `sublet-test`
# (scripts/setup-test-user.sh; SUBLET_TEST_USER names another). Exit status 0 when every example
# started.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
um=$here/scripts/user-manager.sh
readonly UNIT_SUBDIR=.config/containers/systemd/sublet-demo
readonly USER_FILES=("$UNIT_SUBDIR" .local/share/sublet/volumes .local/state/sublet)
readonly EXAMPLES=(web keep-id auto auto-size nomap explicit-map volume-u dropin echo@hello flaky boot)
# Debian packages by the command that needs them.
readonly PACKAGES=(uidmap:newuidmap busybox-static:busybox dbus-user-session:dbus-daemon
    systemd:systemctl util-linux:setpriv openjdk-17-jre-headless:java unzip:unzip)
readonly BUILD_PACKAGES=(openjdk-17-jdk-headless:javac maven:mvn)

say() {
    printf '\n==> %s\n' "$*"
}

install_missing_packages() {
    local entry missing=() wanted=("${PACKAGES[@]}")
    [ -n "${SUBLET_BUILD_DIR:-}" ] || wanted+=("${BUILD_PACKAGES[@]}")
    for entry in "${wanted[@]}"; do
        command -v "${entry#*:}" >/dev/null 2>&1 || missing+=("${entry%%:*}")
    done
    # The user manager's D-Bus comes from dbus-user-session's dbus.socket.
    [ -f /usr/lib/systemd/user/dbus.socket ] || missing+=(dbus-user-session)
    [ ${#missing[@]} -gt 0 ] || return 0
    say "installing ${missing[*]}"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

build() {
    if [ -n "${SUBLET_BUILD_DIR:-}" ]; then
        say "using the build in $SUBLET_BUILD_DIR"
        return
    fi
    say "building (mvn -DskipTests package)"
    (cd "$here" && { mvn -q -o -DskipTests package || mvn -q -DskipTests package; })
}

remove_user_files() {
    local dir
    for dir in "${USER_FILES[@]}"; do
        rm -rf "${home:?}/$dir"
    done
}

cleanup() {
    local status=$?
    say "cleaning up"
    remove_user_files
    "$here/scripts/uninstall.sh" "$prefix" >/dev/null 2>&1 || true
    rm -rf "$prefix"
    exit "$status"
}

outside() {
    [ "$(id -u)" -eq 0 ] || { echo "demo.sh: run as root (it starts a user manager for a test user)" >&2; exit 1; }
    install_missing_packages
    build
    user=$("$here/scripts/setup-test-user.sh")
    home=$(getent passwd "$user" | cut -d: -f6)
    prefix=$(mktemp -d /tmp/sublet-demo.XXXXXX)
    chmod 0755 "$prefix"
    trap cleanup EXIT
    say "installing into $prefix"
    SUBLET_BUILD_DIR=${SUBLET_BUILD_DIR:-$here} "$here/scripts/install.sh" "$prefix"
    remove_user_files
    say "building the examples' rootfs in ~$user/.local/share/sublet/rootfs"
    setpriv --reuid="$user" --regid="$user" --init-groups env HOME="$home" \
        "$here/scripts/make-rootfs.sh" "$home/.local/share/sublet/rootfs"
    # Private on purpose: the stage opens the rootfs while it still has the user's own uid, so
    # container root (a subordinate id with auto, nomap or a map) needs no access to ~/.local.
    chmod 700 "$home/.local" "$home/.local/share"
    say "starting systemd --user for $user"
    "$um" --user "$user" --generator "$prefix/lib/systemd/user-generators/sublet-user-generator" \
        run --root -- "$here/scripts/demo.sh" --inside "$prefix"
}

# ---- inside the manager's session (root, SUBLET_UM_* set) ----

as_user() {
    "$um" as-user -- env PATH="$prefix/bin:/usr/bin:/bin" SYSTEMD_PAGER= SYSTEMD_COLORS=0 "$@"
}

show() {
    printf '\n$ %s\n' "$*"
    as_user "$@" || true
}

inside() {
    prefix=$1
    local unit_dir=$SUBLET_UM_HOME/$UNIT_SUBDIR failed=() unit
    say "dropping units-examples/ into ~/$UNIT_SUBDIR"
    as_user mkdir -p "$unit_dir" "$SUBLET_UM_HOME/.local/share/sublet/volumes/volume-u"
    as_user cp -R "$here/units-examples/." "$unit_dir/"
    show systemctl --user daemon-reload
    show systemctl --user cat web.service
    for unit in "${EXAMPLES[@]}"; do
        printf '\n$ systemctl --user start %s\n' "$unit"
        as_user timeout 90 systemctl --user start "$unit.service" || failed+=("$unit")
    done
    show systemctl --user status --no-pager --lines=5 "${EXAMPLES[@]/%/.service}"
    show sublet ps
    for unit in web keep-id auto nomap; do
        show sublet top "$unit"
    done
    show busybox wget -q -O - http://127.0.0.1:18080/passwd
    say "stopping the examples"
    show systemctl --user stop "${EXAMPLES[@]/%/.service}"
    if [ ${#failed[@]} -gt 0 ]; then
        echo "demo.sh: these examples did not start: ${failed[*]}" >&2
        return 1
    fi
    say "all ${#EXAMPLES[@]} examples started and stopped"
}

case ${1:-} in
    --inside) inside "$2" ;;
    "") outside ;;
    *) echo "usage: scripts/demo.sh" >&2; exit 2 ;;
esac
