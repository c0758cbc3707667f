/*
 * crt.S -- start-up, trap handlers and check helpers shared by every
 * tests/isa program.  See test.h for the model (check groups, trap log,
 * RUN_IN/BACK_TO_M); this file is the machinery behind those macros.
 *
 * Console output goes to the 16550 UART's THR once LSR.THRE says it is
 * empty; the program ends by writing the sifive_test finisher, which both
 * QEMU and simscm turn into their own exit code.
 */
#include "test.h"

#define UART_THR 0
#define UART_LSR 5
#define LSR_THRE 0x20
#define FRAME    256                /* x0..x31, slot i holds xi */

/* Save / restore every register but x0 and sp at FRAME-sized sp. */
.macro SAVE_REGS
    .irp n, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    sd x\n, (\n*8)(sp)
    .endr
.endm
.macro RESTORE_REGS
    .irp n, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    ld x\n, (\n*8)(sp)
    .endr
.endm

    .section .text.start, "ax"
    .globl _start
_start:
    .option push
    .option norvc
    la sp, fw_stack_top
    /* DRAM may start with garbage in it (simscm fills it so): clear .bss. */
    la t0, _bss_start
    la t1, _bss_end
1:  bgeu t0, t1, 2f
    sd zero, 0(t0)
    addi t0, t0, 8
    j 1b
2:  la t0, fw_trap_m
    csrw mtvec, t0
    la t0, fw_mframe_top
    csrw mscratch, t0
    la t0, fw_trap_s
    csrw stvec, t0
    la t0, fw_sframe_top
    csrw sscratch, t0
    /* With PMP implemented and no entry matching, S and U may touch no
     * memory at all (QEMU enforces this): open everything with one NAPOT
     * entry covering the whole address space. */
    li t0, -1
    srli t0, t0, 10
    csrw pmpaddr0, t0
    li t0, 0x1f                     /* A=NAPOT, X, W, R */
    csrw pmpcfg0, t0
    li s9, 0
    li s10, 0
    j test_main
    .option pop

    .text
/* ---------------------------------------------------------------- M trap */
    .balign 4
    .globl fw_trap_m
fw_trap_m:
    csrrw sp, mscratch, sp
    addi sp, sp, -FRAME
    SAVE_REGS
    csrr t0, mscratch
    sd t0, 16(sp)
    csrr t0, mcause
    csrr t1, mepc
    csrr t2, mtval
    csrr t3, mstatus
    srli t3, t3, 11
    andi t3, t3, 3                  /* MPP: where the trap came from */
    bltz t0, .Lm_interrupt
    li t4, CAUSE_ECALL_U
    beq t0, t4, .Lm_ecall_low
    li t4, CAUSE_ECALL_S
    beq t0, t4, .Lm_ecall_low
    li t4, CAUSE_BREAKPOINT         /* the S handler's way up when S's */
    bne t0, t4, .Lm_exception       /* own ecalls are delegated to S */
    li t4, MODE_M
    beq t3, t4, .Lm_exception
.Lm_ecall_low:
    ld t4, (17*8)(sp)               /* a7 of the trapped code */
    li t5, BACK_MAGIC
    beq t4, t5, .Lm_back
    li t5, FATAL_MAGIC
    beq t4, t5, .Lm_fatal_from_s
.Lm_exception:
    mv a0, t0
    mv a1, t1
    mv a2, t2
    li a3, MODE_M
    mv a4, t3
    call fw_log
    /* Fetch faults resume at ra (tests provoke them with jalr ra, ...):
     * there is no instruction at epc to step over. */
    beqz t0, .Lm_resume_ra
    li t4, CAUSE_FETCH_ACCESS
    beq t0, t4, .Lm_resume_ra
    li t4, CAUSE_FETCH_PAGE
    beq t0, t4, .Lm_resume_ra
    lhu t4, 0(t1)
    andi t4, t4, 3
    li t5, 3
    addi t1, t1, 2
    bne t4, t5, 1f
    addi t1, t1, 2
1:  csrw mepc, t1
    j .Lm_restore
.Lm_resume_ra:
    ld t4, 8(sp)
    csrw mepc, t4
    j .Lm_restore
.Lm_interrupt:
    mv a0, t0
    mv a1, t1
    mv a2, t2
    li a3, MODE_M
    mv a4, t3
    call fw_log
    andi t4, t0, 63
    li t5, 1
    sll t5, t5, t4
    csrc mie, t5                    /* logged once; the test re-arms it */
    j .Lm_restore
.Lm_back:
    /* End of RUN_IN code: back to M after the RUN_IN, keeping the lower
     * mode's registers except the ones RUN_IN saved.  s7, s9 and s10 carry
     * on as the lower mode left them, so checks made there still count. */
    la t4, fw_mctx
    ld t5, 0(t4)
    sd t5, (1*8)(sp)
    ld t5, 8(t4)
    sd t5, (2*8)(sp)
    ld t5, 16(t4)
    sd t5, (3*8)(sp)
    ld t5, 24(t4)
    sd t5, (4*8)(sp)
    ld t5, 32(t4)
    sd t5, (22*8)(sp)
    csrw mepc, t5
    ld t5, 64(t4)
    sd t5, (27*8)(sp)
    sd zero, (17*8)(sp)             /* a7: no magic left lying around */
    li t5, MSTATUS_MPP
    csrs mstatus, t5
    li t5, MSTATUS_MPIE
    csrc mstatus, t5
    ld t6, 72(t4)                   /* MPIE to restore M's MIE as it was */
    csrs mstatus, t6
.Lm_restore:
    addi t0, sp, FRAME
    csrw mscratch, t0
    RESTORE_REGS
    ld sp, 16(sp)
    mret
.Lm_fatal_from_s:
    la a0, fw_msg_storm
    call fw_puts
    addi s10, s10, 1
    j fw_finish

/* ---------------------------------------------------------------- S trap */
    .balign 4
    .globl fw_trap_s
fw_trap_s:
    csrrw sp, sscratch, sp
    addi sp, sp, -FRAME
    SAVE_REGS
    csrr t0, sscratch
    sd t0, 16(sp)
    csrr t0, scause
    csrr t1, sepc
    csrr t2, stval
    csrr t3, sstatus
    srli t3, t3, 8
    andi t3, t3, 1                  /* SPP */
    bltz t0, .Ls_interrupt
    addi t4, t0, -CAUSE_ECALL_U
    li t5, 1
    bgtu t4, t5, .Ls_exception      /* not an ecall from U or S */
    ld t4, (17*8)(sp)
    li t5, BACK_MAGIC
    beq t4, t5, .Ls_forward
.Ls_exception:
    mv a0, t0
    mv a1, t1
    mv a2, t2
    li a3, MODE_S
    mv a4, t3
    call fw_log
    beqz t0, .Ls_resume_ra
    li t4, CAUSE_FETCH_ACCESS
    beq t0, t4, .Ls_resume_ra
    li t4, CAUSE_FETCH_PAGE
    beq t0, t4, .Ls_resume_ra
    /* The instruction may sit on a user or execute-only page. */
    li t5, MSTATUS_SUM | MSTATUS_MXR
    csrrs t6, sstatus, t5
    lhu t4, 0(t1)
    csrw sstatus, t6
    andi t4, t4, 3
    li t5, 3
    addi t1, t1, 2
    bne t4, t5, 1f
    addi t1, t1, 2
1:  csrw sepc, t1
    j .Ls_restore
.Ls_resume_ra:
    ld t4, 8(sp)
    csrw sepc, t4
    j .Ls_restore
.Ls_interrupt:
    mv a0, t0
    mv a1, t1
    mv a2, t2
    li a3, MODE_S
    mv a4, t3
    call fw_log
    andi t4, t0, 63
    li t5, 1
    sll t5, t5, t4
    csrc sie, t5
.Ls_restore:
    addi t0, sp, FRAME
    csrw sscratch, t0
    RESTORE_REGS
    ld sp, 16(sp)
    sret
.Ls_forward:
    /* BACK_TO_M with the ecall delegated to S: pass it on to M with the
     * lower mode's registers in place -- by ecall from U's, and by ebreak
     * from S's own (an ecall from S would come straight back here). */
    addi t2, t0, -CAUSE_ECALL_S     /* 0: S's own ecall */
    addi t0, sp, FRAME
    csrw sscratch, t0
    beqz t2, 1f
    RESTORE_REGS
    ld sp, 16(sp)
    ecall
1:  RESTORE_REGS
    ld sp, 16(sp)
    ebreak

/* fw_log(a0 cause, a1 epc, a2 tval, a3 handling mode, a4 previous mode):
 * append to the trap log.  Clobbers t4-t6. */
fw_log:
    la t4, fw_trap_count
    ld t5, 0(t4)
    li t6, TRAP_LOG_MAX
    bgeu t5, t6, .Llog_storm
    addi t6, t5, 1
    sd t6, 0(t4)
    slli t5, t5, 5
    la t4, fw_trap_log
    add t4, t4, t5
    sd a0, 0(t4)
    sd a1, 8(t4)
    sd a2, 16(t4)
    slli t5, a3, 8
    or t5, t5, a4
    sd t5, 24(t4)
    ret
.Llog_storm:
    /* A trap keeps coming back: stop rather than spin until the timeout.
     * From S the console may not be mapped, so let M say it. */
    li t5, MODE_S
    bne a3, t5, 1f
    li a7, FATAL_MAGIC
    ecall
1:  mv s0, a0
    mv s1, a1
    la a0, fw_msg_storm
    call fw_puts
    la a0, fw_msg_cause
    call fw_puts
    mv a0, s0
    call fw_puthex
    la a0, fw_msg_epc
    call fw_puts
    mv a0, s1
    call fw_puthex
    li a0, '\n'
    call fw_putc
    addi s10, s10, 1
    j fw_finish

/* ------------------------------------------------------- RUN_IN support */
    .globl fw_run_in
fw_run_in:
    la s8, fw_mctx
    sd ra, 0(s8)
    sd sp, 8(s8)
    sd gp, 16(s8)
    sd tp, 24(s8)
    sd s6, 32(s8)
    sd s11, 64(s8)
    csrr s11, mstatus
    andi s11, s11, MSTATUS_MIE
    slli s11, s11, 4                /* MIE (bit 3) -> MPIE (bit 7) */
    sd s11, 72(s8)
    csrw mepc, s4
    li s8, MSTATUS_MPP | MSTATUS_MPIE
    csrc mstatus, s8
    csrs mstatus, s11               /* lower mode cannot see MIE; keep it */
    slli s5, s5, 11
    csrs mstatus, s5
    mret

/* ------------------------------------------------------- check helpers */
    .globl fw_group_begin
fw_group_begin:
    li s9, 0
    la s4, fw_trap_count
    ld s5, 0(s4)
    sd s5, 8(s4)                    /* earlier traps are not this group's */
    jr s6

    .globl fw_check
fw_check:
    bne s4, s5, 1f
    jr s6
1:  addi sp, sp, -FRAME
    SAVE_REGS
    la a0, fw_msg_indent
    call fw_puts
    mv a0, s7
    call fw_puts
    la a0, fw_msg_line
    call fw_puts
    mv a0, s8
    call fw_putdec
    la a0, fw_msg_got
    call fw_puts
    mv a0, s4
    call fw_puthex
    la a0, fw_msg_expected
    call fw_puts
    mv a0, s5
    call fw_puthex
    li a0, '\n'
    call fw_putc
    RESTORE_REGS
    addi sp, sp, FRAME
    addi s9, s9, 1
    jr s6

    .globl fw_trap_next
fw_trap_next:
    la s4, fw_trap_count
    ld a0, 0(s4)
    ld a1, 8(s4)
    bgeu a1, a0, 1f
    addi a0, a1, 1
    sd a0, 8(s4)
    slli a1, a1, 5
    la s5, fw_trap_log
    add s5, s5, a1
    ld a0, 0(s5)
    ld a1, 8(s5)
    ld a2, 16(s5)
    ld a4, 24(s5)
    srli a3, a4, 8
    andi a4, a4, 0xff
    jr s6
1:  li a0, -1
    li a1, -1
    li a2, -1
    li a3, -1
    li a4, -1
    jr s6

    .globl fw_group_end
fw_group_end:
    addi sp, sp, -FRAME
    SAVE_REGS
    /* Traps the group did not read were not expected. */
    la s0, fw_trap_count
1:  ld t0, 0(s0)
    ld t1, 8(s0)
    bgeu t1, t0, 2f
    addi t0, t1, 1
    sd t0, 8(s0)
    slli t1, t1, 5
    la s1, fw_trap_log
    add s1, s1, t1
    la a0, fw_msg_indent
    call fw_puts
    mv a0, s7
    call fw_puts
    la a0, fw_msg_unexpected
    call fw_puts
    ld a0, 0(s1)
    call fw_puthex
    la a0, fw_msg_epc
    call fw_puts
    ld a0, 8(s1)
    call fw_puthex
    la a0, fw_msg_tval
    call fw_puts
    ld a0, 16(s1)
    call fw_puthex
    li a0, '\n'
    call fw_putc
    addi s9, s9, 1
    sd s9, (25*8)(sp)
    j 1b
2:  mv a0, s7
    call fw_puts
    la a0, fw_msg_ok
    beqz s9, 3f
    la a0, fw_msg_fail
3:  call fw_puts
    RESTORE_REGS
    addi sp, sp, FRAME
    add s10, s10, s9
    jr s6

    .globl fw_finish
fw_finish:
    la sp, fw_stack_top
    bnez s10, 1f
    la a0, fw_msg_pass
    call fw_puts
    li t0, PLAT_FINISHER_BASE
    li t1, FINISHER_PASS
    sw t1, 0(t0)
    j .
1:  la a0, fw_msg_failed
    call fw_puts
    mv a0, s10
    call fw_putdec
    li a0, '\n'
    call fw_putc
    mv t1, s10
    li t2, 255
    bleu t1, t2, 2f
    mv t1, t2
2:  slli t1, t1, 16
    li t2, FINISHER_FAIL
    or t1, t1, t2
    li t0, PLAT_FINISHER_BASE
    sw t1, 0(t0)
    j .

/* --------------------------------------------------------------- console */
/* fw_putc(a0): clobbers t0, t1. */
    .globl fw_putc
fw_putc:
    li t0, PLAT_UART0_BASE
1:  lbu t1, UART_LSR(t0)
    andi t1, t1, LSR_THRE
    beqz t1, 1b
    sb a0, UART_THR(t0)
    ret

/* fw_puts(a0 string): clobbers t0-t2, a0. */
    .globl fw_puts
fw_puts:
    mv t2, a0
    li t0, PLAT_UART0_BASE
1:  lbu a0, 0(t2)
    beqz a0, 3f
2:  lbu t1, UART_LSR(t0)
    andi t1, t1, LSR_THRE
    beqz t1, 2b
    sb a0, UART_THR(t0)
    addi t2, t2, 1
    j 1b
3:  ret

/* fw_puthex(a0): "0x" and 16 hex digits.  Clobbers t0-t3, a0. */
    .globl fw_puthex
fw_puthex:
    mv t2, a0
    li t0, PLAT_UART0_BASE
    li a0, '0'
    li t3, 'x'
1:  lbu t1, UART_LSR(t0)
    andi t1, t1, LSR_THRE
    beqz t1, 1b
    sb a0, UART_THR(t0)
2:  lbu t1, UART_LSR(t0)
    andi t1, t1, LSR_THRE
    beqz t1, 2b
    sb t3, UART_THR(t0)
    li t3, 60                       /* shift of the next nibble */
3:  srl a0, t2, t3
    andi a0, a0, 15
    addi a0, a0, '0'
    li t1, '9'
    bleu a0, t1, 4f
    addi a0, a0, 'a' - '0' - 10
4:  lbu t1, UART_LSR(t0)
    andi t1, t1, LSR_THRE
    beqz t1, 4b
    sb a0, UART_THR(t0)
    addi t3, t3, -4
    bgez t3, 3b
    ret

/* fw_putdec(a0): unsigned decimal.  Clobbers t0-t3, a0; uses 32 bytes of stack. */
    .globl fw_putdec
fw_putdec:
    addi sp, sp, -32
    addi t2, sp, 31
    sb zero, 0(t2)
    li t3, 10
1:  remu t1, a0, t3
    divu a0, a0, t3
    addi t1, t1, '0'
    addi t2, t2, -1
    sb t1, 0(t2)
    bnez a0, 1b
    li t0, PLAT_UART0_BASE
2:  lbu a0, 0(t2)
    beqz a0, 4f
3:  lbu t1, UART_LSR(t0)
    andi t1, t1, LSR_THRE
    beqz t1, 3b
    sb a0, UART_THR(t0)
    addi t2, t2, 1
    j 2b
4:  addi sp, sp, 32
    ret

    .section .rodata
fw_msg_indent:     .asciz "  "
fw_msg_line:       .asciz " (line "
fw_msg_got:        .asciz "): got "
fw_msg_expected:   .asciz ", expected "
fw_msg_unexpected: .asciz ": unexpected trap: cause "
fw_msg_cause:      .asciz "cause "
fw_msg_epc:        .asciz " epc "
fw_msg_tval:       .asciz " tval "
fw_msg_ok:         .asciz ": ok\n"
fw_msg_fail:       .asciz ": FAIL\n"
fw_msg_pass:       .asciz "PASS\n"
fw_msg_failed:     .asciz "FAILED checks: "
fw_msg_storm:      .asciz "fatal: trap storm (over 256 traps), last "

    .bss
    .balign 16
    .globl fw_trap_count, fw_trap_seen, fw_trap_log
fw_trap_count: .dword 0
fw_trap_seen:  .dword 0
fw_trap_log:   .space 32 * TRAP_LOG_MAX
fw_mctx:       .space 96
    .balign 16
fw_mframe:     .space 2048
fw_mframe_top:
fw_sframe:     .space 2048
fw_sframe_top:
    .globl fw_stack_top
fw_stack:      .space 8192
fw_stack_top:
