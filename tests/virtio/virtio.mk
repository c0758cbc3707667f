# tests/virtio -- the virtio block device (sim/devices/virtio_blk.c,
# docs/disk.md), driven by bare-metal programs: basic.elf against QEMU's
# virtio-blk-device (consoles and image files must match), misprog.elf for
# the guest-error reports, cut.elf for what a power cut does to completed
# and queued writes, and a SIGKILL during writes.  `make test-virtio` runs
# tests/virtio/run.sh, whose header lists the checks (docs/disk.md is the
# specification).

VIRTIO_TEST_DIR   := tests/virtio
VIRTIO_TEST_BUILD := $(BUILD)/tests/virtio
VIRTIO_TEST_ELFS  := $(addprefix $(VIRTIO_TEST_BUILD)/, basic.elf misprog.elf cut.elf stream.elf)
VIRTIO_TEST_LDFLAGS := -T $(VIRTIO_TEST_DIR)/link.ld -Wl,--no-warn-rwx-segments

$(VIRTIO_TEST_BUILD)/%.elf: $(VIRTIO_TEST_DIR)/%.c $(VIRTIO_TEST_DIR)/crt0.S \
                            $(VIRTIO_TEST_DIR)/vblk.h $(VIRTIO_TEST_DIR)/link.ld
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  RVCC    $@")
	$(Q)$(RV_CC) $(RV_CFLAGS) -MF $@.d $(VIRTIO_TEST_LDFLAGS) \
	    $(VIRTIO_TEST_DIR)/crt0.S $< -o $@

.PHONY: test-virtio virtio-elfs
TEST_TARGETS += test-virtio
virtio-elfs: $(VIRTIO_TEST_ELFS)

test-virtio: $(SIMSCM) $(VIRTIO_TEST_ELFS)
	@echo "== test-virtio: tests/virtio on simscm and $(QEMU)"
	@$(VIRTIO_TEST_DIR)/run.sh $(SIMSCM) $(VIRTIO_TEST_BUILD) $(QEMU)

-include $(VIRTIO_TEST_ELFS:=.d)
