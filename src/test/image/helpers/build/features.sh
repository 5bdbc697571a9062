#!/bin/sh
# features.sh of the local base (src/test/image/build-base). The official image installs here the features that
# /config's featureManager lists; the local runtime was cut to exactly those features when the base was built,
# so this only checks that each one is present and names any that is not.
set -eu
listed=$(cat /config/server.xml /config/configDropins/*/*.xml 2>/dev/null \
    | sed -n '/<featureManager/,/<\/featureManager>/p' | grep -o '<feature>[^<]*</feature>' \
    | sed 's/<[^>]*>//g; s/^ *//; s/ *$//' | sort -u)
installed=$(cat /opt/ol/wlp/lib/features/*.mf | tr -d '\r' | sed -n 's/^IBM-ShortName: *//p' | sort -u)
missing=""
for feature in $listed; do
    printf '%s\n' "$installed" | grep -qixF "$feature" || missing="$missing $feature"
done
if [ -n "$missing" ]; then
    echo "features.sh: not in the local base:$missing; rebuild it with src/test/image/build-base" >&2
    exit 1
fi
echo "features.sh: the runtime has all $(printf '%s\n' "$listed" | wc -l) features /config lists"
