#!/usr/bin/env bash
# Installs every Debian package sanso builds, tests, benchmarks or runs with.
# Idempotent: packages already present are skipped, and apt is only asked when one is missing.
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build pkg-config ccache clang libclang-rt-14-dev
  # common
  nlohmann-json3-dev libcli11-dev libspdlog-dev libfmt-dev libssl-dev nettle-dev zlib1g-dev
  # sanitize engine
  libqpdf-dev libmupdf-dev libvips-dev libzip-dev libminizip-dev libdeflate-dev libpugixml-dev libuchardet-dev
  libjbig2dec0-dev libopenjp2-7-dev libjpeg-dev libpng-dev libfreetype-dev libharfbuzz-dev libgumbo-dev libmujs-dev
  fonts-noto-cjk libtesseract-dev tesseract-ocr-jpn tesseract-ocr-eng
  # legacy Office and Office -> image-pdf/text: LibreOffice driven over UNO inside bubblewrap
  bubblewrap libreoffice-core-nogui libreoffice-writer-nogui libreoffice-calc-nogui
  libreoffice-impress-nogui libreoffice-draw-nogui python3-uno
  libarchive-dev
  # mail files (.eml)
  libgmime-3.0-dev
  # malware scanning: YARA in-process, ClamAV through clamd's socket (tests start their own clamd)
  libyara-dev clamav-daemon
  # gateway: policy packs, store, accounts, audit chain, DLP, HTTP server
  libyaml-cpp-dev libsqlite3-dev libsodium-dev liboath-dev libqrencode-dev libhyperscan-dev
  libboost1.81-dev libtomlplusplus-dev
  # ISMS reports: the report module loaded on first use (XLSX: libxlsxwriter; PDF: cairo, pango,
  # fontconfig with fonts-noto-cjk above)
  libxlsxwriter-dev libcairo2-dev libpango1.0-dev libfontconfig-dev
  # mail filter (sanso milter); its end-to-end test runs a private Postfix and sends with swaks
  libmilter-dev postfix swaks miltertest
  # tests and benchmarks: independent parsers and peers
  libgtest-dev libgmock-dev libbenchmark-dev qpdf poppler-utils mat2 unzip zip python3 procps
  p7zip-full jlha-utils
  # ICAP front door: the Squid end-to-end test and bench (tests/e2e/run_squid_e2e.sh, bench/icap/),
  # curl as the client, c-icap-client for manual protocol checks
  squid curl c-icap
  # the zone model on the wire (sanso zones): nft loads and lists rulesets; iproute2 builds the
  # network namespaces of tests/e2e/run_zones_e2e.sh
  nftables iproute2
  # web UI (web/: TypeScript + Svelte + Vite, installed from web/package-lock.json by npm ci)
  nodejs
  # browser end-to-end test (tests/e2e/): Debian's chromium, driven by playwright-core from web/
  chromium
)
# Debian's npm package, unless npm is already there: NodeSource's nodejs package bundles npm and
# conflicts with Debian's. Vite 7 needs Node >= 20.19 (bookworm's nodejs 18 is too old: see below).
command -v npm >/dev/null 2>&1 || PACKAGES+=(npm)

# web/: npm ci from the lock file when node_modules is missing or older than package-lock.json.
# Runs in every path below (also when all Debian packages are already present).
install_web_deps() {
  local web
  web="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/web"
  [ -f "$web/package-lock.json" ] || return 0
  if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)'; then
    echo "install-deps: web/ needs Node.js >= 20.19 (Vite 7); found $(node --version)." >&2
    echo "install-deps: install a newer nodejs (e.g. bookworm-backports or NodeSource), then re-run." >&2
    return 1
  fi
  if [ ! -d "$web/node_modules" ] || [ "$web/package-lock.json" -nt "$web/node_modules" ]; then
    echo "install-deps: npm ci in web/"
    # playwright-core never downloads a browser: the e2e test uses Debian's /usr/bin/chromium.
    (cd "$web" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
    touch "$web/node_modules"
  fi
}

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  install_web_deps
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages (${missing[*]}); run as root" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
install_web_deps
