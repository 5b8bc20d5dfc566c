# ovmdiag: build, test, install. Every library through pkg-config (libjq has no .pc in Debian).
PKG_CONFIG  ?= pkg-config
B           ?= build
WERROR      ?= 1
CC          ?= cc
CFLAGS      ?= -O2 -g
PREFIX      ?= /usr/local
DESTDIR     ?=
WITH_XENCTRL ?= auto
WITH_LIBCRYPTO ?= auto
WITH_HYPERSCAN ?= auto
WITH_LIBDEFLATE ?= auto
VERSION     := $(shell cat VERSION 2>/dev/null || echo 0.0.0)

# The collector needs only libarchive and zlib (and optionally libxenctrl and libdeflate), so it
# can be linked statically on an old dom0; json-c, pcre2 and libjq serve the analysis side.
COLLECT_PKGS := libarchive zlib
ANALYZE_PKGS := json-c libpcre2-8
TEST_PKGS    := cmocka
PKGS         := $(COLLECT_PKGS) $(ANALYZE_PKGS)

XENCTRL_FOUND := $(shell $(PKG_CONFIG) --exists xencontrol xentoollog 2>/dev/null && echo y)
ifeq ($(WITH_XENCTRL),yes)
 ifneq ($(XENCTRL_FOUND),y)
  $(error WITH_XENCTRL=yes but pkg-config cannot find xencontrol (install libxen-dev))
 endif
endif
ifneq ($(WITH_XENCTRL),no)
 ifeq ($(XENCTRL_FOUND),y)
  PKGS += xencontrol xentoollog
  XEN_CPPFLAGS := -DHAVE_XENCTRL=1
 endif
endif

# libcrypto (OpenSSL) only makes SHA-256 faster (SHA-NI); WITH_LIBCRYPTO=no for a static
# collector: lib/sha256.c then runs its portable code.
LIBCRYPTO_FOUND := $(shell $(PKG_CONFIG) --exists libcrypto 2>/dev/null && echo y)
ifeq ($(WITH_LIBCRYPTO),yes)
 ifneq ($(LIBCRYPTO_FOUND),y)
  $(error WITH_LIBCRYPTO=yes but pkg-config cannot find libcrypto (install libssl-dev))
 endif
endif
ifneq ($(WITH_LIBCRYPTO),no)
 ifeq ($(LIBCRYPTO_FOUND),y)
  PKGS += libcrypto
  CRYPTO_CPPFLAGS := -DHAVE_LIBCRYPTO=1
 endif
endif

# Hyperscan (x86-64 only) is the log scan's faster literal prefilter; without it the portable
# Wu-Manber search runs, with the same results. Analysis only: the collector never calls it.
HYPERSCAN_FOUND := $(shell $(PKG_CONFIG) --exists libhs 2>/dev/null && echo y)
ifeq ($(WITH_HYPERSCAN),yes)
 ifneq ($(HYPERSCAN_FOUND),y)
  $(error WITH_HYPERSCAN=yes but pkg-config cannot find libhs (install libhyperscan-dev))
 endif
endif
ifneq ($(WITH_HYPERSCAN),no)
 ifeq ($(HYPERSCAN_FOUND),y)
  PKGS += libhs
  HS_CPPFLAGS := -DHAVE_HYPERSCAN=1
 endif
endif

# libdeflate only makes the bundle's gzip faster (deflate about twice zlib's speed at level 6, a
# much faster inflate and CRC-32; htslib uses it for BGZF); WITH_LIBDEFLATE=no for a static
# collector on an old host: lib/gzblock.c then uses zlib (other bytes, the same format).
LIBDEFLATE_FOUND := $(shell $(PKG_CONFIG) --exists libdeflate 2>/dev/null && echo y)
ifeq ($(WITH_LIBDEFLATE),yes)
 ifneq ($(LIBDEFLATE_FOUND),y)
  $(error WITH_LIBDEFLATE=yes but pkg-config cannot find libdeflate (install libdeflate-dev))
 endif
endif
ifneq ($(WITH_LIBDEFLATE),no)
 ifeq ($(LIBDEFLATE_FOUND),y)
  PKGS += libdeflate
  DEFLATE_CPPFLAGS := -DHAVE_LIBDEFLATE=1
 endif
endif

WARN := -Wall -Wextra -Wformat=2 -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wvla \
        -Wwrite-strings -Wno-missing-field-initializers -Wno-format-truncation $(if $(filter 1,$(WERROR)),-Werror)
STD ?= c11
ALL_CFLAGS = -std=$(STD) -pthread -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -I. -I$(B)/gen $(WARN) \
             $(XEN_CPPFLAGS) $(CRYPTO_CPPFLAGS) $(HS_CPPFLAGS) $(DEFLATE_CPPFLAGS) \
             -DOVMDIAG_VERSION='"$(VERSION)"' \
             $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null) $(CFLAGS) -MMD -MP
LIBS     = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) -ljq -pthread
TEST_LIBS = $(shell $(PKG_CONFIG) --libs $(TEST_PKGS) 2>/dev/null)

LIB_SRC  := $(sort $(wildcard lib/*.c collector/*.c analyzers/*.c engine/*.c reports/*.c))
CLI_SRC  := $(sort $(wildcard cli/*.c))
PLUGINS  := $(sort $(wildcard collector/collect-*.c analyzers/analyze-*.c))
TEST_SRC := $(sort $(wildcard tests/unit/test-*.c))
RULES    := $(sort $(wildcard rules/*/*.rule))
LIB_OBJ  := $(LIB_SRC:%.c=$(B)/%.o) $(B)/gen/registry.o $(B)/gen/rules.o
CLI_OBJ  := $(CLI_SRC:%.c=$(B)/%.o)
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(B)/tests/%)
TEST_HELPER_OBJ := $(B)/tests/unit/helpers.o
# Fuzz targets: tests/fuzz/fuzz-NAME.c. The same object links with libFuzzer (make fuzz, clang)
# or with replay.c (make check: the kept crash inputs, with any compiler).
FUZZ_TARGETS := $(sort $(patsubst tests/fuzz/fuzz-%.c,%,$(wildcard tests/fuzz/fuzz-*.c)))
FUZZ_REPLAY  := $(FUZZ_TARGETS:%=$(B)/fuzz/replay-%)
FUZZ_COMMON  := $(B)/tests/fuzz/common.o

BIN ?= ovmdiag

.PHONY: all deps deps-check check test-run unit integration sanitize tsan demo install clean help \
        lint memcheck xen-test xen-golden bench fuzz fuzz-build fuzz-bins
all: $(BIN)

help:
	@echo "make            build ./ovmdiag"
	@echo "make check      install missing dependencies, build, run every test"
	@echo "make sanitize   the same tests built with ASan + UBSan (in build-san/)"
	@echo "make fuzz       every libFuzzer target for FUZZ_SECONDS each (clang, in build-fuzz/)"
	@echo "make demo       collect from examples/ovm-host into demo/"
	@echo "make lint       cppcheck and clang-tidy"
	@echo "make bench      collect, scan and analyze against tar, grep and rg (BENCH_SIZE=$(BENCH_SIZE))"
	@echo "make memcheck   the demo's commands under valgrind"
	@echo "make xen-test   boot a real Xen 4.17 dom0 under qemu and test ovmdiag in it (root)"
	@echo "make xen-golden copy the last xen-test bundle and facts to tests/golden/xen-4.17/"
	@echo "make install    PREFIX=$(PREFIX) DESTDIR=$(DESTDIR)"

$(BIN): $(CLI_OBJ) $(B)/libovmdiag.a
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(B)/libovmdiag.a $(LIBS)

$(B)/libovmdiag.a: $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# The generated files depend on the lists of plugins and rules too, so that removing a rule or
# an analyzer regenerates them (a list file is rewritten only when the list changes).
LISTS := $(shell mkdir -p $(B)/gen && \
	echo '$(PLUGINS)' | cmp -s - $(B)/gen/plugins.list || echo '$(PLUGINS)' > $(B)/gen/plugins.list; \
	echo '$(RULES)' | cmp -s - $(B)/gen/rules.list || echo '$(RULES)' > $(B)/gen/rules.list)

# Xen's public headers use anonymous unions, which they only accept from GNU C.
$(B)/collector/collect-xenctrl.o: STD := gnu11

$(B)/gen/registry.c: $(PLUGINS) $(B)/gen/plugins.list tools/gen-registry.sh
	@mkdir -p $(dir $@)
	sh tools/gen-registry.sh $(PLUGINS) > $@.tmp && mv $@.tmp $@

$(B)/gen/registry.o: $(B)/gen/registry.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# The rules are data compiled into the binary; --rules DIR adds to them at run time.
$(B)/gen/rules.c: $(RULES) $(B)/gen/rules.list tools/embed-rules.sh
	@mkdir -p $(dir $@)
	sh tools/embed-rules.sh $(RULES) > $@.tmp && mv $@.tmp $@

$(B)/gen/rules.o: $(B)/gen/rules.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/tests/%: tests/unit/%.c $(TEST_HELPER_OBJ) $(B)/libovmdiag.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(shell $(PKG_CONFIG) --cflags $(TEST_PKGS)) $(LDFLAGS) -o $@ $< \
	    $(TEST_HELPER_OBJ) $(B)/libovmdiag.a $(LIBS) $(TEST_LIBS)

# Keep the targets' objects (make would delete them as intermediates of the pattern rules).
.SECONDARY: $(FUZZ_TARGETS:%=$(B)/tests/fuzz/fuzz-%.o)

$(B)/fuzz/replay-%: $(B)/tests/fuzz/fuzz-%.o $(B)/tests/fuzz/replay.o $(FUZZ_COMMON) $(B)/libovmdiag.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

$(B)/fuzz/fuzz-%: $(B)/tests/fuzz/fuzz-%.o $(FUZZ_COMMON) $(B)/libovmdiag.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -fsanitize=fuzzer,address,undefined -o $@ $^ $(LIBS)

# Installs what is missing (apt-get; sudo when not root). A no-op when everything is there.
deps:
	@sh scripts/install-deps.sh --if-missing

deps-check:
	@sh scripts/install-deps.sh --check

unit: $(TEST_BIN)
	@sh tests/run-unit.sh $(TEST_BIN)

integration: $(BIN)
	@sh tests/integration/run.sh $(BIN)

check: deps
	@$(MAKE) --no-print-directory test-run

test-run: $(BIN) $(TEST_BIN) $(FUZZ_REPLAY)
	@sh tests/run-unit.sh $(TEST_BIN)
	@sh tests/fuzz/replay.sh $(B)/fuzz
	@./$(BIN) rules check >/dev/null
	@./$(BIN) rules test > $(B)/rules-test.log || { cat $(B)/rules-test.log; exit 1; }
	@tail -n 1 $(B)/rules-test.log
	@sh tests/integration/run.sh $(BIN)

SAN_FLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
sanitize: deps
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    $(MAKE) --no-print-directory B=build-san BIN=build-san/ovmdiag CFLAGS="$(SAN_FLAGS)" \
	    LDFLAGS="-fsanitize=address,undefined" test-run

# ThreadSanitizer over the unit tests of the code that runs threads (the log scan's workers,
# the block queue, the bundle's compressor and the .tar.gz reader, the command pool, the jq
# compile thread): their own tree; TSAN_TESTS picks the suites.
TSAN_TESTS ?= logscan blockq bundle bgzip source collect expr forkguard run
tsan: deps
	@$(MAKE) --no-print-directory B=build-tsan BIN=build-tsan/ovmdiag STD=gnu11 \
	    CFLAGS="-O1 -g -fsanitize=thread" LDFLAGS="-fsanitize=thread" \
	    $(TSAN_TESTS:%=build-tsan/tests/test-%)
	@TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 sh tests/run-unit.sh \
	    $(TSAN_TESTS:%=build-tsan/tests/test-%)

# libFuzzer: clang, its own tree; the library is instrumented (fuzzer-no-link), the targets link
# libFuzzer's main. FUZZ_JOBS targets run at a time (each one process); CI uses 60 s each.
FUZZ_B       ?= build-fuzz
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_JOBS    ?= 1
FUZZ_CFLAGS  := -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined \
                -fno-sanitize-recover=all -Wno-unknown-warning-option
fuzz-build:
	@$(MAKE) --no-print-directory B=$(FUZZ_B) CC=$(FUZZ_CC) CFLAGS="$(FUZZ_CFLAGS)" WERROR=0 \
	    LDFLAGS="-fsanitize=address,undefined" fuzz-bins

fuzz-bins: $(FUZZ_TARGETS:%=$(B)/fuzz/fuzz-%)

fuzz: fuzz-build $(BIN)
	@FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_JOBS=$(FUZZ_JOBS) sh tests/fuzz/run.sh $(FUZZ_B) ./$(BIN) \
	    $(FUZZ_TARGETS)

DEMO_DIR := demo
demo: deps
	@$(MAKE) --no-print-directory all
	@sh examples/ovm-host/make-disks.sh
	@mkdir -p $(DEMO_DIR)
	@rm -f $(DEMO_DIR)/ovm-host.tar.gz $(DEMO_DIR)/ovm-host.tar.gz.sha256
	PATH="$(CURDIR)/examples/ovm-host/bin" ./ovmdiag collect -q --sysroot examples/ovm-host/root \
	    -o $(DEMO_DIR)/ovm-host.tar.gz
	./ovmdiag facts $(DEMO_DIR)/ovm-host.tar.gz > $(DEMO_DIR)/facts.json
	./ovmdiag analyze $(DEMO_DIR)/ovm-host.tar.gz -o $(DEMO_DIR)/report.json
	./ovmdiag analyze $(DEMO_DIR)/ovm-host.tar.gz -o $(DEMO_DIR)/report.html
	@./ovmdiag analyze $(DEMO_DIR)/ovm-host.tar.gz --no-color | sed -n '1,4p'
	@echo "demo: bundle  $(CURDIR)/$(DEMO_DIR)/ovm-host.tar.gz (+ .sha256)"
	@echo "demo: facts   $(CURDIR)/$(DEMO_DIR)/facts.json"
	@echo "demo: reports $(CURDIR)/$(DEMO_DIR)/report.html (open it in a browser)"
	@echo "              $(CURDIR)/$(DEMO_DIR)/report.json"

# Static analysis: cppcheck and clang-tidy (.clang-tidy says which checks and why some are off).
# unknownMacro: json-c's json_object_object_foreach; cppcheck does not read system headers.
LINT_CFLAGS = -std=$(STD) -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -I. -I$(B)/gen $(XEN_CPPFLAGS) $(DEFLATE_CPPFLAGS) \
              -DOVMDIAG_VERSION='"$(VERSION)"' $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
lint: $(B)/gen/registry.c $(B)/gen/rules.c
	@command -v cppcheck >/dev/null && command -v clang-tidy >/dev/null || \
	    { echo "make lint needs cppcheck and clang-tidy (apt-get install cppcheck clang-tidy)"; exit 1; }
	cppcheck --error-exitcode=1 --enable=warning,portability,performance --std=c11 --inline-suppr \
	    --quiet -I. -I$(B)/gen --suppress=missingIncludeSystem --suppress=unknownMacro -D__GNUC__ \
	    lib collector analyzers engine reports cli
	@sh tools/compile-db.sh $(B)/compile_commands.json $(subst -std=$(STD),-std=gnu11,$(LINT_CFLAGS)) -- \
	    $(LINT_CFLAGS) -- $(LIB_SRC) $(CLI_SRC)
	@echo "clang-tidy: $(words $(LIB_SRC) $(CLI_SRC)) files"
	@printf '%s\n' $(LIB_SRC) $(CLI_SRC) | xargs -P2 -n6 clang-tidy -quiet -p $(B) \
	    > $(B)/lint-tidy.log 2>&1; rc=$$?; grep -v 'warnings\? generated' $(B)/lint-tidy.log; exit $$rc
	@echo "lint: clean"

# Valgrind memcheck over what `make demo` runs: 0 errors and 0 bytes definitely lost, or it fails.
# pcre2's JIT code is invisible to memcheck (every branch in it looks uninitialised): the
# patterns run in pcre2's interpreter here, the same matches more slowly. A forked child (a
# file read that may hang, a command before its exec) ends with _exit() and leaves the parent's
# heap to the kernel: its leak report is noise, so valgrind stays silent after a fork.
VALGRIND = OVMDIAG_NO_JIT=1 $(shell command -v valgrind) -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite \
           --show-leak-kinds=definite --trace-children=no --child-silent-after-fork=yes
memcheck: all
	@command -v valgrind >/dev/null || { echo "make memcheck needs valgrind"; exit 1; }
	@sh examples/ovm-host/make-disks.sh
	@mkdir -p $(B)/memcheck
	PATH="$(CURDIR)/examples/ovm-host/bin" $(VALGRIND) ./ovmdiag collect -q --sysroot examples/ovm-host/root \
	    -o $(B)/memcheck/b.tar.gz >/dev/null
	$(VALGRIND) ./ovmdiag facts $(B)/memcheck/b.tar.gz >/dev/null
	$(VALGRIND) ./ovmdiag analyze $(B)/memcheck/b.tar.gz -o $(B)/memcheck/report.json
	$(VALGRIND) ./ovmdiag analyze $(B)/memcheck/b.tar.gz -o $(B)/memcheck/report.html
	$(VALGRIND) ./ovmdiag analyze $(B)/memcheck/b.tar.gz --format text >/dev/null
	@rm -rf $(B)/memcheck/x && mkdir -p $(B)/memcheck/x && tar -xzf $(B)/memcheck/b.tar.gz -C $(B)/memcheck/x
	$(VALGRIND) ./ovmdiag analyze $(B)/memcheck/x -o $(B)/memcheck/report-dir.json
	@echo "memcheck: 0 errors, 0 bytes definitely lost"

# A real Xen dom0 under qemu (docs/testing.md). SKIPPED (exit 0) when it cannot boot here.
XEN_RESULTS ?= $(B)/xen
xen-test: $(BIN)
	@OVMDIAG_XEN_RESULTS="$(abspath $(XEN_RESULTS))" bash tests/xen/run.sh $(BIN)

xen-golden: $(BIN)
	@sh tests/xen/golden.sh "$(XEN_RESULTS)/run" $(BIN) tests/golden/xen-4.17

install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 0755 $(BIN) $(DESTDIR)$(PREFIX)/bin/ovmdiag
	install -m 0644 docs/ovmdiag.1 $(DESTDIR)$(PREFIX)/share/man/man1/ovmdiag.1

clean:
	rm -rf build build-san build-fuzz ovmdiag $(DEMO_DIR)

-include $(shell find $(B) -name '*.d' 2>/dev/null)

# make bench: docs/performance.md. Long (minutes) and noisy, so never part of make check; exits 1
# when a target is missed. BENCH_SIZE is the log volume (K, M or G); the work tree is $(B)/bench.
BENCH_SIZE ?= 256M
BENCH_REPEATS ?= 3
$(B)/bench/scan-bench: bench/scan-bench.c $(B)/libovmdiag.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(B)/libovmdiag.a $(LIBS)

$(B)/bench/gen-dom0: bench/gen-dom0.c
	@mkdir -p $(dir $@)
	$(CC) -std=$(STD) -D_DEFAULT_SOURCE -O2 -Wall -Wextra $(if $(filter 1,$(WERROR)),-Werror) -o $@ $<

bench: $(BIN) $(B)/bench/scan-bench $(B)/bench/gen-dom0
	@sh scripts/install-deps.sh --with-bench --if-missing
	BENCH_REPEATS=$(BENCH_REPEATS) python3 bench/run.py ./$(BIN) $(B)/bench/scan-bench \
	    $(B)/bench/gen-dom0 $(BENCH_SIZE) $(B)/bench/work-$(BENCH_SIZE)
