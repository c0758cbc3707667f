/*
 * user.h -- everything a guest program can call: the system calls (stubs
 * generated into usys.S from kernel/syscall.h) and the user library
 * (ulib.c, printf.c, umalloc.c).  Failing calls return a negative E_* code
 * (kernel/uapi.h); errstr() turns one into words.
 */
#ifndef GUEST_USER_H
#define GUEST_USER_H

#include "kernel/types.h"
#include "kernel/uapi.h"
#include "platform.h"

#define NORETURN __attribute__((noreturn))

/* System calls */
int    fork(void);
void   exit(int status) NORETURN;
int    waitpid(int pid, int *status, int flags);
int    kill(int pid);
int    getpid(void);
char  *sbrk(long n);                    /* old break, or an E_* code as a pointer */
int    sleep(int ticks);                /* one tick is TICK_US (1 ms) */
uint64 uptime(void);                    /* ticks since boot */
int    read(int fd, void *buf, int n);
int    write(int fd, const void *buf, int n);
int    exec(const char *prog, char **argv);
int    spawn(const char *prog, char **argv, int persist);
int    persist(int pid, int on);        /* pid 0: the caller */
int    procinfo(struct procinfo *buf, int max);
int    poolinfo(struct poolinfo *pi);
int    bootconf(struct bootconf *bc);
int    progname(int i, char *buf, int n);
int    reqrecv(struct kvreq *req);
int    reqreply(uint32 seq, uint32 status, uint64 val);
uint64 clock(void);                     /* simulated microseconds since boot */
int    mark(int what, uint64 arg);      /* report MARK_FAULT or MARK_USER to the event log */
int    bugdrv(int what);                /* the buggy driver (BUGDRV_*): the bug catalogue */
int    bugstrikes(int id);              /* does bug id strike now? (the simulator decides) */
int    diskread(uint64 sector, void *buf, int n);         /* n: multiple of 512, <= 4096 */
int    diskwrite(uint64 sector, const void *buf, int n);
int    diskflush(void);                 /* what was written is durable */
uint64 disksize(void);                  /* in 512-byte sectors; 0: no disk */
int    reqtry(struct kvreq *r);         /* reqrecv without waiting: E_AGAIN if none */
void   shutdown(int code) NORETURN;

/* ulib.c */
int    wait(int *status);
uint64 strlen(const char *s);
int    strcmp(const char *a, const char *b);
int    strncmp(const char *a, const char *b, uint64 n);
char  *strcpy(char *dst, const char *src);
char  *strchr(const char *s, int c);
void  *memset(void *dst, int c, uint64 n);
void  *memmove(void *dst, const void *src, uint64 n);
void  *memcpy(void *dst, const void *src, uint64 n);
int    memcmp(const void *a, const void *b, uint64 n);
int    isdigit(int c);
int    isspace(int c);
int    atoi(const char *s);
int    parse_int(const char *s, long *out);     /* 0 if s is a whole decimal number */
int    parse_range(const char *s, long min, long max, long *out);   /* decimal in [min, max] */
int    readline(char *buf, int max);            /* one console line, NUL-terminated */
#define READLINE_TOOLONG (-2)                   /* readline: line dropped, too long */
const char *errstr(int err);
uint64 clock_ms(void);

/* printf.c */
int    printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int    fprintf(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int    snprintf(char *buf, int n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* umalloc.c */
void  *malloc(uint64 n);
void   free(void *p);
void  *calloc(uint64 n, uint64 size);

#endif
