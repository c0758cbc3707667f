/*
 * spinlock.h -- mutual exclusion on one hart.  The guest runs on hart 0
 * only, so a lock never spins: taking it turns interrupts off (nothing else
 * can then run) and the flag only catches a kernel that takes a lock twice.
 * The name stays "spinlock" because that is what a second hart would need.
 */
#ifndef GUEST_SPINLOCK_H
#define GUEST_SPINLOCK_H

struct spinlock {
    int locked;
    const char *name;
};

#endif
