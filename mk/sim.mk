# The simulator.  Everything but main.c goes into libsim.a so the unit tests
# link the same code the command runs.  The window (sim/display/, SDL2 and
# SDL2_ttf) goes into the simscm binary only.
SIM_SRCS := $(wildcard sim/*.c sim/cpu/*.c sim/mem/*.c sim/devices/*.c)
SIM_DISPLAY_OBJS := $(patsubst %.c,$(BUILD)/%.o,$(wildcard sim/display/*.c))
SIM_LIB_SRCS := $(filter-out sim/main.c,$(SIM_SRCS))
SIM_OBJS := $(SIM_LIB_SRCS:%.c=$(BUILD)/%.o)
SIM_LIB  := $(BUILD)/libsim.a
SIMSCM   := $(BUILD)/simscm

$(BUILD)/sim/%.o: sim/%.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS) $(SDL_CFLAGS) -c $< -o $@

$(SIM_LIB): $(SIM_OBJS)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && ar rcs $@ $^

$(SIMSCM): $(BUILD)/sim/main.o $(SIM_DISPLAY_OBJS) $(SIM_LIB)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) $(SDL_LIBS)

-include $(SIM_OBJS:.o=.d) $(SIM_DISPLAY_OBJS:.o=.d) $(BUILD)/sim/main.d

