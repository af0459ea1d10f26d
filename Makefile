# The README's commands. Every target installs what it needs first (scripts/install-deps.sh).
SHELL := /bin/bash
BUILD_DEV := build/dev
SANSO := $(BUILD_DEV)/apps/sanso/sanso
OUT := out

.PHONY: deps build run samples test asan fuzz bench bench-gateway format clean

deps:
	@bash scripts/install-deps.sh

build: deps web
	cmake --preset dev >/dev/null
	cmake --build --preset dev

# The gateway with demo users on two loopback listeners (prints the URLs and passwords).
run: build web
	@bash scripts/demo.sh $(SANSO) build/demo

# Sanitize every sample in examples/ with all three methods.
samples: build
	@for method in cdr text image-pdf; do \
	  echo; echo "== sanso sanitize --batch --method $$method examples $(OUT)/$$method"; \
	  rm -rf $(OUT)/$$method; \
	  $(SANSO) sanitize --batch --method $$method examples $(OUT)/$$method || true; \
	done

test: build
	ctest --preset dev

asan: deps
	cmake --preset asan >/dev/null
	cmake --build --preset asan
	ctest --preset asan --label-exclude corpus

fuzz: deps
	cmake --preset fuzz >/dev/null
	cmake --build --preset fuzz

bench: deps
	cmake --preset release >/dev/null
	cmake --build --preset release
	bash bench/run.sh build/release/apps/sanso/sanso

# The gateway under load (docs/performance.md, "Gateway load"): 64 concurrent senders of
# 100 KB documents through the whole import flow, audit chain durable.
bench-gateway: deps
	cmake --preset release >/dev/null
	cmake --build --preset release --target sanso gateway_load
	bash bench/gateway-load.sh build/release/apps/sanso/sanso build/release/bench/gateway_load

format:
	find src include apps tests fuzz bench -name '*.cc' -o -name '*.h' | xargs clang-format -i

clean:
	rm -rf build $(OUT)

# The web UI (web/, TypeScript + Svelte + Vite) into web/dist, which `sanso serve` serves.
.PHONY: web
web: deps
	cd web && npm run build
