# secnews: security-advisory news indexer.
#
#   make            build ./secnews
#   make demo       install missing Debian packages, build, ingest data/samples, answer
#   make check      install missing packages, run every test, then again under ASan+UBSan
#   make bench      optimised build, print throughput figures
#   make fuzz       clang libFuzzer targets (tests/fuzz/), each for FUZZ_SECONDS
#   make install    install the binary and man page under $(PREFIX)
#
# BUILD names the object folder, so several builds can live side by side
# (the sanitizer build uses build/asan).

VERSION   = 0.1.0
PREFIX   ?= /usr/local
BUILD    ?= build
CC       ?= cc
PKGS      = sqlite3 libxml-2.0 libcurl jansson libmicrohttpd
DEB_PKGS  = build-essential pkg-config libsqlite3-dev libxml2-dev libcurl4-openssl-dev \
            libjansson-dev libmicrohttpd-dev check python3 python3-jsonschema sqlite3 curl nghttp2-server openssl \
            chromium

OPT      ?= -O2 -g
SAN      ?=
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   = $(shell pkg-config --libs $(PKGS))
CHECK_CFLAGS = $(shell pkg-config --cflags check)
CHECK_LIBS   = $(shell pkg-config --libs check)
WARN      = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter
ALL_CFLAGS = -std=c11 $(WARN) $(OPT) $(SAN) -D_DEFAULT_SOURCE -DSECNEWS_VERSION='"$(VERSION)"' \
             -Isrc -I$(BUILD)/gen $(PKG_CFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(SAN) $(LDFLAGS)

SRC      := $(shell find src -name '*.c' ! -path 'src/main.c' | sort)
OBJ      := $(SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/embedded.o
EMBED    := $(sort $(wildcard schema/*.sql)) $(sort $(wildcard data/*.tsv data/*.txt data/*.css))
TESTSRC  := $(sort $(wildcard tests/check_*.c))
TESTBIN  := $(TESTSRC:tests/%.c=$(BUILD)/tests/%)
LIB       = $(BUILD)/libsecnews.a
BIN       = $(BUILD)/secnews

.PHONY: all deps demo check test test-unit test-e2e test-asan bench bench-deps install clean fuzz fuzz-deps fuzz-bins \
        check-valgrind

all: secnews

secnews: $(BIN)
	@ln -sf $(BIN) secnews

$(BIN): $(BUILD)/src/main.o $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS) -lm -lpthread

$(LIB): $(OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/gen/embedded.o: $(BUILD)/gen/embedded.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/gen/embedded.c: $(BUILD)/tools/embed $(EMBED) Makefile
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed $@ $(EMBED)

$(BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) -O1 -o $@ $<

$(BUILD)/tests/%: tests/%.c $(LIB) tests/testutil.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(CHECK_CFLAGS) -Itests -o $@ $< $(LIB) $(PKG_LIBS) $(CHECK_LIBS) -lm

-include $(shell find $(BUILD)/src -name '*.d' 2>/dev/null)

deps:
	@tools/deps.sh $(DEB_PKGS)

# ---- tests -----------------------------------------------------------------
# test: one build's unit suites and end-to-end scripts. check: deps, then the
# plain build, then the whole suite again under AddressSanitizer+UBSan.
test-unit: $(TESTBIN)
	@tests/run-unit.sh $(TESTBIN)

# E2E_BROWSER=0 skips the headless-Chromium test (tests/e2e/serve_browser.sh):
# the sanitizer build does, the plain build runs it.
E2E_BROWSER ?= 1
test-e2e: $(BIN)
	@E2E_BROWSER=$(E2E_BROWSER) SECNEWS=$(abspath $(BIN)) tests/run-e2e.sh

test: test-unit test-e2e

check: deps
	@$(MAKE) --no-print-directory test
	@$(MAKE) --no-print-directory test-asan

test-asan:
	@$(MAKE) --no-print-directory BUILD=build/asan OPT='-O1 -g' E2E_BROWSER=0 \
	    SAN='-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer' test

# check-valgrind: the unit suites, then the end-to-end scripts with every
# secnews process under valgrind (tests/valgrind-e2e.sh: lighter batches).
check-valgrind: $(TESTBIN) $(BIN)
	@VALGRIND='valgrind -q --suppressions=tests/valgrind.supp --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=1' \
	    tests/run-unit.sh $(TESTBIN)
	@tests/valgrind-e2e.sh $(BIN)

# ---- fuzzing ----------------------------------------------------------------
# make fuzz: build the library with clang and run every tests/fuzz/fuzz_*.c
# target for FUZZ_SECONDS (default 60) seeded from the test files and the
# shared corpus; crash inputs land in tests/fuzz/regress/TARGET/, which
# tests/check_fuzz_regress.c replays in every `make test` (no clang needed).
FUZZ_SECONDS ?= 60
FUZZ_DEB_PKGS = clang libclang-rt-14-dev
FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,%,$(sort $(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_SAN = -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

fuzz-deps:
	@tools/deps.sh $(DEB_PKGS) $(FUZZ_DEB_PKGS)

fuzz: fuzz-deps
	@$(MAKE) --no-print-directory BUILD=build/fuzz CC=clang OPT='-O1 -g' SAN='$(FUZZ_SAN)' fuzz-bins
	@tests/fuzz/run.sh build/fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-bins: $(FUZZ_TARGETS:%=$(BUILD)/fuzz/%)

$(BUILD)/fuzz/%: tests/fuzz/%.c $(wildcard tests/fuzz/*.h) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -DFUZZ_MAIN -fsanitize=fuzzer -Itests/fuzz -o $@ $< $(LIB) $(PKG_LIBS) -lm

$(BUILD)/tests/check_fuzz_regress: $(wildcard tests/fuzz/*.c tests/fuzz/*.h)

# ---- demo, bench, install ----------------------------------------------------
demo: deps
	@$(MAKE) --no-print-directory secnews
	@tools/demo.sh ./secnews

BENCH_DEB_PKGS = wrk

bench-deps:
	@tools/deps.sh $(DEB_PKGS) $(BENCH_DEB_PKGS)

bench: bench-deps
	@$(MAKE) --no-print-directory BUILD=build/bench OPT='-O2 -DNDEBUG' build/bench/secnews build/bench/tests/bench \
	    $(patsubst tests/bench/%.c,build/bench/tests/%,$(filter-out tests/bench/bench.c tests/bench/bench_export.c tests/bench/bench_feed.c,$(wildcard tests/bench/bench_*.c)))
	@tests/bench/run.sh build/bench

$(BUILD)/tests/bench: tests/bench/bench.c tests/bench/bench_export.c tests/bench/bench_feed.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests/bench -o $@ tests/bench/bench.c tests/bench/bench_export.c $(LIB) $(PKG_LIBS) -lm

# a module's own benchmark: tests/bench/bench_NAME.c built with -DBENCH_NAME_MAIN
$(BUILD)/tests/bench_%: tests/bench/bench_%.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -DBENCH_$(shell echo $* | tr a-z A-Z)_MAIN -o $@ $< $(LIB) $(PKG_LIBS) -lm

install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/secnews
	install -m 644 doc/secnews.1 $(DESTDIR)$(PREFIX)/share/man/man1/secnews.1

clean:
	rm -rf build build-* secnews demo.db demo.db-wal demo.db-shm
