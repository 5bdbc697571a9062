#!/bin/sh
# Entry point of the production image (Dockerfile): settles the keystore password, then hands over to the base
# image's own entry point. The password is never a committed default here: KEYSTORE_PASSWORD when set, else one
# generated on first start and kept beside the keystore it opens, readable only by the server's user. Mount
# /output/resources/security to keep both across containers. It also refuses to start without a token issuer:
# the image has no development issuer, so without one no token could ever be accepted.
set -eu

if [ -z "${JWT_ISSUER:-}" ] || { [ -z "${JWT_JWKS_URI:-}" ] && [ -z "${JWT_KEY_NAME:-}" ]; }; then
    echo "start.sh: no token issuer is configured, so no caller could ever be let in. Set JWT_ISSUER to your" \
        "OpenID Connect provider's issuer and JWT_JWKS_URI to its JWKS URL (or mount a keystore holding the" \
        "issuer's public key and set JWT_KEY_NAME to its alias); see README, Deploy" >&2
    exit 1
fi

security=/output/resources/security
kept=$security/keystore.password
if [ -n "${KEYSTORE_PASSWORD:-}" ]; then
    if [ "$KEYSTORE_PASSWORD" = opsCenterDevKeystore ]; then
        echo "start.sh: KEYSTORE_PASSWORD is the development default; choose another or unset it" >&2
        exit 1
    fi
elif [ -s "$kept" ]; then
    KEYSTORE_PASSWORD=$(cat "$kept")
elif [ -e "$security/key.p12" ]; then
    echo "start.sh: $security/key.p12 exists but its password does not; set KEYSTORE_PASSWORD" >&2
    exit 1
else
    mkdir -p "$security"
    (umask 077 && head -c 33 /dev/urandom | base64 | tr '+/' '-_' >"$kept.tmp" && mv "$kept.tmp" "$kept")
    KEYSTORE_PASSWORD=$(cat "$kept")
    echo "start.sh: generated a keystore password in $kept"
fi
export KEYSTORE_PASSWORD

exec /opt/ol/helpers/runtime/docker-server.sh "$@"
