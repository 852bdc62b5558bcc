#!/usr/bin/env bash
# Installs Debian's chromium for the browser test, unless it is already there.
# (`playwright install` downloads a browser build, which a closed network cannot do.)
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium
