#!/usr/bin/env bash
# Optional system pieces some tests use; each test skips cleanly when its piece is missing.
# Chromium for the HTML report's browser tests (tests/test_report.py).
if ! command -v chromium >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  as_root=""
  if [ "$(id -u)" -ne 0 ]; then as_root="sudo -n"; fi
  { $as_root apt-get update -qq && $as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >/dev/null 2>&1 \
    || echo "setup-extras: could not install chromium; the browser tests will skip" >&2
fi
exit 0
