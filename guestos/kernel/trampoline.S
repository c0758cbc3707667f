# trampoline.S -- the page that crosses between user and kernel address
# spaces.  vm.c maps it at TRAMPOLINE in the kernel's table and in every
# process's table, so the instructions around the satp switch are at the same
# address on both sides of it.
#
# uservec:  stvec while in user mode.  Save every user register into the
#           trap frame (mapped at TRAPFRAME in the user table), load the
#           kernel stack, table and usertrap() from the frame, switch, jump.
# userret:  called by usertrapret() with a0 = the user satp.  Switch tables,
#           reload every user register from the frame, sret.
#
# Frame layout (struct trapframe in proc.h): register xN at 8*N, then
# epc 256, kernel_satp 264, kernel_sp 272, kernel_trap 280.

#include "memlayout.h"

#define TF_EPC          256
#define TF_KSATP        264
#define TF_KSP          272
#define TF_KTRAP        280

        .section .trampsec, "ax"
        .balign 4
        .globl uservec
uservec:
        csrw    sscratch, a0            # a0 is the one register we need first
        li      a0, TRAPFRAME
        .irp    n, 1,2,3,4,5,6,7,8,9,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
        sd      x\n, (\n * 8)(a0)
        .endr
        csrr    t0, sscratch
        sd      t0, (10 * 8)(a0)
        csrr    t0, sepc
        sd      t0, TF_EPC(a0)

        ld      sp, TF_KSP(a0)
        ld      t0, TF_KTRAP(a0)
        ld      t1, TF_KSATP(a0)
        sfence.vma zero, zero
        csrw    satp, t1
        sfence.vma zero, zero
        jr      t0                      # usertrap(), which does not return

        .globl userret
userret:
        sfence.vma zero, zero
        csrw    satp, a0
        sfence.vma zero, zero
        li      a0, TRAPFRAME
        .irp    n, 1,2,3,4,5,6,7,8,9,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
        ld      x\n, (\n * 8)(a0)
        .endr
        ld      a0, (10 * 8)(a0)
        sret
