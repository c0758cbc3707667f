/*
 * exec.c -- loading a program from the program store into a process.
 *
 * The new image is built in a fresh page table from the process's pool and
 * only replaces the old one once everything succeeded, so a failed exec
 * (no such program, a bad ELF file, a pool out of pages) leaves the caller
 * as it was, with an error to report.
 *
 * User address space, from 0 up:
 *   program segments (as linked, page aligned), one unmapped guard page,
 *   USTACK_PAGES of stack (argv strings and pointers at its top),
 *   then the heap, which sbrk grows from p->sz.
 */
#include "types.h"
#include "param.h"
#include "riscv.h"
#include "memlayout.h"
#include "spinlock.h"
#include "proc.h"
#include "elf.h"
#include "defs.h"

/* Copy n bytes to user address va of pt, ignoring page permissions (the
 * text is read-only to the program but the loader must fill it). */
static int load_bytes(pagetable_t pt, uint64 va, const uint8 *src, uint64 n)
{
    while (n > 0) {
        uint64 va0 = PGROUNDDOWN(va);
        pte_t *pte = walk(pt, va0, 0, 0);
        if (!pte || !(*pte & PTE_V))
            return E_BADPROG;
        uint64 k = PGSIZE - (va - va0);
        if (k > n)
            k = n;
        memmove((void *)(PTE2PA(*pte) + (va - va0)), src, k);
        va += k;
        src += k;
        n -= k;
    }
    return 0;
}

static int perm_of(uint32 flags)
{
    int perm = 0;

    if (flags & PF_R)
        perm |= PTE_R;
    if (flags & PF_W)
        perm |= PTE_W;
    if (flags & PF_X)
        perm |= PTE_X;
    return perm;
}

/* Load the segments of the ELF file; *sz is the end of the highest one. */
static int load_elf(pagetable_t pt, const uint8 *elf, uint64 size, uint64 *entry,
                    uint64 *sz, int pool)
{
    struct elfhdr eh;

    if (size < sizeof eh)
        return E_BADPROG;
    memmove(&eh, elf, sizeof eh);
    if (eh.magic != ELF_MAGIC || eh.ident[0] != ELFCLASS64 || eh.type != ET_EXEC ||
        eh.machine != EM_RISCV || eh.phentsize != sizeof(struct proghdr) ||
        eh.phoff > size || eh.phnum > (size - eh.phoff) / sizeof(struct proghdr))
        return E_BADPROG;

    *sz = 0;
    for (int i = 0; i < eh.phnum; i++) {
        struct proghdr ph;
        memmove(&ph, elf + eh.phoff + i * sizeof ph, sizeof ph);
        if (ph.type != PT_LOAD || ph.memsz == 0)
            continue;
        if (ph.memsz < ph.filesz || ph.vaddr % PGSIZE != 0 || ph.vaddr < *sz ||
            ph.vaddr + ph.memsz < ph.vaddr || ph.vaddr + ph.memsz > USER_TOP / 2 ||
            ph.off > size || ph.filesz > size - ph.off)
            return E_BADPROG;
        int r = uvm_alloc(pt, ph.vaddr, ph.vaddr + ph.memsz, perm_of(ph.flags), pool);
        if (r < 0)
            return r;
        if ((r = load_bytes(pt, ph.vaddr, elf + ph.off, ph.filesz)) < 0)
            return r;
        *sz = ph.vaddr + ph.memsz;
    }
    if (*sz == 0 || eh.entry >= *sz)
        return E_BADPROG;
    *entry = eh.entry;
    return 0;
}

/* Strings, then the argv array, at the top of the stack.  Returns the new
 * stack pointer (== argv) or a negative error. */
static int64 push_args(pagetable_t pt, uint64 sp, uint64 stack_base, char **argv, int *argcp)
{
    uint64 uargv[MAXARG + 1];
    int argc;

    for (argc = 0; argv[argc]; argc++) {
        if (argc == MAXARG)
            return E_INVAL;
        uint64 len = strlen(argv[argc]) + 1;
        sp = (sp - len) & ~15UL;
        if (sp < stack_base || copyout(pt, sp, argv[argc], len) < 0)
            return E_INVAL;
        uargv[argc] = sp;
    }
    uargv[argc] = 0;
    sp = (sp - (argc + 1) * sizeof(uint64)) & ~15UL;
    if (sp < stack_base || copyout(pt, sp, uargv, (argc + 1) * sizeof(uint64)) < 0)
        return E_INVAL;
    *argcp = argc;
    return sp;
}

/* Keep name and argv[1..] in p->cmd, to restart p from its program after a
 * resume; cmdargc -1 when they do not fit. */
static void set_cmd(struct proc *p, const char *name, char **argv)
{
    int at = 0, n = 0;

    p->cmdargc = -1;
    const char *s = name;
    for (int i = 0; s; i++) {
        int len = strlen(s) + 1;
        if (at + len > CMDLINE)
            return;
        memmove(p->cmd + at, s, len);
        at += len;
        n = i;
        s = argv[0] ? argv[i + 1] : 0;
    }
    p->cmdargc = n;
}

/*
 * Replace p's user image with program name, arguments argv (kernel strings,
 * argv[0] included).  p is the caller (exec) or a new process (spawn).
 * Returns argc (it lands in a0 for exec), or a negative E_* code.
 */
int exec_load(struct proc *p, const char *name, char **argv)
{
    const uint8 *elf;
    uint64 size, entry, sz;
    int pool = proc_pool(p);
    int argc, r;

    if (progstore_find(name, &elf, &size) < 0)
        return E_NOENT;
    pagetable_t pt = uvm_create(p->trapframe, pool);
    if (!pt)
        return pool_error(pool);
    if ((r = load_elf(pt, elf, size, &entry, &sz, pool)) < 0)
        goto bad;

    uint64 stack_base = PGROUNDUP(sz) + PGSIZE;     /* above the guard page */
    uint64 stack_top = stack_base + USTACK_PAGES * PGSIZE;
    if ((r = uvm_alloc(pt, stack_base, stack_top, PTE_R | PTE_W, pool)) < 0)
        goto bad;
    int64 sp = push_args(pt, stack_top, stack_base, argv, &argc);
    if (sp < 0) {
        r = sp;
        goto bad;
    }

    /* Commit. */
    pagetable_t old = p->pagetable;
    p->pagetable = pt;
    p->sz = stack_top;
    p->trapframe->epc = entry;
    p->trapframe->x[REG_SP] = sp;
    p->trapframe->x[REG_A0] = argc;
    p->trapframe->x[REG_A0 + 1] = sp;
    const char *last = name;
    for (const char *s = name; *s; s++)
        if (*s == '/')
            last = s + 1;
    safestrcpy(p->name, last, sizeof p->name);
    set_cmd(p, name, argv);
    uvm_free(old);
    return argc;

bad:
    uvm_free(pt);
    return r;
}
