#!/usr/bin/env bash
# Debian packages the readers use: LibreOffice's writer (converts legacy .doc/.wps to DOCX) and
# Tesseract with its simplified-Chinese model (reads scanned pages).
# Never fails the command it stands in: without them those files are refused with
# E_LEGACY_WORD and an install hint, and the tests that need them skip and say why.
set -u

missing=()
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
command -v tesseract >/dev/null 2>&1 || missing+=(tesseract-ocr)
tesseract --list-langs 2>/dev/null | grep -qx chi_sim || missing+=(tesseract-ocr-chi-sim)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "install_system: ${missing[*]} missing (needs root and apt-get); .doc/.wps files or scans will be refused." >&2
    exit 0
fi
log=$(mktemp)
if DEBIAN_FRONTEND=noninteractive apt-get update -qq >"$log" 2>&1 &&
   DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >>"$log" 2>&1; then
    rm -f "$log"
    exit 0
fi
reason=$(grep -E '^(E|W):' "$log" | tail -n 1)
rm -f "$log"
echo "install_system: apt-get could not install ${missing[*]} (${reason:-see apt-get}); .doc/.wps files or scans will be refused." >&2
exit 0
