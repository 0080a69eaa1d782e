#!/bin/bash
# Checks the man pages in this directory:
#   - every NAME.N page renders with `man -l` (MANWIDTH=80) and groff reports no warning (-ww);
#   - every NAME.N is up to date with its NAME.N.adoc (when asciidoctor is installed);
#   - every [Container] key in ContainerKeys.SUPPORTED is documented in sublet.container(5);
#   - every option of RunArguments (the `sublet run` contract) is documented in sublet(1).
# The key and option lists are read from the Java sources, so a key added there without
# documentation fails here. Prints one line per failure and `man: N passed, M failed`.
# Usage: man/check.sh            (exit status 0 when nothing failed)
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
keys_source=$root/generator/src/main/java/dev/sublet/generator/container/ContainerKeys.java
options_source=$root/common/src/main/java/dev/sublet/common/RunArguments.java

passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }

# The page as a reader sees it, plain text without overstrike or SGR sequences.
rendered() {
    MANWIDTH=80 MAN_KEEP_FORMATTING= man -l "$1" 2>/dev/null | sed 's/\x1b\[[0-9;]*m//g; s/.\x08//g'
}

# asciidoctor output without the lines that carry the date or the generator's version.
comparable() {
    grep -v -e '^\.\\"' -e '^\.TH ' | sed -e '$a\'
}

pages=()
for page in "$here"/*.[1-8]; do
    [ -f "$page" ] && pages+=("$page")
done
if [ ${#pages[@]} -eq 0 ]; then
    fail "no rendered pages (NAME.N) in $here"
fi

for page in "${pages[@]}"; do
    name=$(basename "$page")
    text=$(rendered "$page")
    if [ -n "$text" ] && MANWIDTH=80 man -l "$page" >/dev/null 2>&1; then
        pass
    else
        fail "$name: man -l does not render it"
    fi
    warnings=$(groff -ww -man -z "$page" 2>&1)
    if [ -z "$warnings" ]; then
        pass
    else
        fail "$name: groff warnings: $warnings"
    fi
    if command -v asciidoctor >/dev/null; then
        if [ ! -f "$page.adoc" ]; then
            fail "$name: no source $name.adoc"
        elif diff -q <(asciidoctor -b manpage "$page.adoc" -o - | comparable) <(comparable <"$page") >/dev/null; then
            pass
        else
            fail "$name: out of date: run asciidoctor -b manpage $name.adoc -o $name"
        fi
    fi
done

# The quoted words of `static final Set<String> SUPPORTED = Set.of(...);`.
supported_keys() {
    sed -n '/Set<String> SUPPORTED = Set.of(/,/);/p' "$keys_source" | grep -o '"[A-Za-z0-9]*"' | tr -d '"'
}

# Every "--option" string literal the codec formats or parses.
run_options() {
    grep -o '"--[a-z-]*"' "$options_source" | tr -d '"' | grep -v '^--$' | sort -u
}

container_page=$here/sublet.container.5
keys=$(supported_keys)
if [ -z "$keys" ] || [ ! -f "$container_page" ]; then
    fail "cannot check [Container] keys (source $keys_source, page $container_page)"
else
    container_text=$(rendered "$container_page")
    for key in $keys; do
        if grep -qF -- "$key=" <<<"$container_text"; then
            pass
        else
            fail "sublet.container.5 does not document $key="
        fi
    done
fi

run_page=$here/sublet.1
options=$(run_options)
if [ -z "$options" ] || [ ! -f "$run_page" ]; then
    fail "cannot check sublet run options (source $options_source, page $run_page)"
else
    run_text=$(rendered "$run_page")
    for option in $options; do
        # As a term of the options list: at the start of a line, or after another term's ", ".
        if grep -qE -- "(^ +|, )$option( |\$)" <<<"$run_text"; then
            pass
        else
            fail "sublet.1 does not document $option"
        fi
    done
fi

echo "man: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
