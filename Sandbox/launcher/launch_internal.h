#pragma once
/* Shared between the parent side (launch.c) and the child side (child_steps.c). */
#include "squall_launcher.h"

/* Everything the child needs, prepared by the parent before clone(). */
struct squall_child_context {
    const struct squall_launch_spec *spec;
    int stdin_fd;          /* /dev/null */
    int stdout_write;
    int stderr_write;
    int error_write;       /* close-on-exec: closes by itself when execve succeeds */
    pid_t parent_pid;      /* for the getppid() check after PR_SET_PDEATHSIG */
    int maps_read;         /* with CLONE_NEWUSER: one byte arrives once the parent wrote the id maps */
    int maps_write;        /* the parent's end (the child closes its copy), or -1 */
    int status_write;      /* with an init (init_handoff.c): where init reports the program's status, else -1 */
    int liveness_child;    /* with CLONE_NEWPID: our end of a socket pair the parent answers on once we armed
                            * PR_SET_PDEATHSIG (its answer proves it was alive after that), else -1 */
    int liveness_parent;   /* the parent's end: our copy must go, or the parent's death would not show */
};

/* With an init: moves the status and report pipes to fds 3 and 4 and execs squall-init, which
 * runs the program (init_handoff.c). Returns only on failure, having reported it. */
void squall_exec_init(const struct squall_child_context *context);

/* The minimal filesystem view, built by the child inside its mount namespace (view.c). */
int squall_build_view(const struct squall_launch_spec *spec, int *detail);

/* What a failing child writes to the error pipe. */
struct squall_child_report {
    int32_t step;
    int32_t error_number;
    int32_t detail;
};

/* The child's entry point (runs on its own stack, sharing the parent's memory until execve). */
int squall_child_main(void *context);
