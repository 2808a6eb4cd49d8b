/*
 * A descriptor that becomes readable when a child has exited (a pidfd), so a supervisor can wait
 * for the exit in the same poll as the child's pipes. The pipes reach end-of-file before the
 * child is a zombie (the kernel closes its files first, then tears down its namespaces), so
 * without it a supervisor can only guess how long to sleep before reaping.
 */
#define _GNU_SOURCE
#include "squall_launcher.h"

#include <errno.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

int squall_exit_notice_open(pid_t pid) {
    /* Close-on-exec by definition; ENOSYS before Linux 5.3. Never races with pid reuse here:
     * only the caller reaps this child, and a zombie keeps its pid. */
    return (int)syscall(SYS_pidfd_open, pid, 0);
}
