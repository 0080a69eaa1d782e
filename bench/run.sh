#!/usr/bin/env bash
# Benchmarks sublet side by side with its anchors on this machine, in one run, and writes the
# results as docs/benchmarks.md (issue 7). Root only; takes about 6-10 minutes with the defaults.
#
# Usage: bench/run.sh [--runs N] [--only SECTION,...] [--out FILE] [--build] [--quick] [--keep]
#   --runs N      recorded runs per row (default 10; each row also has one unrecorded warm-up run)
#   --only LIST   sections to run, of: generator reload start idle allocator (default: all)
#   --out FILE    the report (default docs/benchmarks.md of this checkout; - for stdout)
#   --build       build the jars first (mvn -q -o -DskipTests package); else they must be built
#   --quick       a smoke test (about 5 minutes): 3 runs, 1 and 100 unit files, 5 idle containers,
#                 10,000 allocations
#   --keep        keep the scratch directory (its raw results.jsonl and logs) and print its path
#
# What it measures (design.md "Startup cost", issue 7):
#   generator   cold wall time and peak RSS for 1, 100 and 1000 .container files, dry run and
#               writing, through the installed launcher (AppCDS) and, for 100 files, a plain `java -cp`
#   reload      `systemctl --user daemon-reload` of a real user manager (scripts/user-manager.sh)
#               with 0..1000 units, and `systemctl --user start` (until READY) and `stop` of one
#   start       run→exit (/bin/true), start→exec (a ready FIFO) and stop (SIGTERM) of `sublet run`,
#               podman run --rootfs (default userns, --userns=auto, explicit maps), crun run of an
#               OCI bundle, and `unshare --user --pid --fork --mount` as the floor; rootless (as the
#               test user) and rootful
#   idle        RSS and PSS of idle supervisors, 1 and 20 at once, rootless and rootful, and of
#               podman's conmon for the same containers
#   allocator   the generator's AllocatorBenchmark (test classes) for 10,000 and 2,000,000 containers
#
# Nothing on the host changes for good: the container rows run in a private mount namespace (see
# lib/containers.sh for this machine's traps), the user manager in its own (scripts/user-manager.sh),
# and everything else in a scratch directory under /tmp that is removed at the end.
#
#   SUBLET_TEST_USER   the rootless user (default sublet-test; scripts/setup-test-user.sh makes it)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
runs=10
sections="generator reload start idle allocator"
out=$repo/docs/benchmarks.md
build=no
quick=no
keep=no
user=${SUBLET_TEST_USER:-sublet-test}

die() {
    echo "bench/run.sh: $*" >&2
    exit 1
}

log() {
    echo "bench: $*" >&2
}

usage() {
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2
    exit 2
}

while [ $# -gt 0 ]; do
    case $1 in
        --runs) runs=${2:?--runs needs a number}; shift 2 ;;
        --only) sections=${2:?--only needs sections}; sections=${sections//,/ }; shift 2 ;;
        --out) out=${2:?--out needs a file}; shift 2 ;;
        --build) build=yes; shift ;;
        --quick) quick=yes; shift ;;
        --keep) keep=yes; shift ;;
        -h | --help) usage ;;
        *) die "unknown argument '$1' (see --help)" ;;
    esac
done
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "--runs needs a positive number, not '$runs'"
# The command the report gives to reproduce: the options that change what is measured.
invocation="bench/run.sh"
[ "$quick" = no ] || invocation+=" --quick"
[ "$runs" = 10 ] || [ "$quick" = yes ] || invocation+=" --runs $runs"
[ "$sections" = "generator reload start idle allocator" ] || invocation+=" --only ${sections// /,}"
for section in $sections; do
    case $section in
        generator | reload | start | idle | allocator) ;;
        *) die "unknown section '$section': use generator, reload, start, idle, allocator" ;;
    esac
done
[ "$(id -u)" -eq 0 ] || die "must run as root (rootful rows, the user manager, setpriv to $user)"
for tool in python3 /usr/bin/time setpriv unshare java; do
    command -v "$tool" >/dev/null || die "$tool is missing (scripts/install-deps.sh installs what the project needs)"
done
user_entry=$(getent passwd "$user") || die "no user '$user': run scripts/setup-test-user.sh"
IFS=: read -r _ _ user_uid user_gid _ user_home _ <<<"$user_entry"

unit_counts="1 100 1000"
reload_counts="0 1 100 1000"
idle_counts="1 20"
allocator_counts="10000 2000000"
if [ "$quick" = yes ]; then
    runs=3
    unit_counts="1 100"
    reload_counts="0 100"
    idle_counts="1 5"
    allocator_counts="10000"
fi

wants() {
    [[ " $sections " == *" $1 "* ]]
}

# ---- scratch space: everything the run creates lives here and goes at the end ----

work=$(mktemp -d /tmp/sublet-bench.XXXXXX)
chmod 0755 "$work"  # the test user reads the rootfs, launchers and scripts below it
cleanup() {
    if [ "$keep" = yes ]; then
        log "scratch directory kept: $work"
    else
        rm -rf "$work"
    fi
}
trap cleanup EXIT
results=$work/results.jsonl
: >"$results"
cp -r "$here/lib" "$work/lib"
measure=$work/lib/measure.py

note() {
    python3 -c 'import json,sys; print(json.dumps({"group": "note", "text": sys.argv[1]}))' "$1" >>"$results"
}

# Runs "$@" as the test user with a login-like environment (HOME, XDG_RUNTIME_DIR).
as_user() {
    setpriv --reuid="$user_uid" --regid="$user_gid" --init-groups --reset-env \
        env HOME="$user_home" USER="$user" LOGNAME="$user" PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin \
        LANG=C.UTF-8 XDG_RUNTIME_DIR="$work/run-user" "$@"
}
install -d -m 0700 -o "$user_uid" -g "$user_gid" "$work/run-user"

# ---- what is measured: the built jars, installed as a user would have them ----

if [ "$build" = yes ]; then
    log "building (mvn -o -DskipTests package)"
    (cd "$repo" && mvn -q -o -DskipTests package) >"$work/build.log" 2>&1 || {
        tail -30 "$work/build.log" >&2
        die "build failed"
    }
fi
generator_jar=$repo/generator/target/sublet-generator.jar
sublet_jar=$repo/supervisor/target/sublet.jar
prefix=$work/prefix
generator=
sublet=
launcher="installed"
if [ -f "$generator_jar" ] && [ -f "$sublet_jar" ] && [ -x "$repo/scripts/install.sh" ]; then
    log "installing into $prefix (launchers, AppCDS archives)"
    if SUBLET_BUILD_DIR=$repo "$repo/scripts/install.sh" "$prefix" >"$work/install.log" 2>&1; then
        generator=$prefix/bin/sublet-generator
        sublet=$prefix/bin/sublet
    else
        tail -20 "$work/install.log" >&2
        note "scripts/install.sh failed (see its output above); the rows use plain \`java -cp\`."
    fi
fi
if [ -z "$generator" ] && [ -f "$generator_jar" ]; then
    launcher="plain java"
    generator=$work/sublet-generator
    printf '#!/bin/sh\nexec java -cp %s dev.sublet.generator.GeneratorMain "$@"\n' "$generator_jar" >"$generator"
    chmod 0755 "$generator"
fi
if [ -z "$sublet" ] && [ -f "$sublet_jar" ]; then
    sublet=$work/sublet
    printf '#!/bin/sh\nexec java -cp %s dev.sublet.supervisor.SubletMain "$@"\n' "$sublet_jar" >"$sublet"
    chmod 0755 "$sublet"
fi
[ -n "$generator" ] || note "generator/target/sublet-generator.jar is missing: build it (or pass --build)."
[ -n "$sublet" ] || note "supervisor/target/sublet.jar is missing: build it (or pass --build)."

rootfs=$work/rootfs
"$repo/scripts/make-rootfs.sh" "$rootfs"
# Mount points every runtime needs, made here as root: rootless podman fails when it must create
# them itself in a rootfs its user does not own ("creating /etc/mtab symlink: permission denied").
mkdir -p "$rootfs/bench"
ln -sfn /proc/mounts "$rootfs/etc/mtab"
touch "$rootfs/etc/hostname" "$rootfs/etc/hosts" "$rootfs/etc/resolv.conf" "$rootfs/run/.containerenv"

# ---- the machine, for the report's header ----

version() {
    "$@" 2>&1 | head -1 || true
}

write_machine() {
    local cpu memory
    cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
    memory=$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
    python3 -c 'import json, sys; json.dump(dict(a.split("=", 1) for a in sys.argv[2:]), open(sys.argv[1], "w"), indent=1)' \
        "$work/machine.json" \
        "date=$(date -u '+%Y-%m-%d %H:%M UTC')" \
        "runs=$runs" \
        "command=$invocation" \
        "kernel=$(uname -sr)" \
        "cpu=$cpu, $(nproc) cores" \
        "cores=$(nproc)" \
        "memory=$memory" \
        "java=$(version java -version)" \
        "podman=$(version podman --version)" \
        "crun=$(version crun --version)" \
        "util-linux=$(version unshare --version)" \
        "systemd=$(version /usr/lib/systemd/systemd --version)" \
        "sublet launcher=$launcher" \
        "load average (start → end)=$load_start → $(cut -d' ' -f1-3 /proc/loadavg)"
}
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- sections ----

# Writes N .container files into DIR, each a minimal service on the bench rootfs.
make_units() {
    local dir=$1 count=$2 i
    mkdir -p "$dir"
    for ((i = 1; i <= count; i++)); do
        printf '[Unit]\nDescription=bench container %d\n\n[Container]\nRootfs=%s\nExec=/bin/true\n' \
            "$i" "$rootfs" >"$dir/bench-$i.container"
    done
    chown -R "$user_uid:$user_gid" "$dir"
}

bench_generator() {
    [ -n "$generator" ] || return 0
    local count units output=$work/generator/out plain=$work/sublet-generator-plain
    printf '#!/bin/sh\nexec java -cp %s dev.sublet.generator.GeneratorMain "$@"\n' "$generator_jar" >"$plain"
    chmod 0755 "$plain"
    install -d -m 0755 -o "$user_uid" -g "$user_gid" "$work/state-user" "$work/generator"
    for count in $unit_counts; do
        units=$work/units-$count
        make_units "$units" "$count"
        log "generator: $count unit files"
        as_user env SUBLET_UNIT_DIRS="$units" XDG_STATE_HOME="$work/state-user" \
            python3 "$measure" exec --label "generator $count dry-run" --runs "$runs" \
            --meta group=generator --meta units="$count" --meta output=dry-run --meta launcher="$launcher" \
            -- "$generator" --user --dryrun >>"$results" || log "measure.py failed"
        # systemd hands a generator empty directories; so does --before, untimed.
        as_user env SUBLET_UNIT_DIRS="$units" XDG_STATE_HOME="$work/state-user" \
            python3 "$measure" exec --label "generator $count write" --runs "$runs" \
            --before "rm -rf '$output' && mkdir '$output'" \
            --meta group=generator --meta units="$count" --meta output=write --meta launcher="$launcher" \
            -- "$generator" --user "$output" >>"$results" || log "measure.py failed"
        if [ "$count" = 100 ] && [ "$launcher" = installed ]; then
            as_user env SUBLET_UNIT_DIRS="$units" XDG_STATE_HOME="$work/state-user" \
                python3 "$measure" exec --label "generator $count dry-run plain" --runs "$runs" \
                --meta group=generator --meta units="$count" --meta output=dry-run \
                --meta launcher="java -cp (no CDS, default flags)" \
                -- "$plain" --user --dryrun >>"$results" || log "measure.py failed"
        fi
    done
    # The rows above only count if the generator really produced the units.
    local made
    made=$(find "$output" -maxdepth 1 -name '*.service' 2>/dev/null | wc -l)
    note "The last generator write run produced $made .service files from ${count} .container files."
}

bench_reload() {
    [ -n "$generator" ] || return 0
    local link=$prefix/lib/systemd/user-generators/sublet-user-generator
    [ -e "$link" ] || link=$generator
    [ -x "$repo/scripts/user-manager.sh" ] || { note "scripts/user-manager.sh is missing: no daemon-reload rows."; return 0; }
    log "daemon-reload through systemd --user"
    for count in $reload_counts; do
        make_units "$work/reload-units-$count" "$count"
    done
    # The service `systemctl --user start` and `stop` time: a payload that sleeps and exits on TERM.
    mkdir -p "$work/service-units"
    printf '[Container]\nRootfs=%s\nExec=/bin/sh -c "trap \x27exit 0\x27 TERM; while :; do sleep 1 & wait; done"\n' \
        "$rootfs" >"$work/service-units/bench-service.container"
    chown -R "$user_uid:$user_gid" "$work/service-units"
    chmod -R a+rX "$work/lib"
    if ! "$repo/scripts/user-manager.sh" --user "$user" --generator "$link" run -- \
        "$work/lib/manager.sh" "$measure" "$runs" "$work" "$reload_counts" >>"$results" 2>"$work/reload.log"; then
        tail -15 "$work/reload.log" >&2
        note "The daemon-reload rows failed: $(tail -3 "$work/reload.log" | tr '\n' ' ')"
    fi
}

bench_containers() {
    local what=$1
    log "$what: sublet and the anchors (private mount namespace)"
    # A private mount namespace: the cgroup and /etc/subuid changes the anchors need stay in it.
    unshare --mount --propagation private "$work/lib/containers.sh" "$what" >>"$results" 2>"$work/$what.log" || {
        tail -15 "$work/$what.log" >&2
        note "The $what section stopped early: $(tail -2 "$work/$what.log" | tr '\n' ' ')"
    }
}

# AllocatorBenchmark [REPEATS [N...]] times its phases itself and prints median (min-max) of its
# REPEATS; we run one JVM per size, so that its wall time and peak RSS are that size's.
bench_allocator() {
    local classes=$repo/generator/target/test-classes class count repeats
    class=$(cd "$classes" 2>/dev/null && find . -name 'AllocatorBenchmark.class' | head -1) || true
    if [ -z "$class" ]; then
        note "No AllocatorBenchmark class in generator/target/test-classes (mvn -o -pl generator test-compile builds it): no allocator rows."
        return 0
    fi
    class=${class#./}
    class=${class%.class}
    class=${class//\//.}
    for count in $allocator_counts; do
        repeats=$((runs < 5 ? runs : 5))
        [ "$count" -le 100000 ] || repeats=1  # two million take minutes on a busy machine
        log "allocator: $count containers, $repeats repeats"
        python3 "$measure" exec --label "$class $repeats $count" --keep-output --warmup 0 --runs 1 \
            --meta group=allocator --meta containers="$count" --meta repeats="$repeats" \
            -- java -Xmx3g -cp "$classes:$repo/generator/target/classes:$generator_jar" "$class" "$repeats" "$count" \
            >>"$results" || log "measure.py failed"
    done
}

export BENCH_WORK=$work BENCH_RUNS=$runs BENCH_USER=$user BENCH_SUBLET=$sublet BENCH_ROOTFS=$rootfs \
    BENCH_IDLE_COUNTS=$idle_counts
started=$SECONDS
wants generator && bench_generator
wants reload && bench_reload
wants start && bench_containers start
wants idle && bench_containers idle
wants allocator && bench_allocator
log "measured in $((SECONDS - started)) s"

write_machine
if [ "$out" = - ]; then
    python3 "$work/lib/report.py" "$results" "$work/machine.json"
else
    python3 "$work/lib/report.py" "$results" "$work/machine.json" >"$out.tmp"
    mv "$out.tmp" "$out"
    log "wrote $out"
fi
