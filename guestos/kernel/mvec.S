# mvec.S -- the only M-mode trap handler: the machine timer.
#
# The CLINT timer interrupts M-mode only, but the scheduler lives in S-mode.
# So M-mode re-arms mtimecmp one tick ahead and raises a supervisor software
# interrupt, which S-mode takes as "a tick happened" (trap.c).  Nothing else
# ever traps to M-mode: start.c delegates every exception and the S-mode
# interrupts.
#
# mscratch points at struct mtimer_scratch (start.c):
#   0, 8, 16   room to save three registers
#   24         address of this hart's mtimecmp
#   32         ticks length in mtime units

        .text
        .balign 4
        .globl mtimervec
mtimervec:
        csrrw   a0, mscratch, a0
        sd      a1, 0(a0)
        sd      a2, 8(a0)
        sd      a3, 16(a0)

        ld      a1, 24(a0)              # mtimecmp += interval
        ld      a2, 32(a0)
        ld      a3, 0(a1)
        add     a3, a3, a2
        sd      a3, 0(a1)

        li      a1, 2                   # pend SSIP for S-mode
        csrs    mip, a1

        ld      a3, 16(a0)
        ld      a2, 8(a0)
        ld      a1, 0(a0)
        csrrw   a0, mscratch, a0
        mret
