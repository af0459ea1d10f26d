#!/usr/bin/env bash
# Installs every Debian package sanso builds, tests, benchmarks or runs with.
# Idempotent: packages already present are skipped, and apt is only asked when one is missing.
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build pkg-config ccache clang libclang-rt-14-dev
  # common
  nlohmann-json3-dev libcli11-dev libspdlog-dev libfmt-dev libssl-dev zlib1g-dev
  # sanitize engine
  libqpdf-dev libmupdf-dev libvips-dev libzip-dev libminizip-dev libpugixml-dev libuchardet-dev
  libjbig2dec0-dev libopenjp2-7-dev libjpeg-dev libfreetype-dev libharfbuzz-dev libgumbo-dev libmujs-dev
  fonts-noto-cjk libtesseract-dev tesseract-ocr-jpn tesseract-ocr-eng
  # gateway: policy packs, store, accounts, audit chain, DLP, HTTP server
  libyaml-cpp-dev libsqlite3-dev libsodium-dev liboath-dev libqrencode-dev libhyperscan-dev
  libboost1.81-dev libtomlplusplus-dev
  # tests and benchmarks: independent parsers and peers
  libgtest-dev libgmock-dev libbenchmark-dev qpdf poppler-utils mat2 unzip zip python3
  libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
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
