/*
 * waitchild.c -- a test helper: start a program as a non-persistent child,
 * wait for it, say how it ended, and do it again.
 *
 *   waitchild [PROG [ARGS...]]       default: counter
 *
 * Run persistent, it shows what a persistent parent sees when its
 * non-persistent child is lost in a power cycle: wait() returns the child's
 * pid with status EXIT_POWERLOST (-128), and the parent goes on.
 */
#include "user/user.h"

int main(int argc, char **argv)
{
    char *def[] = { "counter", 0 };
    char **child = argc > 1 ? argv + 1 : def;

    for (int round = 1;; round++) {
        int pid = spawn(child[0], child, PERSIST_OFF);
        if (pid < 0) {
            printf("waitchild: cannot start %s: %s\n", child[0], errstr(pid));
            return 1;
        }
        printf("waitchild: round %d: started %s (pid %d, not persistent)\n", round,
               child[0], pid);
        int status, got = wait(&status);
        printf("waitchild: round %d: pid %d ended with status %d%s\n", round, got, status,
               status == EXIT_POWERLOST ? " (lost in a power cycle)" : "");
    }
}
