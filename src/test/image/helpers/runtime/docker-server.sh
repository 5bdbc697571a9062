#!/bin/sh
# Entry point of the local base (src/test/image/build-base): runs the command as the official image does when no
# TLS certificates or session cache are mounted.
exec "$@"
