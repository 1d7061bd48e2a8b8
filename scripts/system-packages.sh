#!/usr/bin/env bash
# Debian packages the app and the tests need: Noto CJK (Chinese in the PNG/SVG/PDF/PPTX exports),
# Chromium (browser tests) and poppler-utils (tests read the PDFs). With arguments, only those
# (make run asks for fonts-noto-cjk). Installs them when this user can (root, or passwordless sudo);
# otherwise says in one line how, and the browser tests skip unless TECHMARKET_REQUIRE_BROWSER=1.
set -u
wanted=("$@")
[ ${#wanted[@]} -eq 0 ] && wanted=(fonts-noto-cjk chromium poppler-utils)
missing=()
for pkg in "${wanted[@]}"; do
  case "$pkg" in
    chromium) [ -x /usr/bin/chromium ] || missing+=(chromium) ;;
    fonts-noto-cjk) fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing+=(fonts-noto-cjk) ;;
    poppler-utils) command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils) ;;
  esac
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ]; then sudo=""; elif sudo -n true 2>/dev/null; then sudo="sudo -n"; else
  echo "note: missing Debian packages: ${missing[*]} — install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 0
fi
echo "installing Debian packages: ${missing[*]}" >&2
$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
