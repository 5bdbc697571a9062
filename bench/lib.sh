# Helpers for bench/run and bench/upload: logging, timing, medians, the bench server and its REST API. Sourced, not executed.
# shellcheck shell=bash

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# now: wall-clock seconds with microseconds (bash 5's EPOCHREALTIME, no fork).
now() { printf '%s' "$EPOCHREALTIME"; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

# median N...: the middle value (mean of the two middle ones for an even count).
median() {
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
        if (NR == 0) { print "nan"; exit }
        if (NR % 2) printf "%.3f", v[(NR + 1) / 2]; else printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# Cold cache before every timed run, for every tool alike, when the kernel lets us; otherwise only flush.
COLD_CACHE=unknown
drop_caches() {
    sync
    if [[ $COLD_CACHE != no ]] && { echo 3 > /proc/sys/vm/drop_caches; } 2>/dev/null; then
        COLD_CACHE=yes
    else
        COLD_CACHE=no
    fi
}

# wait_quiet: heavy jobs of other engineers (Maven builds, surefire/failsafe forks) skew timings on 2 cores.
wait_quiet() {
    local max=${BENCH_WAIT_MAX:-1800} waited=0 busy
    while busy=$(pgrep -af 'surefirebooter|failsafe|plexus-classworlds' | grep -v "^$$ " || true); [[ -n $busy ]]; do
        if ((waited == 0)); then
            log "waiting for other heavy jobs to finish before timing (up to ${max}s):"
            printf '%s\n' "$busy" | cut -c1-160 >&2
        fi
        if ((waited >= max)); then
            log "WARNING: still busy after ${max}s; timing anyway (results will be noisy)"
            QUIET_NOTE="other Maven/test jobs were running during timing"
            return 0
        fi
        sleep 10
        waited=$((waited + 10))
    done
    ((waited > 0)) && log "machine quiet after ${waited}s"
    return 0
}

# ---- building this working tree and creating the bench server --------------------------------------------
# Both need REPO, WORK, BUILD, WLP, SERVER and SRV; write_server also HTTP_PORT, HTTPS_PORT, SCRATCH,
# BACKUP_LOCATION and RESTORE_ROOT.

# build_service HINT PORT...: stops this script's server if an interrupted run left it up, checks that its
# ports are free (HINT names the variables that move them), and builds the working tree into $BUILD (so it
# never touches target/ of other builds): package and liberty:create, offline first, online if that fails.
build_service() {
    local hint=$1 port mvn_goals
    shift
    if [[ -f $WLP/usr/servers/.pid/$SERVER.pid ]]; then
        "$WLP/bin/server" stop "$SERVER" >/dev/null 2>&1 || true # left over from an interrupted run
    fi
    for port in "$@"; do
        ! ss -Hltn "sport = :$port" | grep -q . || die "port $port is taken; set $hint"
    done
    log "building the working tree in $BUILD"
    mkdir -p "$BUILD"
    # target/storage-backup is the WAR's exploded copy: a class whose source is gone stays there and in the WAR.
    rm -rf "$BUILD/src" "$BUILD/db" "$BUILD/liberty" "$BUILD/target/classes" "$BUILD/target/storage-backup" \
        "$BUILD/target/storage-backup.war"
    cp -a "$REPO/pom.xml" "$REPO/src" "$REPO/db" "$REPO/liberty" "$BUILD/"
    mvn_goals=(-q -B -Dmaven.test.skip=true package liberty:create)
    (cd "$BUILD" && mvn -o "${mvn_goals[@]}" >"$WORK/build.log" 2>&1) \
        || (cd "$BUILD" && mvn "${mvn_goals[@]}" >"$WORK/build.log" 2>&1) \
        || { tail -40 "$WORK/build.log" >&2; die "build failed (log: $WORK/build.log)"; }
    [[ -f $BUILD/target/storage-backup.war ]] || die "the build produced no WAR"
    [[ -f $WLP/usr/shared/resources/jdbc/h2.jar ]] || die "no H2 driver in $WLP/usr/shared/resources/jdbc"
}

# write_server HEAP VOLUMES_ROOT: a fresh server dir (empty database) copied from the one liberty:create made
# (server.xml, db/, dev-token-issuer.xml from liberty/), with the packaged WAR and our ports and folders.
write_server() {
    local heap=$1 root=$2
    rm -rf "$SRV"
    cp -a "$WLP/usr/servers/defaultServer" "$SRV"
    rm -rf "$SRV/data" "$SRV/logs" "$SRV/workarea" "$SRV/volumes" "$SRV/apps" "$SRV/dropins"
    mkdir -p "$SRV/apps" "$SRV/dropins"
    cp "$BUILD/target/storage-backup.war" "$SRV/apps/" # the packaged WAR, as in production (not a loose app)
    [[ ! -s $SRV/server.env ]] || sed -i -e '$a\' "$SRV/server.env" # liberty:create leaves no final newline
    cat >>"$SRV/server.env" <<EOF
HTTP_PORT=$HTTP_PORT
HTTPS_PORT=$HTTPS_PORT
JWT_ISSUER=https://localhost:$HTTPS_PORT/jwt/ibm/api/opsCenter
STORAGE_VOLUMES_ROOT=$root
STORAGE_LOG_DIRS=$SCRATCH/server-logs
STORAGE_CACHE_DIRS=$SCRATCH/server-cache
BACKUP_LOCATION=$BACKUP_LOCATION
RESTORE_ROOT=$RESTORE_ROOT
DOCKER_HOST=unix://$SCRATCH/no-docker.sock
LANG=C.UTF-8
LC_ALL=C.UTF-8
EOF
    # The shipped jvm.options (liberty/, copied by liberty:create) stay; a heap given here comes last and wins.
    if [[ -n $heap ]]; then printf -- '-Xmx%s\n' "$heap" >>"$SRV/jvm.options"; fi
    append_jvm_extra
}

# BENCH_JVM_EXTRA: further options, one per word (say -Xlog:gc:file=/tmp/gc.log), to profile a bench; appended
# last, so they also follow a jvm.options a bench copies in itself.
append_jvm_extra() {
    local option
    for option in ${BENCH_JVM_EXTRA:-}; do printf -- '%s\n' "$option" >>"$SRV/jvm.options"; done
}

# ---- the bench server -------------------------------------------------------------------------------------

server_pid() { cat "$WLP/usr/servers/.pid/$SERVER.pid" 2>/dev/null || true; }

server_start() {
    log "starting Liberty server '$SERVER' (http $HTTP_PORT, https $HTTPS_PORT)"
    "$WLP/bin/server" start "$SERVER" >"$WORK/server-start.log" 2>&1 \
        || { cat "$WORK/server-start.log" >&2; die "server start failed"; }
    SERVER_STARTED=1
    local deadline=$((SECONDS + ${BENCH_START_TIMEOUT:-240})) code
    until code=$(curl -s -o /dev/null -w '%{http_code}' "http://localhost:$HTTP_PORT/health/ready") \
            && [[ $code == 200 ]]; do
        ((SECONDS < deadline)) || { tail -50 "$SRV/logs/messages.log" >&2; die "server not ready after ${BENCH_START_TIMEOUT:-240}s (BENCH_START_TIMEOUT)"; }
        sleep 1
    done
    TOKEN=$(curl -sfk -u admin:admin "https://localhost:$HTTPS_PORT/jwt/ibm/api/opsCenter/token" | jq -r .token)
    [[ -n $TOKEN && $TOKEN != null ]] || die "could not get an admin token"
    log "server ready (pid $(server_pid))"
}

server_stop() {
    if [[ ${SERVER_STARTED:-0} == 1 ]]; then
        log "stopping server '$SERVER'"
        "$WLP/bin/server" stop "$SERVER" >/dev/null 2>&1 || true
        SERVER_STARTED=0
    fi
}

# api_call METHOD PATH [JSON]: sets API_CODE (HTTP status, 000 when unreachable) and API_BODY; never fails.
api_call() {
    local method=$1 path=$2 body=${3-} out
    out=$(mktemp "$WORK/api.XXXXXX")
    API_CODE=$(curl -sS -o "$out" -w '%{http_code}' -X "$method" \
        -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
        ${body:+--data "$body"} "http://localhost:$HTTP_PORT/api/v1$path") || API_CODE=${API_CODE:-000}
    API_BODY=$(cat "$out")
    rm -f "$out"
}

# api METHOD PATH [JSON]: prints the response body; fails (with the body on stderr) unless the status is 2xx.
api() {
    api_call "$@"
    if [[ $API_CODE != 2?? ]]; then
        log "$1 $2 -> HTTP $API_CODE: ${API_BODY:0:500}"
        return 1
    fi
    printf '%s\n' "$API_BODY"
}

set_codec() { # set_codec NAME LEVEL
    api PUT /backups/config "{\"compression\":\"$1\",\"compression_level\":$2}" >/dev/null
}

# api_tcp METHOD PATH [JSON]: as api_call, but through bash's own /dev/tcp, starting no process; for the calls
# that are timed and for small answers (bash reads a socket a byte at a time). A call through api_call costs the
# client about 50 ms (mktemp, curl, cat, rm) and a jq after it 25 ms more, which tar | zstd never pays: measured
# 2026-12-04, 53 ms per api GET against 10 ms here, of which the server's own work is about 5 ms. HTTP/1.0, so the
# answer is never chunked and ends where the connection does.
api_tcp() {
    local method=$1 path=$2 body=${3-} fd response="" LC_ALL=C # C: ${#body} counts bytes
    if ! exec {fd}<>"/dev/tcp/localhost/$HTTP_PORT"; then
        API_CODE=000 API_BODY="cannot connect to localhost:$HTTP_PORT"
        return 0
    fi
    printf '%s /api/v1%s HTTP/1.0\r\nHost: localhost\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s' \
        "$method" "$path" "$TOKEN" "${#body}" "$body" >&"$fd"
    IFS= read -r -d '' response <&"$fd" || true
    exec {fd}>&-
    if [[ $response =~ ^HTTP/1\.[01]\ ([0-9]{3}) ]]; then
        API_CODE=${BASH_REMATCH[1]}
    else
        API_CODE=000
    fi
    API_BODY=${response#*$'\r\n\r\n'}
}

# json_string FIELD: the value of a string field in API_BODY (flat answers only), without starting jq.
json_string() {
    [[ $API_BODY =~ \"$1\":\"([^\"]*)\" ]] && printf '%s' "${BASH_REMATCH[1]}"
}

# backup_status ID: the status of a backup. The poll below runs every 100 ms beside the backup it times: through
# api (a subshell, mktemp, curl, cat, rm and jq each time) it took about a fifth of this 2-core machine's CPU from
# that backup (perf, 2026-12-04), hence api_tcp.
backup_status() {
    api_tcp GET "/backups/$1"
    if [[ $API_CODE == 200 ]] && json_string status; then
        return 0
    fi
    printf 'unreadable: HTTP %s %s' "$API_CODE" "${API_BODY:0:300}"
}

# backup_wait ID [POLL]: polls every POLL seconds (0.1) until the backup ends; fails unless it completed.
backup_wait() {
    local status
    while :; do
        backup_status "$1" >"$WORK/status" # through a file: $(...) would start a subshell
        IFS= read -r status <"$WORK/status" || true
        case $status in
            completed) return 0 ;;
            completed_with_warnings) log "WARNING: backup $1 completed with warnings"; return 0 ;;
            running) sleep "${2:-0.1}" ;;
            *) die "backup $1 ended $status: $(api GET "/backups/$1")" ;;
        esac
    done
}

# backup_create VOLUME: starts a backup and waits for it (backup_wait); prints its id.
backup_create() {
    local id
    api_tcp POST /backups/create "{\"include_volumes\":[\"$1\"],\"description\":\"bench\"}"
    [[ $API_CODE == 2?? ]] && id=$(json_string backup_id) || die "backup of $1 not started: HTTP $API_CODE ${API_BODY:0:300}"
    backup_wait "$id"
    printf '%s' "$id"
}

backup_delete() { api DELETE "/backups/$1" >/dev/null; }

# archive_path ID: the archive file of a backup.
archive_path() {
    local f
    f=$(api GET "/backups/$1" | jq -r .archive_file)
    [[ $f == /* ]] || f="$BACKUP_LOCATION/$f"
    printf '%s' "$f"
}
