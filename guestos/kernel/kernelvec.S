# kernelvec.S -- stvec while the kernel runs.  A trap in S-mode (a device or
# timer interrupt, or a kernel bug) saves the registers a C call may clobber
# on the current kernel stack, runs kerneltrap(), and returns to where it was.

        .text
        .balign 4
        .globl kernelvec
kernelvec:
        addi    sp, sp, -256
        .irp    n, 1,3,4,5,6,7,10,11,12,13,14,15,16,17,28,29,30,31
        sd      x\n, (\n * 8)(sp)
        .endr
        call    kerneltrap
        .irp    n, 1,3,4,5,6,7,10,11,12,13,14,15,16,17,28,29,30,31
        ld      x\n, (\n * 8)(sp)
        .endr
        addi    sp, sp, 256
        sret
