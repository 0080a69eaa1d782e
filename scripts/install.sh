#!/usr/bin/env bash
# Installs the built sublet under PREFIX (default $PREFIX, else /usr/local):
#   PREFIX/bin/{sublet,sublet-generator}                  launchers (from bin/*.in)
#   PREFIX/lib/sublet/{sublet.jar,sublet-generator.jar}   the shaded jars
#   PREFIX/lib/sublet/{sublet,sublet-run,sublet-generator}.jsa   AppCDS archives, trained here
#   PREFIX/lib/sublet/jni/libjffi-*.so                    jffi's native stub, extracted once
#   PREFIX/lib/systemd/{user,system}-generators/sublet-{user,system}-generator   (from systemd/)
#   PREFIX/share/man/manN/*.N                             (from man/)
#   PREFIX/lib/sublet/install-manifest                    what scripts/uninstall.sh removes
# Build first: mvn -o -DskipTests package. Re-running replaces a previous install.
#   JAVA                 the java to run (default: the one on PATH, resolved to an absolute path)
#   SUBLET_BUILD_DIR     where the built tree is (default: this script's checkout)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${SUBLET_BUILD_DIR:-$here}
prefix=${1:-${PREFIX:-/usr/local}}

die() {
    echo "install.sh: $*" >&2
    exit 1
}

case $prefix in
    /*) ;;
    *) die "PREFIX must be an absolute path, not '$prefix'" ;;
esac
# The prefix is written into launchers by sed and into shell words: keep it to plain characters.
[[ $prefix =~ ^[A-Za-z0-9_./+-]+$ ]] || die "PREFIX '$prefix' has characters the launchers cannot carry"
prefix=${prefix%/} # "/" becomes "", so that $prefix/bin is /bin

bindir=$prefix/bin
libdir=$prefix/lib/sublet
manifest=$libdir/install-manifest
generator_jar=$build/generator/target/sublet-generator.jar
sublet_jar=$build/supervisor/target/sublet.jar

for jar in "$generator_jar" "$sublet_jar"; do
    [ -f "$jar" ] || die "$jar is missing: build first (mvn -o -DskipTests package)"
done
java=${JAVA:-$(command -v java || true)}
[ -n "$java" ] || die "no java on PATH; set JAVA=/path/to/bin/java"
# systemd runs the generator with a bare environment: the launchers name java by absolute path.
java=$(readlink -f "$java")
[ -x "$java" ] || die "$java is not executable"

if [ -f "$manifest" ]; then
    "$here/scripts/uninstall.sh" "$prefix"
fi

new_manifest=$(mktemp)
work=$(mktemp -d)

# Also after a failure: what was installed so far stays listed, so uninstall.sh can remove it.
finish() {
    if [ -n "${training_bus_pid:-}" ]; then
        kill "$training_bus_pid" 2>/dev/null || true
    fi
    if [ -d "$libdir" ] && [ -s "$new_manifest" ]; then
        echo "file $manifest" >>"$new_manifest"
        install -m 0644 "$new_manifest" "$manifest"
    fi
    rm -rf "$work" "$new_manifest"
}
trap finish EXIT

record() {
    echo "$1" >>"$new_manifest"
}

# Creates DIR and its missing parents, recording each one created so uninstall can remove it.
make_dir() {
    local dir=$1
    [ -d "$dir" ] && return
    make_dir "$(dirname "$dir")"
    mkdir "$dir"
    record "dir $dir"
}

install_file() {
    local mode=$1 source=$2 target=$3
    make_dir "$(dirname "$target")"
    install -m "$mode" "$source" "$target"
    record "file $target"
}

install_link() {
    local link_target=$1 link=$2
    make_dir "$(dirname "$link")"
    ln -sfn "$link_target" "$link"
    record "link $link"
}

install_launcher() {
    local name=$1
    sed -e "s|@JAVA@|$java|g" -e "s|@LIBDIR@|$libdir|g" -e "s|@BINDIR@|$bindir|g" \
        "$here/bin/$name.in" >"$work/$name"
    if grep -q '@[A-Z]*@' "$work/$name"; then
        die "bin/$name.in has a placeholder install.sh does not know: $(grep -o '@[A-Z]*@' "$work/$name" | head -1)"
    fi
    install_file 0755 "$work/$name" "$bindir/$name"
}

# jffi unpacks its native stub into /tmp on every start unless jffi.boot.library.path names a
# directory that already holds it.
install_jffi() {
    local arch entry
    case $(uname -m) in
        x86_64) arch=x86_64 ;;
        aarch64) arch=aarch64 ;;
        i?86) arch=i386 ;;
        armv7* | armv6*) arch=arm ;;
        ppc64le) arch=ppc64le ;;
        s390x) arch=s390x ;;
        *) echo "install.sh: no libjffi for $(uname -m); jffi will extract it at run time" >&2; return ;;
    esac
    entry=$(unzip -Z1 "$sublet_jar" "jni/$arch-Linux/libjffi-*.so" 2>/dev/null | head -1) ||
        die "$sublet_jar has no jni/$arch-Linux/libjffi-*.so"
    [ -n "$entry" ] || die "$sublet_jar has no jni/$arch-Linux/libjffi-*.so"
    unzip -p "$sublet_jar" "$entry" >"$work/$(basename "$entry")"
    install_file 0644 "$work/$(basename "$entry")" "$libdir/jni/$(basename "$entry")"
}

install_man_pages() {
    local page section
    for page in "$here"/man/*.[0-9]; do
        [ -f "$page" ] || continue
        section=${page##*.}
        install_file 0644 "$page" "$prefix/share/man/man$section/$(basename "$page")"
    done
}

# ---- AppCDS: record the classes real runs load, then dump them into a static archive ----

# Runs the installed launcher once in the environment training_env, with the JVM recording every
# class it loads into LIST.
train() {
    local list=$1
    shift
    # SUBLET_JAVA_OPTIONS reaches only the launcher's JVM (JAVA_TOOL_OPTIONS would also reach the
    # JVM `sublet run` starts inside the namespaces, and two JVMs would write one list).
    env -i "${training_env[@]}" SUBLET_JAVA_OPTIONS="-XX:DumpLoadedClassList=$list" "$@" >/dev/null 2>&1 || true
}

# Several training runs give several lists; a static dump takes one. The " id: N" tags only
# matter for classes of custom loaders (lines with "source:"), which sublet does not use. A line
# is kept as often as one list has it: two call sites of the same method reference give two equal
# @lambda-proxy lines, and each needs its own archived class (else the JVM spins one at run time).
merge_class_lists() {
    awk 'FNR == 1 { split("", inThisList) }
        /source:/ { next }
        { sub(/ id: [0-9]+$/, ""); if (++inThisList[$0] > kept[$0]) { kept[$0]++; print } }' "$@"
}

dump_archive() {
    local jar=$1 archive=$2
    shift 2
    if ! merge_class_lists "$@" >"$work/classes.lst" 2>/dev/null || [ ! -s "$work/classes.lst" ]; then
        echo "install.sh: training recorded no classes for $(basename "$jar"); no AppCDS archive" >&2
        return
    fi
    # Same class path and GC as the launchers, or the JVM refuses the archive at run time.
    if "$java" -Xshare:dump -XX:+UseSerialGC -XX:SharedClassListFile="$work/classes.lst" \
        -XX:SharedArchiveFile="$archive" -cp "$jar" >"$work/dump.log" 2>&1; then
        record "file $archive"
    else
        rm -f "$archive"
        echo "install.sh: AppCDS dump for $(basename "$jar") failed; the launcher starts without it:" >&2
        tail -5 "$work/dump.log" >&2
    fi
}

train_generator() {
    local home=$work/home
    # A made-up user with subordinate ids and a rootfs, so that the dry run takes the paths of a
    # real daemon-reload: parsing, drop-ins, every userns mode, the allocator, the error reports.
    mkdir -p "$home/.local/share/sublet/rootfs/etc" "$home/state" "$home/run" "$work/generated"
    printf 'root:x:0:0::/root:/bin/sh\nwww:x:33:33::/:/bin/false\n' >"$home/.local/share/sublet/rootfs/etc/passwd"
    printf 'root:x:0:\nwww:x:33:\n' >"$home/.local/share/sublet/rootfs/etc/group"
    echo "sublet-training:100000:65536" >"$work/subids"
    training_env=(PATH=/usr/bin:/bin HOME="$home" USER=sublet-training
        SUBLET_USER_NAME=sublet-training SUBLET_UID=1000 SUBLET_GID=1000 SUBLET_HOME="$home"
        SUBLET_SUBUID_FILE="$work/subids" SUBLET_SUBGID_FILE="$work/subids"
        SUBLET_STATE_DIR="$home/state" XDG_RUNTIME_DIR="$home/run"
        SUBLET_UNIT_DIRS="$here/units-examples")
    train "$work/generator-dryrun.lst" "$bindir/sublet-generator" --user --dryrun
    # Without --no-kmsg-log, as systemd runs it (no SYSTEMD_* variable here, so nothing is logged
    # to /dev/kmsg).
    train "$work/generator-write.lst" "$bindir/sublet-generator" --user \
        "$work/generated" "$work/generated" "$work/generated"
    dump_archive "$libdir/sublet-generator.jar" "$libdir/sublet-generator.jsa" "$work"/generator-*.lst
}

# The CLI and `sublet run` get an archive each: an idle supervisor keeps resident most of the
# archive it maps (the kernel maps file pages around each one touched), so its archive holds only
# what supervisors and their stage JVMs load.
train_sublet() {
    local run=$work/run
    mkdir -p "$run"
    training_env=(PATH=/usr/bin:/bin HOME="$work" XDG_RUNTIME_DIR="$run"
        DBUS_SESSION_BUS_ADDRESS="unix:path=$run/bus")
    train "$work/cli-help.lst" "$bindir/sublet" --help
    if can_run_containers && start_training_bus "$run"; then
        train_reported_container
    else
        # No bus here: the CLI's error paths still load picocli, the D-Bus client and its transport.
        train "$work/cli-ps.lst" "$bindir/sublet" ps
        train "$work/cli-inspect.lst" "$bindir/sublet" inspect training
        train_sublet_run
    fi
    dump_archive "$libdir/sublet.jar" "$libdir/sublet.jsa" "$work"/cli-*.lst
    dump_archive "$libdir/sublet.jar" "$libdir/sublet-run.jsa" "$work"/run-*.lst
}

# A real container needs root (its root is mapped to the host's nobody: no privilege, no
# subordinate ids needed), busybox for a throwaway rootfs, and unshare.
can_run_containers() {
    [ "$(id -u)" -eq 0 ] && command -v busybox >/dev/null && command -v unshare >/dev/null
}

training_rootfs=
make_training_rootfs() {
    training_rootfs=$work/training-rootfs
    chmod 0755 "$work"
    "$here/scripts/make-rootfs.sh" "$training_rootfs" >/dev/null 2>&1 || true
}

# A private session bus for the training runs, stopped by finish().
training_bus_pid=
start_training_bus() {
    local run=$1
    command -v dbus-daemon >/dev/null || return 1
    dbus-daemon --session --nofork --nopidfile --address="unix:path=$run/bus" </dev/null >/dev/null 2>&1 &
    training_bus_pid=$!
    for _ in $(seq 50); do
        [ -S "$run/bus" ] && return 0
        sleep 0.1
    done
    return 1
}

# A supervisor lives as long as its container, connected to the session bus the whole time: its
# list is recorded from one that ran until the CLI found it on the bus (and so did connect), then
# was stopped. The CLI's lists come from those working ps, inspect and stop calls.
train_reported_container() {
    local supervisor
    make_training_rootfs
    # The stage JVM inside the namespaces (still the host's root for file access) records its
    # classes into a list of its own.
    env -i "${training_env[@]}" SUBLET_JAVA_OPTIONS="-XX:DumpLoadedClassList=$work/run-supervisor.lst" \
        SUBLET_STAGE_JAVA_OPTIONS="-XX:DumpLoadedClassList=$work/run-stage.lst" \
        "$bindir/sublet" run --name sublet-training --rootfs "$training_rootfs" \
        --uidmap "0:65534:1" --gidmap "0:65534:1" -- /bin/sleep 60 >/dev/null 2>&1 &
    supervisor=$!
    if train_until_success "$work/cli-inspect.lst" "$bindir/sublet" inspect sublet-training; then
        train "$work/cli-ps.lst" "$bindir/sublet" ps
        train "$work/cli-stop.lst" "$bindir/sublet" stop --time 0 sublet-training
    else
        kill "$supervisor" 2>/dev/null || true
    fi
    wait "$supervisor" || true
}

# Like train, but again until the command succeeds, for at most ~10 s.
train_until_success() {
    local list=$1
    shift
    for _ in $(seq 50); do
        env -i "${training_env[@]}" SUBLET_JAVA_OPTIONS="-XX:DumpLoadedClassList=$list" "$@" >/dev/null 2>&1 &&
            return 0
        sleep 0.2
    done
    return 1
}

# Without a bus, every container start still runs `sublet run`, so it is worth a real run of
# /bin/true where containers can run; elsewhere only the argument checks are recorded.
train_sublet_run() {
    if can_run_containers; then
        make_training_rootfs
        training_env+=(SUBLET_STAGE_JAVA_OPTIONS="-XX:DumpLoadedClassList=$work/run-stage.lst")
        train "$work/run-supervisor.lst" "$bindir/sublet" run --name sublet-training --rootfs "$training_rootfs" \
            --uidmap "0:65534:1" --gidmap "0:65534:1" -- /bin/true
    else
        train "$work/run-supervisor.lst" "$bindir/sublet" run --name sublet-training \
            --rootfs "$work/no-rootfs" -- /bin/true
    fi
}

make_dir "$libdir"
install_file 0644 "$generator_jar" "$libdir/sublet-generator.jar"
install_file 0644 "$sublet_jar" "$libdir/sublet.jar"
install_jffi
install_launcher sublet-generator
install_launcher sublet
for kind in user system; do
    # Copied as the relative links they are (systemd/README.md).
    install_link "$(readlink "$here/systemd/sublet-$kind-generator")" \
        "$prefix/lib/systemd/$kind-generators/sublet-$kind-generator"
done
install_man_pages
train_generator
train_sublet
echo "installed sublet into ${prefix:-/}"
