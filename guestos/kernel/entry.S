# entry.S -- the first instructions, in M-mode, at the ELF entry.
#
# The machine starts every hart here with a0 = hart id and a1 = the device
# tree.  The guest runs on hart 0 alone; any other hart parks in wfi with its
# interrupts off.  Hart 0 gets the boot stack and goes on in C (start.c).

#include "param.h"

        .section .text.entry
        .globl _entry
_entry:
        bnez    a0, park
        la      sp, boot_stack_top
        call    start
park:
        wfi
        j       park

        .section .bootstack, "aw", @nobits
        .balign 16
        .globl boot_stack
boot_stack:
        .space  4096 * 4
        .globl boot_stack_top
boot_stack_top:
