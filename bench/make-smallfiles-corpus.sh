#!/usr/bin/env bash
# Builds the many-small-files benchmark corpus (issue 13): at least 25,000 regular files averaging under 30 KB,
# copied from what every Debian machine with Python has. Usage: make-smallfiles-corpus.sh DIR (DIR must not exist)
#
# Deterministic for a given set of installed packages: the files are taken from the folders below, in this order,
# each listed with LC_ALL=C sort, regular files of at most 256 KiB only (no links, no devices), until
# SMALLFILES_COUNT files (default 32,000) are chosen. Owners, modes and mtimes are kept (tar -p). The chosen list
# and its SHA-256 are written to DIR.list / printed, so two runs can tell whether they used the same corpus.
set -euo pipefail
dir=${1:?usage: make-smallfiles-corpus.sh DIR}
count=${SMALLFILES_COUNT:-32000}
[[ -e $dir ]] && { echo "make-smallfiles-corpus: $dir already exists" >&2; exit 2; }
sources=(/usr/include /usr/lib/python3 /usr/share/perl /usr/share/perl5 /usr/share/doc /usr/share/man
    /usr/share/locale /usr/share/i18n /usr/share/zoneinfo /usr/share)
list=$(mktemp)
all=$(mktemp)
trap 'rm -f "$list" "$all"' EXIT
for src in "${sources[@]}"; do
    [[ -d $src ]] || continue
    find "$src" -type f -size -257k -readable -print0 | LC_ALL=C sort -z
done >"$all"
# First occurrence only (/usr/share is listed after its sub-folders), then the first $count.
awk -v RS='\0' -v ORS='\0' '!seen[$0]++' "$all" | head -z -n "$count" >"$list" || true
chosen=$(tr -cd '\0' <"$list" | wc -c)
((chosen >= 25000)) || { echo "make-smallfiles-corpus: only $chosen files found, need 25,000" >&2; exit 1; }
mkdir -p "$dir"
tar -cf - --null -T "$list" -P --transform 's,^/,,' 2>/dev/null | tar -xpf - -C "$dir"
tr '\0' '\n' <"$list" >"$dir.list"
files=$(find "$dir" -type f | wc -l)
bytes=$(find "$dir" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
avg=$((bytes / files))
printf 'smallfiles corpus %s: %s files, %s bytes of content, %s bytes per file on average; list sha256 %s\n' \
    "$dir" "$files" "$bytes" "$avg" "$(sha256sum <"$dir.list" | cut -c1-16)"
((files >= 25000 && avg < 30 * 1024)) || { echo "make-smallfiles-corpus: corpus misses the 25,000 files / 30 KB average" >&2; exit 1; }
