/*
 * syscall.h -- system call numbers, the one list both sides are built from.
 * The kernel's dispatch table (syscall.c) is indexed by these; the user stubs
 * (build/guestos/user/usys.S) are generated from this file by
 * guestos/usys.sh, so a new call is one line here and one handler.
 * Keep the form "#define SYS_name number": the script reads it.
 */
#ifndef GUEST_SYSCALL_H
#define GUEST_SYSCALL_H

#define SYS_fork       1
#define SYS_exit       2
#define SYS_waitpid    3
#define SYS_kill       4
#define SYS_getpid     5
#define SYS_sbrk       6
#define SYS_sleep      7
#define SYS_uptime     8
#define SYS_read       9
#define SYS_write     10
#define SYS_exec      11
#define SYS_spawn     12
#define SYS_persist   13
#define SYS_procinfo  14
#define SYS_poolinfo  15
#define SYS_bootconf  16
#define SYS_progname  17
#define SYS_reqrecv   18
#define SYS_reqreply  19
#define SYS_clock     20
#define SYS_shutdown  21
#define SYS_mark      22
#define SYS_bugdrv    23
#define SYS_bugstrikes 24
#define SYS_diskread  25
#define SYS_diskwrite 26
#define SYS_diskflush 27
#define SYS_disksize  28
#define SYS_reqtry    29

#endif
