# sessl: `make` builds the library; `make run` also builds and runs the example
# (the main job); `make test` runs every test. See README.md.

CARGO   ?= cargo
CC      ?= gcc
RELEASE := target/release
LIB     := $(RELEASE)/libsessl.so
FLEET   := $(RELEASE)/libsessl_fleet.so
DROPIN  := $(RELEASE)/libssl.so.3
WARN    := -Wall -Wextra -Werror -pedantic

.PHONY: all deps build fleet run test test-lint test-rust test-c test-clients test-fleet fleet-demo bench-fleet test-fleet-store test-fuzz test-tsan test-miri test-difffuzz difffuzz bench fuzz install uninstall clean

all: build

# Installs missing system packages (gcc, pkg-config, libssl-dev, valgrind...).
deps:
	@bash .ci/install-deps

# Cargo decides what to rebuild; the drop-in copy follows the library.
build: deps
	$(CARGO) build --release
	cp -f $(LIB) $(DROPIN)
	$(CARGO) build --release -p sessl-fleet

# The fleet library alone (libsessl_fleet.so, fleet/; README.md, "Fleet").
fleet: deps
	$(CARGO) build --release -p sessl-fleet

# The main job: see examples/run.sh.
run: build
	bash examples/run.sh

test: test-lint test-rust test-fleet-store test-miri test-fuzz test-tsan test-c test-clients test-difffuzz test-fleet

# House rules, enforced: rustfmt (generated tables are marked #[rustfmt::skip]
# where they are declared) and clippy with every warning an error.
test-lint: deps
	$(CARGO) fmt --all --check
	$(CARGO) clippy --release --all-targets -- -D warnings
	$(CARGO) clippy --release -p sessl-fleet --all-targets -- -D warnings
	@echo "lint: cargo fmt --check and cargo clippy clean"

test-rust: deps
	$(CARGO) test --release
	$(CARGO) test --release -p sessl-fleet --lib -- --skip store::

# The fleet against real Redis, memcached and nginx on 127.0.0.1, with
# unmodified `openssl s_server` processes (the system OpenSSL) under the
# preload and the C API: tests-fleet/run.sh.
test-fleet: build
	bash tests-fleet/run.sh

# A Redis, three unmodified s_server with the preload, a round-robin client:
# every connection after the first resumes, TLS 1.2 and 1.3.
fleet-demo: fleet
	bash examples/fleet-demo.sh

# Fleet-resumed handshakes against full and locally resumed ones (server CPU),
# store latency, round-robin throughput with and without the fleet: the table
# goes to target/bench/fleet.md (BENCHMARKS.md, "Fleet").
bench-fleet: fleet
	bash bench/fleet.sh

# The fleet crate's store layer against real redis-server and memcached
# (started by the tests on 127.0.0.1, ephemeral ports): round trips, take's
# single use, time bounds with the store killed, paused or slow, the breaker,
# memcached with a server lost, the write queue, fork.
test-fleet-store: deps
	$(CARGO) test -p sessl-fleet --release --lib store::
	$(CARGO) test -p sessl-fleet --release --test 'store_*'

test-c: build
	bash tests-c/run.sh

# Real third-party programs that link libssl.so.3 (the openssl command, Ruby,
# Perl's Net::SSLeay and IO::Socket::SSL, Python's ssl and pyOpenSSL, the Rust
# openssl crate, curl), each run on the system's libssl and on sessl on paths
# that need no handshake, outputs diffed (tests-clients/run.sh). CLIENTS=ruby,perl
# runs a subset.
test-clients: build
	bash tests-clients/run.sh

bench: build
	bash bench/run.sh

# Differential random API sequences (tests-c/difffuzz/README.md): one program
# built against OpenSSL's headers, run per seed on the system libssl and on
# sessl, transcripts diffed. DIFFFUZZ_SKIP lists the categories of known
# differences steered around (empty: none, every one is fixed); `make difffuzz
# SEEDS=N` runs longer.
SEEDS         ?= 2000
DIFFFUZZ_SKIP ?=
difffuzz: build
	SEQ_SKIP=$(DIFFFUZZ_SKIP) bash tests-c/difffuzz/run.sh $(SEEDS)

# The suite's bounded run: 500 seeds of 300 steps (about 20 s on an idle
# 2-core machine).
test-difffuzz: build
	SEQ_SKIP=$(DIFFFUZZ_SKIP) bash tests-c/difffuzz/run.sh 500

# Installation. The library goes to a private directory, $(LIBDIR)/sessl, as
# libssl.so.3 (its SONAME) with a libsessl.so link for -lsessl, and the header
# to $(PREFIX)/include/sessl/openssl/ssl.h: neither is on the default library or
# include path, so nothing shadows the system's OpenSSL for other programs.
# Consumers find both through pkg-config (sessl.pc, with an rpath to the
# private directory), so a program built with `pkg-config --libs sessl` runs on
# sessl with no environment variables.
PREFIX  ?= /usr/local
DESTDIR ?=
LIBDIR  ?= $(PREFIX)/lib
INSTALLED = $(DESTDIR)$(LIBDIR)/sessl/libssl.so.3 $(DESTDIR)$(LIBDIR)/sessl/libsessl.so \
	$(DESTDIR)$(PREFIX)/include/sessl/openssl/ssl.h $(DESTDIR)$(LIBDIR)/pkgconfig/sessl.pc \
	$(DESTDIR)$(LIBDIR)/libsessl_fleet.so $(DESTDIR)$(PREFIX)/include/sessl/fleet.h \
	$(DESTDIR)$(LIBDIR)/pkgconfig/sessl-fleet.pc

install: build
	install -d $(DESTDIR)$(LIBDIR)/sessl $(DESTDIR)$(PREFIX)/include/sessl/openssl $(DESTDIR)$(LIBDIR)/pkgconfig
	install -m 0755 $(LIB) $(DESTDIR)$(LIBDIR)/sessl/libssl.so.3
	ln -sf libssl.so.3 $(DESTDIR)$(LIBDIR)/sessl/libsessl.so
	install -m 0644 include/openssl/ssl.h $(DESTDIR)$(PREFIX)/include/sessl/openssl/ssl.h
	printf '%s\n' 'prefix=$(PREFIX)' 'libdir=$(LIBDIR)/sessl' 'includedir=$${prefix}/include/sessl' '' \
	    'Name: sessl' \
	    'Description: OpenSSL 3 libssl session layer in Rust, ABI-compatible with libssl.so.3' \
	    "Version: $$(sed -n 's/^version = \"\(.*\)\"/\1/p' Cargo.toml | head -1)" \
	    'Requires: libcrypto' 'Cflags: -I$${includedir}' 'Libs: -L$${libdir} -Wl,-rpath,$${libdir} -lsessl' \
	    > $(DESTDIR)$(LIBDIR)/pkgconfig/sessl.pc
	chmod 0644 $(DESTDIR)$(LIBDIR)/pkgconfig/sessl.pc
	# The fleet library shadows nothing: it goes on the library path itself
	# (for LD_PRELOAD=libsessl_fleet.so) and links the program's libssl.
	install -m 0755 $(FLEET) $(DESTDIR)$(LIBDIR)/libsessl_fleet.so
	install -m 0644 fleet/include/sessl/fleet.h $(DESTDIR)$(PREFIX)/include/sessl/fleet.h
	printf '%s\n' 'prefix=$(PREFIX)' 'libdir=$(LIBDIR)' 'includedir=$${prefix}/include' '' \
	    'Name: sessl-fleet' \
	    'Description: TLS session and ticket-key sharing through Redis or memcached, sealed at rest' \
	    "Version: $$(sed -n 's/^version = \"\(.*\)\"/\1/p' fleet/Cargo.toml | head -1)" \
	    'Requires: libssl libcrypto' 'Cflags: -I$${includedir}' 'Libs: -L$${libdir} -Wl,-rpath,$${libdir} -lsessl_fleet' \
	    > $(DESTDIR)$(LIBDIR)/pkgconfig/sessl-fleet.pc
	chmod 0644 $(DESTDIR)$(LIBDIR)/pkgconfig/sessl-fleet.pc

# Removes exactly what install wrote, then the directories it made if empty.
uninstall:
	rm -f $(INSTALLED)
	-rmdir $(DESTDIR)$(LIBDIR)/sessl $(DESTDIR)$(PREFIX)/include/sessl/openssl \
	    $(DESTDIR)$(PREFIX)/include/sessl 2>/dev/null

# Coverage-guided fuzzing of d2i_SSL_SESSION with libFuzzer (clang-14): sessl is
# built into target/fuzz with LLVM's sanitizer-coverage instrumentation (stable
# rustc flags), the harness with -fsanitize=fuzzer,address. Where sessl's round
# trip breaks, the harness holds it to the system OpenSSL's libssl, which it loads
# beside sessl (OPENSSL_LIBSSL). New inputs go to target/fuzz/corpus; the
# checked-in seeds stay in tests-c/fuzz/corpus.
FUZZ_SECONDS ?= 60
FUZZ_CC      ?= clang-14
# An explicit target keeps the instrumentation out of build scripts.
FUZZ_TARGET  := $(shell rustc -vV | sed -n 's/^host: //p')
FUZZ_LIBDIR  := target/fuzz/$(FUZZ_TARGET)/release
OPENSSL_LIBSSL ?= $(shell pkg-config --variable=libdir openssl)/libssl.so.3
FUZZ_RUSTFLAGS := -C passes=sancov-module -C llvm-args=-sanitizer-coverage-level=3 \
	-C llvm-args=-sanitizer-coverage-inline-8bit-counters -C llvm-args=-sanitizer-coverage-pc-table \
	-C llvm-args=-sanitizer-coverage-trace-compares -C debug-assertions -C overflow-checks
fuzz: deps
	RUSTFLAGS="$(FUZZ_RUSTFLAGS)" CARGO_TARGET_DIR=target/fuzz $(CARGO) build --release --target $(FUZZ_TARGET)
	cp -f $(FUZZ_LIBDIR)/libsessl.so $(FUZZ_LIBDIR)/libssl.so.3
	$(FUZZ_CC) -g -O1 -fsanitize=fuzzer,address tests-c/fuzz/d2i_fuzz.c -Iinclude \
	    -DOPENSSL_LIBSSL='"$(OPENSSL_LIBSSL)"' -L$(FUZZ_LIBDIR) -lsessl -lcrypto \
	    -Wl,-rpath,$(abspath $(FUZZ_LIBDIR)) -o target/fuzz/d2i_fuzz
	mkdir -p target/fuzz/corpus
	target/fuzz/d2i_fuzz -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -rss_limit_mb=2048 \
	    target/fuzz/corpus tests-c/fuzz/corpus

# The suite's bounded fuzz run; `make fuzz` runs longer by hand.
test-fuzz:
	$(MAKE) fuzz FUZZ_SECONDS=30
	@echo "fuzz: d2i_SSL_SESSION ran 30 s without a crash, leak, round-trip mismatch or (where OpenSSL cannot round-trip either) difference from OpenSSL"

# ThreadSanitizer over sessl itself: the Rust unit tests, then the threaded
# sessl-only C tests against a TSan-instrumented libsessl. Needs the nightly
# toolchain with rust-src (-Zsanitizer=thread, -Zbuild-std); skipped, saying
# so, where that is not installed.
TSAN_LIBDIR := target/tsan/$(FUZZ_TARGET)/release
TSAN_TESTS  := get1_vs_set_session cache_stress cache_reentrant_callbacks cache_two_contexts peer_decoded_on_first_use
test-tsan: deps
	@if ! rustup component list --toolchain nightly --installed 2>/dev/null | grep -q '^rust-src'; then \
	    echo "test-tsan: skipped (needs: rustup component add rust-src --toolchain nightly)"; \
	else \
	    set -e; \
	    RUSTFLAGS="-Zsanitizer=thread" CARGO_TARGET_DIR=target/tsan $(CARGO) +nightly test -Zbuild-std \
	        --target $(FUZZ_TARGET) --lib; \
	    RUSTFLAGS="-Zsanitizer=thread" CARGO_TARGET_DIR=target/tsan $(CARGO) +nightly build -Zbuild-std \
	        --release --target $(FUZZ_TARGET); \
	    cp -f $(TSAN_LIBDIR)/libsessl.so $(TSAN_LIBDIR)/libssl.so.3; \
	    for t in $(TSAN_TESTS); do \
	        $(FUZZ_CC) -std=c99 -g -O1 -fsanitize=thread tests-c/sessl-only/$$t.c tests-c/tools/tsan_shim.c \
	            -Iinclude -L$(TSAN_LIBDIR) -lsessl -lcrypto -Wl,-rpath,$(abspath $(TSAN_LIBDIR)) -lpthread \
	            -o target/tsan/$$t; \
	        TSAN_OPTIONS=halt_on_error=1 target/tsan/$$t >target/tsan/$$t.log 2>&1 \
	            || { cat target/tsan/$$t.log; exit 1; }; \
	        echo "test-tsan: $$t clean under ThreadSanitizer"; \
	    done; \
	fi

# Miri over the unsafe code's unit tests (sync::, and ffi::tests, which call no
# C) and the core's, which drive it: once under Stacked Borrows (the default),
# once under Tree Borrows.
# The core reads the clock, hence no isolation; the session slot stores
# addresses as integers by design (exposed provenance), hence no warning for
# it. The cache's long randomized tests run smaller under cfg(miri).
# Needs nightly's miri component; skipped, saying so, where it is missing.
MIRI_FLAGS := -Zmiri-disable-isolation -Zmiri-permissive-provenance
# Stacked Borrows checks everything that runs under sync::, core:: and the FFI
# tests but core::cipher: the cipher rule engine is table logic with no unsafe
# code and no shared objects (core is #![forbid(unsafe_code)]), interpreted by
# Miri for many minutes for nothing (the unit tests and the C suite's rule
# comparisons cover it). Tree Borrows differs only in its aliasing rules for
# references and raw pointers, which matter where unsafe code is reached:
# sync:: (Shared, the slots) and the core modules built on it.
MIRI_SB_TESTS := sync:: core:: ffi::tests --skip core::cipher
MIRI_TB_TESTS := sync:: core::cache core::session core::ctx core::ssl core::config ffi::tests

test-miri: deps
	@if ! $(CARGO) +nightly miri --version >/dev/null 2>&1; then \
	    echo "test-miri: skipped (needs: rustup component add miri rust-src --toolchain nightly)"; \
	else \
	    set -e; \
	    MIRIFLAGS="$(MIRI_FLAGS)" $(CARGO) +nightly miri test --lib -- $(MIRI_SB_TESTS); \
	    echo "test-miri: no undefined behaviour found under Stacked Borrows"; \
	    MIRIFLAGS="$(MIRI_FLAGS) -Zmiri-tree-borrows" $(CARGO) +nightly miri test --lib -- $(MIRI_TB_TESTS); \
	    echo "test-miri: no undefined behaviour found under Tree Borrows"; \
	fi

clean:
	$(CARGO) clean
