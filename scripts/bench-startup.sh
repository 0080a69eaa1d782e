#!/usr/bin/env bash
# Measures the start-up of the installed launchers' JVM flag sets (a benchmark, not a test):
# median wall time, CPU time (user+sys: steadier than wall time on a busy machine) and peak RSS of
# RUNS cold JVM starts for each variant
#   plain     java -cp JAR MAIN (JDK defaults, the JDK's own CDS archive)
#   flags     the launchers' flags (C1 only, SerialGC, no perf data, small heap), no AppCDS
#   static    flags + the static AppCDS archive install.sh built (-Xshare:dump from class lists)
#   dynamic   flags + a dynamic AppCDS archive (-XX:ArchiveClassesAtExit, one training run)
# on the workloads sublet-generator --dryrun over units-examples, sublet --help, sublet ps (no
# bus) and, as root, a whole `sublet run` of /bin/true (supervisor plus the stage JVM it starts,
# which these flags do not reach). Usage: bench-startup.sh PREFIX [RUNS]   (PREFIX as for install.sh)
set -euo pipefail

prefix=${1:?usage: bench-startup.sh PREFIX [RUNS]}
runs=${2:-11}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
libdir=$prefix/lib/sublet
java=$(sed -n 's/^exec \([^ ]*\) .*/\1/p' "$prefix/bin/sublet")
[ -x "$java" ] || { echo "bench-startup.sh: no java found in $prefix/bin/sublet" >&2; exit 1; }
flags=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xss512k -Xms8m)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The generator runs as a made-up user with subordinate ids, as install.sh trains it.
mkdir -p "$work/home/.local/share/sublet/rootfs/etc" "$work/state" "$work/run"
echo 'root:x:0:0::/root:/bin/sh' >"$work/home/.local/share/sublet/rootfs/etc/passwd"
echo 'root:x:0:' >"$work/home/.local/share/sublet/rootfs/etc/group"
echo "bench:100000:65536" >"$work/subids"
run_env=(env -i PATH=/usr/bin:/bin HOME="$work/home" SUBLET_USER_NAME=bench SUBLET_UID=1000
    SUBLET_GID=1000 SUBLET_SUBUID_FILE="$work/subids" SUBLET_SUBGID_FILE="$work/subids"
    SUBLET_STATE_DIR="$work/state" XDG_RUNTIME_DIR="$work/run" SUBLET_UNIT_DIRS="$here/units-examples"
    DBUS_SESSION_BUS_ADDRESS="unix:path=$work/run/no-bus")

workload() {
    case $1 in
        generator) echo "$libdir/sublet-generator.jar dev.sublet.generator.GeneratorMain --user --dryrun" ;;
        help) echo "$libdir/sublet.jar dev.sublet.supervisor.SubletMain --help" ;;
        ps) echo "$libdir/sublet.jar dev.sublet.supervisor.SubletMain ps" ;;
        run) echo "$libdir/sublet.jar dev.sublet.supervisor.SubletMain run --name bench --rootfs $work/rootfs" \
            "--uidmap 0:65534:1 --gidmap 0:65534:1 -- /bin/true" ;;
    esac
}

# Prints "WALL_SECONDS PEAK_RSS_KB CPU_SECONDS" for one cold start.
measure_once() {
    local start end rss user sys
    start=$EPOCHREALTIME
    /usr/bin/time -o "$work/time" -f '%M %U %S' "${run_env[@]}" "$@" >/dev/null 2>&1 || true
    end=$EPOCHREALTIME
    read -r rss user sys < <(tail -1 "$work/time")
    awk -v s="$start" -v e="$end" -v r="$rss" -v u="$user" -v y="$sys" \
        'BEGIN { printf "%.4f %s %.2f\n", e - s, r, u + y }'
}

median() {
    sort -n | awk '{ v[NR] = $1 } END { printf "%s", v[int((NR + 1) / 2)] }'
}

bench() {
    local label=$1 i results
    shift
    results=$(for ((i = 0; i < runs; i++)); do measure_once "$@"; done)
    printf '%-10s %-9s %6.3f s  %5.2f s  %4d MB\n' "$name" "$label" \
        "$(cut -d' ' -f1 <<<"$results" | median)" "$(cut -d' ' -f3 <<<"$results" | median)" \
        "$(($(cut -d' ' -f2 <<<"$results" | median) / 1024))"
}

echo "medians of $runs runs, $(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg) at the start"
echo "workload   variant      wall      cpu    peak RSS"
workloads=(generator help ps)
if [ "$(id -u)" -eq 0 ]; then
    chmod 0755 "$work"
    "$here/scripts/make-rootfs.sh" "$work/rootfs" >/dev/null
    workloads+=(run)
fi
for name in "${workloads[@]}"; do
    read -r jar main args <<<"$(workload "$name")"
    read -ra args <<<"$args"
    base=sublet
    [ "$name" != generator ] || base=sublet-generator
    jffi=()
    [ "$name" = generator ] || jffi=(-Djffi.boot.library.path="$libdir/jni")
    program=(-Dsublet.program="$prefix/bin/$base" -Dsublet.executable="$prefix/bin/sublet")
    "${run_env[@]}" "$java" "${flags[@]}" "${jffi[@]}" "${program[@]}" \
        -XX:ArchiveClassesAtExit="$work/$name.jsa" -cp "$jar" "$main" "${args[@]}" >/dev/null 2>&1 || true
    bench plain "$java" "${program[@]}" -cp "$jar" "$main" "${args[@]}"
    bench flags "$java" "${flags[@]}" "${jffi[@]}" "${program[@]}" -cp "$jar" "$main" "${args[@]}"
    if [ -f "$libdir/$base.jsa" ]; then
        bench static "$java" "${flags[@]}" "${jffi[@]}" "${program[@]}" -Xshare:on \
            -XX:SharedArchiveFile="$libdir/$base.jsa" -cp "$jar" "$main" "${args[@]}"
    fi
    bench dynamic "$java" "${flags[@]}" "${jffi[@]}" "${program[@]}" -Xshare:on \
        -XX:SharedArchiveFile="$work/$name.jsa" -cp "$jar" "$main" "${args[@]}"
done
