#!/usr/bin/env bash
# Makes sure the real Prometheus that the metrics tests run is installed (Debian package
# `prometheus`, which brings promtool). Called by the build before the tests and by .ci/run.
set -euo pipefail
if command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-prometheus: installing the Debian package 'prometheus' for the metrics tests"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends prometheus >/dev/null
  exit 0
fi
echo "ensure-prometheus: prometheus is not installed and cannot be installed here (needs root and apt-get);" \
     "install it (apt-get install prometheus) or the metrics tests will fail" >&2
