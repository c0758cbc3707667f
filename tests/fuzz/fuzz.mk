# tests/fuzz -- libFuzzer targets for the simulator's input readers: the
# config file (fuzz_config), the ELF loader (fuzz_elf) and the SCM image
# (fuzz_image).  docs/testing.md says what each covers.
#
# They are built with clang, -fsanitize=fuzzer plus ASan and UBSan, with
# -fno-sanitize-recover=all so any UBSan report stops the run; the
# simulator's sources they need are compiled again the same way under
# build/fuzz/ (the fuzzer's coverage instrumentation must be in the code
# under test).
#
#   make test-fuzz   every seed's verdict and error message (seeds.sh),
#                    then each target for FUZZ_TEST_SECONDS (5) s: in make test
#   make fuzz        each target for FUZZ_SECONDS (300) s, then the long
#                    random-instruction run (make fuzz-rand, tests/rand)
#
# Both start from the checked-in seeds (tests/fuzz/corpus/NAME/, which also
# hold the regression inputs of every bug found) and keep what they learn in
# build/fuzz/corpus/NAME/; a crash is saved as build/fuzz/crash/NAME-*.
FUZZ_CC      := clang
FUZZ_BUILD   := build/fuzz
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS  := -O1 -g -std=gnu11 -Wall -Wextra -Wno-unused-parameter -MMD -MP \
                -Iinclude -Isim -Itests/fuzz -fno-strict-aliasing -fno-omit-frame-pointer \
                $(FUZZ_SAN)
FUZZ_TARGETS := config elf image
FUZZ_BINS    := $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz_%)
# The simulator's library (what libsim.a holds), instrumented; the linker
# takes the objects the targets reach.
FUZZ_OBJS    := $(SIM_LIB_SRCS:%.c=$(FUZZ_BUILD)/%.o)
FUZZ_LIB     := $(FUZZ_BUILD)/libsim.a
FUZZ_SECONDS ?= 300
FUZZ_TEST_SECONDS ?= 5

$(FUZZ_BUILD)/sim/%.o: sim/%.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  FUZZCC  $<")
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) $(SDL_CFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

$(FUZZ_LIB): $(FUZZ_OBJS)
	$(Q)rm -f $@ && ar rcs $@ $^

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzzfile.h $(FUZZ_LIB)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  FUZZLD  $@")
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $< $(FUZZ_LIB) -o $@ $(LDLIBS) $(SDL_LIBS)

.PHONY: fuzz-bins test-fuzz fuzz
fuzz-bins: $(FUZZ_BINS)

# First every seed's verdict and message (seeds.sh, seeds.txt), then fuzzing.
test-fuzz: $(FUZZ_BINS)
	@echo "== test-fuzz: the seeds, then $(FUZZ_TARGETS) for $(FUZZ_TEST_SECONDS) s each"
	@tests/fuzz/seeds.sh $(FUZZ_BUILD) && \
	FUZZ_FRESH=1 tests/fuzz/run.sh $(FUZZ_TEST_SECONDS) $(FUZZ_BUILD) $(FUZZ_TARGETS)

fuzz: $(FUZZ_BINS)
	@echo "== fuzz: $(FUZZ_TARGETS), $(FUZZ_SECONDS) s each, then fuzz-rand"
	@tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_BUILD) $(FUZZ_TARGETS); rc=$$?; \
	$(MAKE) --no-print-directory fuzz-rand && exit $$rc

TEST_TARGETS += test-fuzz
-include $(FUZZ_OBJS:.o=.d) $(FUZZ_BINS:=.d)
