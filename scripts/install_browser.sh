#!/usr/bin/env bash
# Debian's chromium (and a CJK font, so the report's Chinese is not boxes) for
# tests/test_diff_browser.py. Never fails the test command: without the browser
# that test skips and says why. Playwright's own browser downloads are not used.
set -u

CHROMIUM=/usr/bin/chromium
[ -x "$CHROMIUM" ] && exit 0

if [ "$(id -u)" != 0 ]; then
    echo "install_browser: $CHROMIUM missing and not root; the browser test will be skipped." >&2
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install_browser: $CHROMIUM missing and no apt-get; the browser test will be skipped." >&2
    exit 0
fi

log=$(mktemp)
if DEBIAN_FRONTEND=noninteractive apt-get update -qq >"$log" 2>&1 &&
   DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
       chromium fonts-wqy-microhei >>"$log" 2>&1; then
    rm -f "$log"
    exit 0
fi
reason=$(grep -E '^(E|W):' "$log" | tail -n 1)
rm -f "$log"
echo "install_browser: apt-get could not install chromium (${reason:-see apt-get}); the browser test will be skipped." >&2
exit 0
