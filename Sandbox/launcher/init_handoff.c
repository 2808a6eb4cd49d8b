/*
 * The last step of a child in a new pid namespace that runs under squall-init (Sandbox/init):
 * instead of exec'ing the program, exec init, which forks and execs it. Init reads the status
 * pipe at fd 3 and the launcher's report pipe at fd 4 (both kept open across this execve only).
 */
#define _GNU_SOURCE
#include "launch_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

enum { INIT_STATUS_FD = 3, INIT_REPORT_FD = 4 };

void squall_exec_init(const struct squall_child_context *context) {
    const struct squall_launch_spec *spec = context->spec;
    /* The parent put both pipes above 4, so neither dup2 replaces the other's source; dup2 also
     * clears close-on-exec on the copies (needs RLIMIT_NOFILE of at least 5). */
    int error_number = 0;
    if (dup2(context->status_write, INIT_STATUS_FD) < 0 || dup2(context->error_write, INIT_REPORT_FD) < 0) {
        error_number = errno;
    } else {
        execve(spec->init_path, spec->init_argv, spec->envp);
        error_number = errno;
    }
    struct squall_child_report report = { SQUALL_STEP_EXEC, error_number, 1 };
    ssize_t written;
    do {
        written = write(context->error_write, &report, sizeof report);
    } while (written < 0 && errno == EINTR);
    _exit(127);
}
