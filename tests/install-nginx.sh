#!/usr/bin/env bash
# Installs Debian's nginx for the replicas test (tests/test_replicas.py, benchmarks/replicas.py),
# unless it is already there. Only the binary is used: the test runs it as a plain subprocess with
# its own configuration in a temporary folder, on a free 127.0.0.1 port, and stops it at the end.
set -euo pipefail
if [ -x /usr/sbin/nginx ]; then
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
# Debian's package starts an nginx on port 80 after installing it, unless policy-rc.d says no
# (container images usually have one that does): keep it from starting, just for this install.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
  $SUDO chmod +x /usr/sbin/policy-rc.d
  trap '$SUDO rm -f /usr/sbin/policy-rc.d' EXIT
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nginx
