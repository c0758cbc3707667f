/*
 * init.c -- the first process.  Starts what the boot configuration asks for
 * (/chosen simscm,init, e.g. "kvstore:p logger:n": a program name and
 * ":p" for persistent, ":n" for not, nothing for the default), then keeps a
 * shell on the console, and reaps every orphan the kernel hands it.
 *
 * The kernel makes init persistent whenever the machine has SCM: it is the
 * parent persistent processes fall back to.  The shell is started
 * non-persistent: it is a console helper, started afresh after a restart.
 */
#include "user/user.h"

static void start_boot_programs(const struct bootconf *bc)
{
    char list[sizeof bc->init];
    char *s = list;

    strcpy(list, bc->init);
    while (*s) {
        while (isspace(*s))
            s++;
        if (!*s)
            break;
        char *name = s;
        while (*s && !isspace(*s))
            s++;
        if (*s)
            *s++ = 0;

        int mode = PERSIST_DEFAULT;
        char *colon = strchr(name, ':');
        if (colon) {
            *colon = 0;
            if (strcmp(colon + 1, "p") == 0)
                mode = PERSIST_ON;
            else if (strcmp(colon + 1, "n") == 0)
                mode = PERSIST_OFF;
            else {
                printf("init: %s: unknown persistence ':%s' (use :p or :n)\n", name, colon + 1);
                continue;
            }
        }
        char *argv[] = { name, 0 };
        int pid = spawn(name, argv, mode);
        int on = mode == PERSIST_DEFAULT ? bc->default_persist : mode;
        if (pid < 0)
            printf("init: cannot start %s: %s\n", name, errstr(pid));
        else
            printf("init: started %s (pid %d, %s)\n", name, pid,
                   on ? "persistent" : "not persistent");
    }
}

int main(void)
{
    struct bootconf bc;

    if (bootconf(&bc) < 0)
        memset(&bc, 0, sizeof bc);
    start_boot_programs(&bc);

    for (;;) {
        char *argv[] = { "sh", 0 };
        int sh = spawn("sh", argv, PERSIST_OFF);
        if (sh < 0) {
            printf("init: cannot start sh: %s; retrying in 1 s\n", errstr(sh));
            sleep(1000);
            continue;
        }
        for (;;) {
            int status;
            int pid = wait(&status);
            if (pid == sh) {
                printf("init: sh exited with status %d; starting a new one\n", status);
                break;
            }
            if (pid > 0)
                printf("init: pid %d exited with status %d\n", pid, status);
            else
                sleep(100);
        }
    }
}
