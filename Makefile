# sessl: `make` builds the library; `make run` also builds and runs the example
# (the main job); `make test` runs every test. See README.md.

CARGO   ?= cargo
CC      ?= gcc
RELEASE := target/release
LIB     := $(RELEASE)/libsessl.so
DROPIN  := $(RELEASE)/libssl.so.3
WARN    := -Wall -Wextra -Werror -pedantic

.PHONY: all deps build run test test-rust test-c test-fuzz bench fuzz clean

all: build

# Installs missing system packages (gcc, pkg-config, libssl-dev, valgrind...).
deps:
	@bash .ci/install-deps

# Cargo decides what to rebuild; the drop-in copy follows the library.
build: deps
	$(CARGO) build --release
	cp -f $(LIB) $(DROPIN)

$(RELEASE)/session_demo: examples/session_demo.c build
	$(CC) -std=c99 $(WARN) -Iinclude $< -L$(RELEASE) -lsessl -lcrypto \
	    -Wl,-rpath,$(abspath $(RELEASE)) -o $@

run: $(RELEASE)/session_demo
	$(RELEASE)/session_demo

test: test-rust test-c test-fuzz

test-rust: deps
	$(CARGO) test --release

test-c: build
	bash tests-c/run.sh

bench: build
	bash bench/run.sh

# Coverage-guided fuzzing of d2i_SSL_SESSION with libFuzzer (clang-14): sessl is
# built into target/fuzz with LLVM's sanitizer-coverage instrumentation (stable
# rustc flags), the harness with -fsanitize=fuzzer,address. New inputs go to
# target/fuzz/corpus; the checked-in seeds stay in tests-c/fuzz/corpus.
FUZZ_SECONDS ?= 60
FUZZ_CC      ?= clang-14
# An explicit target keeps the instrumentation out of build scripts.
FUZZ_TARGET  := $(shell rustc -vV | sed -n 's/^host: //p')
FUZZ_LIBDIR  := target/fuzz/$(FUZZ_TARGET)/release
FUZZ_RUSTFLAGS := -C passes=sancov-module -C llvm-args=-sanitizer-coverage-level=3 \
	-C llvm-args=-sanitizer-coverage-inline-8bit-counters -C llvm-args=-sanitizer-coverage-pc-table \
	-C llvm-args=-sanitizer-coverage-trace-compares -C debug-assertions -C overflow-checks
fuzz: deps
	RUSTFLAGS="$(FUZZ_RUSTFLAGS)" CARGO_TARGET_DIR=target/fuzz $(CARGO) build --release --target $(FUZZ_TARGET)
	cp -f $(FUZZ_LIBDIR)/libsessl.so $(FUZZ_LIBDIR)/libssl.so.3
	$(FUZZ_CC) -g -O1 -fsanitize=fuzzer,address tests-c/fuzz/d2i_fuzz.c -Iinclude \
	    -L$(FUZZ_LIBDIR) -lsessl -lcrypto -Wl,-rpath,$(abspath $(FUZZ_LIBDIR)) -o target/fuzz/d2i_fuzz
	mkdir -p target/fuzz/corpus
	target/fuzz/d2i_fuzz -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -rss_limit_mb=2048 \
	    target/fuzz/corpus tests-c/fuzz/corpus

# The suite's bounded fuzz run; `make fuzz` runs longer by hand.
test-fuzz:
	$(MAKE) fuzz FUZZ_SECONDS=30
	@echo "fuzz: d2i_SSL_SESSION ran 30 s without a crash, leak or round-trip mismatch"

clean:
	$(CARGO) clean
