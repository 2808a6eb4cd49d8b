# squall: `make run` builds and runs a demo end to end; `make test` runs the test suite.
SHELL := /bin/bash
export PATH := $(PATH):/opt/swift/usr/bin

SQUALL_DATA_DIR ?= $(CURDIR)/.squall
export SQUALL_DATA_DIR

.PHONY: deps build release run test fuzz bench clean

deps:
	@scripts/install-deps.sh

build: deps
	swift build

# A statically linked Swift runtime halves the CLI's start-up (~17 ms -> ~9 ms here).
RELEASE := -c release --static-swift-stdlib

# Children import Runners/python and the bundled packs from read-only views: compile their
# bytecode once here, or every child would compile it again.
release: deps
	swift build $(RELEASE)
	/usr/bin/python3 -m compileall -q Runners/python Packs >/dev/null

# Registers the bundled packs and runs demo actions (shell and Python) end to end on SQLite.
run: release
	@scripts/demo.sh "$$(swift build $(RELEASE) --show-bin-path)/squall"

# Package.swift's dependencies, the Python SDK's own tests (pytest), a bounded fuzz run (each
# libFuzzer target of Fuzz/ for FUZZ_SECONDS, 8 targets x 25 s, failing on any crash, trap or
# hang); XCTest's summary closes the run.
FUZZ_SECONDS ?= 25
test: deps
	scripts/check-package-deps.py
	Tests/PythonSDKTests/run.sh
	scripts/fuzz.sh all $(FUZZ_SECONDS)
	swift build --build-tests
	swift test --skip-build --disable-swift-testing

# A longer fuzz run by hand: `make fuzz FUZZ_SECONDS=300` (the corpus grows in .build-fuzz/corpus).
fuzz:
	scripts/fuzz.sh all $(FUZZ_SECONDS)

bench: release
	@scripts/bench.sh "$$(swift build $(RELEASE) --show-bin-path)/squall"

clean:
	rm -rf .build .squall
