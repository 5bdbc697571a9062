#!/bin/sh
# configure.sh of the local base (src/test/image/build-base). The official image warms OpenJ9's shared class
# cache and adds optional configuration snippets here; the local base runs HotSpot and needs neither.
echo "configure.sh: nothing to do on the local base"
