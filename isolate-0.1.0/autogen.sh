#!/bin/sh
# Bootstrap the autotools build from a fresh clone.
set -e
cd "$(dirname "$0")"
autoreconf --install --force
