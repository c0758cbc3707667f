# swtch.S -- swtch(old, new): save the callee-saved registers of the running
# kernel thread into *old and resume the one saved in *new (struct context in
# proc.h: ra, sp, s0..s11).  The caller-saved ones are on the stack already,
# as for any call.

        .text
        .globl swtch
swtch:
        sd      ra, 0(a0)
        sd      sp, 8(a0)
        .irp    n, 0,1,2,3,4,5,6,7,8,9,10,11
        sd      s\n, (16 + \n * 8)(a0)
        .endr
        ld      ra, 0(a1)
        ld      sp, 8(a1)
        .irp    n, 0,1,2,3,4,5,6,7,8,9,10,11
        ld      s\n, (16 + \n * 8)(a1)
        .endr
        ret
