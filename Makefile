# skjold — one non-recursive Makefile.
#   make [VARIANT=release|debug|asan]   build build/<variant>/skjold
#   make run [PORT=N]                   install packages, build, load the example, serve it on 127.0.0.1:N (8080)
#   make test [VARIANT=asan]            install packages, build, run every test
#   make test DB=postgresql             the same against a throwaway PostgreSQL cluster (tests/pg/run.sh);
#                                       ONLY="word …" runs only the tests whose names contain a word
#   make bench [SIZE=S|M|L]             benchmarks against their peers (bench/run)
#   make fuzz [FUZZ_SECONDS=N]          every libFuzzer harness under ASan+UBSan (tests/fuzz/)
VARIANT ?= release
B := build/$(VARIANT)
# the database the tests run against: sqlite (a file per test) or postgresql (tests/pg/run.sh)
DB ?= sqlite
ifeq ($(filter $(DB),sqlite postgresql),)
$(error DB must be sqlite or postgresql)
endif

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
# src/ is grouped by job and platform (docs/internals/layers.md); headers are named bare ("risk.h")
SRCDIRS := core access risk incident forum app server cli doc roi
CPPFLAGS := -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -Isrc $(addprefix -Isrc/,$(SRCDIRS)) -I$(B)/gen -MMD -MP
CFLAGS := $(WARN) $(OPT)
LDFLAGS := $(filter -fsanitize=%,$(OPT))
# Documents: PDF through cairo and pango, DOCX through libzip, XLSX through libxlsxwriter (src/doc/)
DOCPKGS := pangocairo libzip xlsxwriter
DOCCFLAGS := $(shell pkg-config --cflags $(DOCPKGS) 2>/dev/null)
DOCLIBS := $(shell pkg-config --libs $(DOCPKGS) 2>/dev/null)
# PostgreSQL's client library: the second storage backend (src/store/pg.c)
PQCFLAGS := $(patsubst -I%,-isystem %,$(shell pkg-config --cflags libpq 2>/dev/null))
PQLIBS := $(or $(shell pkg-config --libs libpq 2>/dev/null),-lpq)
# the configuration file is INI, read by libinih (src/cli/config.c)
INILIBS := $(shell pkg-config --libs inih 2>/dev/null || echo -linih)
# OpenID Connect (src/access/oidc.c, src/server/oidc_provider.c), webhooks (src/app/webhook_send.c) and
# import-kitos from a URL (src/core/fetch.c): HTTP through
# libcurl, token signatures through OpenSSL's libcrypto
SSOPKGS := libcurl libcrypto
SSOLIBS := $(or $(shell pkg-config --libs $(SSOPKGS) 2>/dev/null),-lcurl -lcrypto)
# SAML 2.0 single sign-on (src/access/saml.c): Lasso, with libxml2, xmlsec and GLib under it
SAMLCFLAGS := $(patsubst -I%,-isystem %,$(shell pkg-config --cflags lasso 2>/dev/null))
SAMLLIBS := $(or $(shell pkg-config --libs lasso glib-2.0 gobject-2.0 2>/dev/null),-llasso -lgobject-2.0 -lglib-2.0)
LIBS := -lmicrohttpd -ljansson -lsodium -lsqlite3 $(PQLIBS) -lgnutls $(DOCLIBS) $(INILIBS) $(SSOLIBS) $(SAMLLIBS) -lpthread -lm

SRC := $(wildcard $(addsuffix /*.c,$(addprefix src/,$(SRCDIRS))) src/store/*.c)
LIBSRC := $(filter-out src/cli/main.c,$(SRC))
OBJ := $(patsubst src/%.c,$(B)/obj/%.o,$(LIBSRC))
# The web UI: web/ as it is, with no third-party browser code (the map is skjold's own SVG).
WEBFILES := $(sort $(shell find web -type f 2>/dev/null))
EMBEDDED := $(sort $(wildcard src/store/sql/*.sql src/store/sql/pg/*.sql rules/*.json msg/*.json formats/*/*.json)) $(WEBFILES)
TESTSRC := $(wildcard tests/unit/test_*.c)
TESTBIN := $(patsubst tests/unit/%.c,$(B)/tests/%,$(TESTSRC))
# The store contract suite (tests/store/): one program, run against the
# backend SKJOLD_TEST_DB names (default: a fresh SQLite file per case).
STORESRC := $(wildcard tests/store/*.c)
TESTBIN += $(B)/tests/test_store

.PHONY: all deps run test test-ha unit bench fuzz clean
all: $(B)/skjold

deps:
	@scripts/install-deps.sh

$(B)/embed: tools/embed.c
	@mkdir -p $(@D)
	$(CC) -std=c17 -O1 -o $@ $<

$(B)/gen/embed.c: $(B)/embed $(EMBEDDED)
	@mkdir -p $(@D)
	$(B)/embed $@ $(EMBEDDED)

$(B)/obj/gen/embed.o: $(B)/gen/embed.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(filter-out -Wmissing-prototypes,$(CFLAGS)) -c -o $@ $<

# the document back ends see the cairo, pango, libzip and libxlsxwriter headers as system headers
DOCINC := $(patsubst -I%,-isystem %,$(DOCCFLAGS))
$(B)/obj/doc/%.o: CPPFLAGS += $(DOCINC)
# the register of information's packages are zips (src/roi/xbrl_csv.c)
$(B)/obj/roi/%.o: CPPFLAGS += $(DOCINC)
$(B)/obj/store/pg.o $(B)/obj/store/pgwatch.o: CPPFLAGS += $(PQCFLAGS)
$(B)/obj/access/saml.o: CPPFLAGS += $(SAMLCFLAGS)

$(B)/obj/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(B)/libskjold.a: $(OBJ) $(B)/obj/gen/embed.o
	@rm -f $@
	ar rcs $@ $^

$(B)/skjold: $(B)/obj/cli/main.o $(B)/libskjold.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

$(B)/tests/%: tests/unit/%.c $(B)/libskjold.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -Wno-missing-prototypes $(LDFLAGS) -o $@ $< $(B)/libskjold.a $(LIBS) -lcmocka

$(B)/tests/test_store: $(STORESRC) tests/store/contract.h $(B)/libskjold.a
	@mkdir -p $(@D)
	$(CC) $(filter-out -MMD -MP,$(CPPFLAGS)) -Itests/store $(CFLAGS) -Wno-missing-prototypes $(LDFLAGS) -o $@ $(STORESRC) $(B)/libskjold.a $(LIBS) -lcmocka

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
	@$(if $(PORT),SKJOLD_LISTEN=127.0.0.1:$(PORT) )scripts/run-example.sh $(B)/skjold

test: deps
	@$(MAKE) --no-print-directory all unit
	@$(if $(filter postgresql,$(DB)),tests/pg/run.sh,tests/run.sh) $(B)

# high availability (docs/ha.md): pg_auto_failover, two servers behind haproxy, a failover under writes
test-ha: deps
	@$(MAKE) --no-print-directory all
	@tests/ha/run.sh $(B)/skjold

bench: deps
	@$(MAKE) --no-print-directory all $(B)/bench_graph $(B)/bench_sector $(B)/bench_gen $(B)/bench_gen_incidents
	@bench/run --build $(B) $(if $(SIZE),--size $(SIZE))

# ---- fuzzing (docs/internals/fuzz.md) ----
# Debian's clang builds its own objects into build/fuzz/: the library with
# coverage and ASan+UBSan, each harness linked with libFuzzer, a skjold
# binary of the same objects that builds the fixture database the
# store-backed harnesses start from.  tests/fuzz/run.sh runs each harness
# for FUZZ_SECONDS on a copy of its corpus and fails on any finding.
# The gcc builds hold -Werror; clang warns about other things (vsnprintf on a
# va_list, an empty format), so here the warnings are shown, not fatal.
FUZZ_SECONDS ?= 60
FB := build/fuzz
$(FB)/obj/doc/%.o: CPPFLAGS += $(DOCINC)
$(FB)/obj/roi/%.o: CPPFLAGS += $(DOCINC)
$(FB)/obj/store/pg.o $(FB)/obj/store/pgwatch.o: CPPFLAGS += $(PQCFLAGS)
$(FB)/obj/access/saml.o: CPPFLAGS += $(SAMLCFLAGS)
FUZZ_CC := clang
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS := $(filter-out -Werror,$(WARN)) -Wno-unknown-warning-option -O1 -g $(FUZZ_SAN) -fsanitize=fuzzer-no-link
FUZZ_OBJ := $(patsubst src/%.c,$(FB)/obj/%.o,$(LIBSRC)) $(FB)/obj/gen/embed.o
FUZZ_NAMES := $(patsubst tests/fuzz/fuzz_%.c,%,$(filter-out tests/fuzz/fuzz_common.c,$(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_BIN := $(patsubst %,$(FB)/fuzz_%,$(FUZZ_NAMES))

$(FB)/obj/gen/embed.o: $(B)/gen/embed.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) $(filter-out -Wmissing-prototypes,$(FUZZ_CFLAGS)) -c -o $@ $<

$(FB)/obj/%.o: src/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -c -o $@ $<

$(FB)/libskjold.a: $(FUZZ_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(FB)/skjold: $(FB)/obj/cli/main.o $(FB)/libskjold.a
	$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer-no-link -o $@ $^ $(LIBS)

$(FB)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_common.c tests/fuzz/fuzz.h $(FB)/libskjold.a
	$(FUZZ_CC) $(filter-out -MMD -MP,$(CPPFLAGS)) $(FUZZ_CFLAGS) -Werror -fsanitize=fuzzer -o $@ $< tests/fuzz/fuzz_common.c \
		$(FB)/libskjold.a $(LIBS)

$(FB)/fixture.db: $(FB)/skjold tests/fuzz/fixture.sh scripts/example-forum.sh $(wildcard examples/*.json examples/forum/*.json)
	@tests/fuzz/fixture.sh $(FB)/skjold $@

fuzz: deps
	@$(MAKE) --no-print-directory $(FUZZ_BIN) $(FB)/fixture.db
	@tests/fuzz/run.sh $(FB) $(FUZZ_SECONDS) $(FUZZ_NAMES)

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)
