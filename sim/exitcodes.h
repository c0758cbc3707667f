/*
 * exitcodes.h -- what simscm's exit status means, so an experiment driver
 * can classify a run without reading its output.
 *
 *   0    the guest passed: it wrote 0x5555 to the test finisher, or the
 *        user quit with Ctrl-A x (as QEMU does)
 *   N    the guest failed with code N: it wrote (N << 16) | 0x3333 to the
 *        test finisher.  Passed through as QEMU does, so the shell sees
 *        N & 0xff; a guest may therefore produce any value, 2 and 124
 *        included -- the stats file's "exit" says which it was.
 *   2    usage, config or ELF error: nothing was simulated
 *   124  the run was cut short: --max-insns (or [sim] max_insns) or
 *        --max-time ([sim] max_time_us) was reached, or the guest waits for an interrupt that nothing can
 *        raise any more (idle forever), or the guest is stuck trapping
 *        without retiring an instruction (trap loop).  124 is timeout(1)'s code.
 *   125  simulator or host error during or after the run, e.g. the stats
 *        file or an SCM image could not be written
 */
#ifndef SIMSCM_EXITCODES_H
#define SIMSCM_EXITCODES_H

#define EXIT_PASS        0
#define EXIT_USAGE       2
#define EXIT_INSN_LIMIT  124
#define EXIT_HOST        125

#endif
