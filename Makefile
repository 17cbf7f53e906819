# skjold — one non-recursive Makefile.
#   make [VARIANT=release|debug|asan]   build build/<variant>/skjold
#   make run                            install packages, build, load the example, show it
#   make test [VARIANT=asan]            install packages, build, run every test
#   make bench [SIZE=S|M|L]             benchmarks against their peers (bench/run)
VARIANT ?= release
B := build/$(VARIANT)

CC ?= cc
WARN := -std=c17 -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 \
	-Wvla -fno-common -fstack-protector-strong -Werror
# Error paths ("nodes[3].kind") are built with snprintf into bounded buffers on
# purpose: a cut path in a message is acceptable, an unbounded one is not.
WARN += -Wno-format-truncation
ifeq ($(VARIANT),release)
OPT := -O2 -g -D_FORTIFY_SOURCE=3
else ifeq ($(VARIANT),debug)
OPT := -Og -g3 -D_FORTIFY_SOURCE=3
else ifeq ($(VARIANT),asan)
OPT := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
else
$(error VARIANT must be release, debug or asan)
endif
CPPFLAGS := -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -Isrc -I$(B)/gen -MMD -MP
CFLAGS := $(WARN) $(OPT)
LDFLAGS := $(filter -fsanitize=%,$(OPT))
LIBS := -lmicrohttpd -ljansson -lsodium -lsqlite3 -lgnutls -lpthread -lm

SRC := $(wildcard src/*.c src/store/*.c)
LIBSRC := $(filter-out src/main.c,$(SRC))
OBJ := $(patsubst src/%.c,$(B)/obj/%.o,$(LIBSRC))
# The web UI: web/ as it is, plus the third-party browser files web/vendor.sh
# copies out of npm's node_modules (pinned in web/package-lock.json).
WEBFILES := $(sort $(shell find web -type f -not -path 'web/node_modules/*' -not -name 'package*.json' -not -name '*.sh' -not -name '.gitignore' 2>/dev/null))
VENDOR_STAMP := $(B)/gen/web/vendor/.stamp
EMBEDDED := $(sort $(wildcard src/store/sql/*.sql rules/*.json)) $(WEBFILES)
TESTSRC := $(wildcard tests/unit/test_*.c)
TESTBIN := $(patsubst tests/unit/%.c,$(B)/tests/%,$(TESTSRC))

.PHONY: all deps run test unit bench clean
all: $(B)/skjold

deps:
	@scripts/install-deps.sh

$(B)/embed: tools/embed.c
	@mkdir -p $(@D)
	$(CC) -std=c17 -O1 -o $@ $<

$(VENDOR_STAMP): web/vendor.sh web/package.json web/package-lock.json
	@mkdir -p $(@D)
	@web/vendor.sh $(B)/gen/web
	@touch $@

$(B)/gen/embed.c: $(B)/embed $(EMBEDDED) $(VENDOR_STAMP)
	@mkdir -p $(@D)
	$(B)/embed $@ $(EMBEDDED) $$(for f in $(B)/gen/web/vendor/*; do echo "web/vendor/$${f##*/}=$$f"; done)

$(B)/obj/gen/embed.o: $(B)/gen/embed.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(filter-out -Wmissing-prototypes,$(CFLAGS)) -c -o $@ $<

$(B)/obj/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(B)/libskjold.a: $(OBJ) $(B)/obj/gen/embed.o
	@rm -f $@
	ar rcs $@ $^

$(B)/skjold: $(B)/obj/main.o $(B)/libskjold.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

$(B)/tests/%: tests/unit/%.c $(B)/libskjold.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -Wno-missing-prototypes $(LDFLAGS) -o $@ $< $(B)/libskjold.a $(LIBS) -lcmocka

$(B)/bench_graph: bench/bench_graph.c bench/bench_util.c bench/bench_util.h $(B)/libskjold.a
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ bench/bench_graph.c bench/bench_util.c $(B)/libskjold.a $(LIBS)

$(B)/bench_sector: bench/bench_sector.c bench/bench_util.c bench/bench_util.h $(B)/libskjold.a
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ bench/bench_sector.c bench/bench_util.c $(B)/libskjold.a $(LIBS)

$(B)/bench_gen: bench/gen.c
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $<

$(B)/bench_gen_incidents: bench/gen_incidents.c
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $<

unit: $(TESTBIN)

run: deps
	@$(MAKE) --no-print-directory all
	@scripts/run-example.sh $(B)/skjold

test: deps
	@$(MAKE) --no-print-directory all unit
	@tests/run.sh $(B)

bench: deps
	@$(MAKE) --no-print-directory all $(B)/bench_graph $(B)/bench_sector $(B)/bench_gen $(B)/bench_gen_incidents
	@bench/run --build $(B) $(if $(SIZE),--size $(SIZE))

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)
