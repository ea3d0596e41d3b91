#!/usr/bin/env bash
# Makes the docs' screenshots again (docs/images/page.png, page-v2.png): the browser test that takes it (PageInBrowserIT, in
# Chromium, against every service started on free ports) writes them to tests/e2e/target/screenshots/.
# Usage: scripts/screenshot.sh   (needs chromium and chromedriver: apt-get install chromium chromium-driver)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

# The page names every city in Chinese too: without a CJK font Chromium draws boxes
if ! fc-list :lang=zh 2>/dev/null | grep -q .; then
  [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1 ||
    die "no Chinese font: install one (Debian: apt-get install fonts-noto-cjk) and run again"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null
fi

./mvnw -q -pl tests/e2e -am verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test='PageInBrowserIT#theScreenshotsShowTheRoutePanelAndTheCanaryMeterAtFiftyFifty'
mkdir -p docs/images
cp tests/e2e/target/screenshots/page.png tests/e2e/target/screenshots/page-v2.png docs/images/
log "docs/images/page.png and page-v2.png made again"
