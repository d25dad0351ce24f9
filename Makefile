# sessl: `make` builds the library; `make run` also builds and runs the example
# (the main job); `make test` runs every test. See README.md.

CARGO   ?= cargo
CC      ?= gcc
RELEASE := target/release
LIB     := $(RELEASE)/libsessl.so
DROPIN  := $(RELEASE)/libssl.so.3
WARN    := -Wall -Wextra -Werror -pedantic

.PHONY: all deps build run test test-rust test-c bench clean

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

test: test-rust test-c

test-rust: deps
	$(CARGO) test --release

test-c: build
	bash tests-c/run.sh

bench: build
	bash bench/run.sh

clean:
	$(CARGO) clean
