# squall: `make run` builds and runs a demo end to end; `make test` runs the test suite.
SHELL := /bin/bash
export PATH := $(PATH):/opt/swift/usr/bin

SQUALL_DATA_DIR ?= $(CURDIR)/.squall
export SQUALL_DATA_DIR

.PHONY: deps build release run test bench clean

deps:
	@scripts/install-deps.sh

build: deps
	swift build

release: deps
	swift build -c release

# Registers the bundled packs and runs demo actions (shell and Python) end to end on SQLite.
run: release
	@scripts/demo.sh "$$(swift build -c release --show-bin-path)/squall"

test: deps
	swift build --build-tests
	swift test --skip-build --disable-swift-testing

bench: release
	@scripts/bench.sh "$$(swift build -c release --show-bin-path)/squall"

clean:
	rm -rf .build .squall
