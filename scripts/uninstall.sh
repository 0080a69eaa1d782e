#!/usr/bin/env bash
# Removes exactly what scripts/install.sh installed under PREFIX (default $PREFIX, else
# /usr/local), as its manifest PREFIX/lib/sublet/install-manifest lists it: files and links, then
# the directories install.sh created, deepest first and only when empty. Idempotent.
set -euo pipefail

prefix=${1:-${PREFIX:-/usr/local}}
prefix=${prefix%/}
manifest=${prefix:-}/lib/sublet/install-manifest

if [ ! -f "$manifest" ]; then
    echo "uninstall.sh: nothing to do: no $manifest" >&2
    exit 0
fi

dirs=()
while read -r kind path; do
    # Never outside the prefix, whatever the manifest says.
    case $path in
        "$prefix" | "$prefix"/*) ;;
        *) echo "uninstall.sh: $manifest: '$path' is outside $prefix; left alone" >&2; continue ;;
    esac
    case $kind in
        file | link)
            # Only what install.sh made: a regular file or a symlink, never a directory.
            if [ -L "$path" ] || [ -f "$path" ]; then
                rm -f -- "$path"
            fi
            ;;
        dir) dirs+=("$path") ;;
        *) echo "uninstall.sh: $manifest: unknown entry '$kind $path' left alone" >&2 ;;
    esac
done <"$manifest"
rm -f -- "$manifest"

# install.sh records parents before children; remove in reverse, leaving non-empty ones.
for ((i = ${#dirs[@]} - 1; i >= 0; i--)); do
    rmdir -- "${dirs[i]}" 2>/dev/null || true
done
echo "uninstalled sublet from ${prefix:-/}"
