/*
 * squall-init: PID 1 of a child's pid namespace, as tini and bubblewrap's init do it.
 *
 *   squall-init PROGRAM ARGV0 [ARG...]     (the environment is passed on unchanged)
 *   fd 3: written once, just before exit: the program's wait status (4 bytes, host order)
 *   fd 4: the launcher's report pipe: a failed execve of PROGRAM is reported there
 *
 * The kernel drops signals without a handler that are sent to a namespace's PID 1, so the program
 * must not be PID 1: it runs as our child in its own process group. We forward every catchable
 * signal to that group, reap whatever is orphaned into the namespace, and exit when the program
 * does; the kernel then kills everything left in the namespace. The launcher has already set up
 * the sandbox (seccomp, identity, view) before exec'ing us, so the program inherits all of it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <stdint.h>
#include <sys/wait.h>
#include <unistd.h>

enum { STATUS_FD = 3, REPORT_FD = 4, STEP_EXEC = 21 /* SQUALL_STEP_EXEC */ };

extern char **environ;

static void write_all(int fd, const void *data, size_t length) {
    const char *bytes = data;
    while (length > 0) {
        ssize_t written = write(fd, bytes, length);
        if (written < 0 && errno == EINTR) continue;
        if (written <= 0) return;
        bytes += written;
        length -= (size_t)written;
    }
}

/* The child: its own process group, the signals we blocked unblocked again, then the program. */
static void run_program(char **argv, const sigset_t *original_mask) {
    setpgid(0, 0);
    sigprocmask(SIG_SETMASK, original_mask, NULL);
    execve(argv[1], argv + 2, environ);
    int32_t report[3] = { STEP_EXEC, errno, 0 };
    write_all(REPORT_FD, report, sizeof report);
    _exit(127);
}

/* Our own exit, carrying the program's: its code, or 128 + its signal (PID 1 cannot die of one
 * it raises itself); the exact status went to STATUS_FD first. */
static void finish(int status) {
    int32_t raw = status;
    write_all(STATUS_FD, &raw, sizeof raw);
    _exit(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
}

int main(int argc, char **argv) {
    if (argc < 3) return 127;
    prctl(PR_SET_NAME, "squall-init", 0, 0, 0);  /* exec'd as /proc/self/fd/N, named "N" otherwise */
    sigset_t all, original_mask;
    sigfillset(&all);
    /* Blocked signals queue even for a namespace's PID 1; sigwaitinfo below takes them one by one. */
    sigprocmask(SIG_SETMASK, &all, &original_mask);
    fcntl(STATUS_FD, F_SETFD, FD_CLOEXEC);
    fcntl(REPORT_FD, F_SETFD, FD_CLOEXEC);

    pid_t program = fork();
    if (program == 0) run_program(argv, &original_mask);
    if (program < 0) {
        int32_t report[3] = { STEP_EXEC, errno, 0 };
        write_all(REPORT_FD, report, sizeof report);
        return 127;
    }
    /* The report pipe reaches end-of-file once the program has exec'd (its copy closes then), and
     * the output pipes once the program and its processes are done with them: init keeps none. */
    close(REPORT_FD);
    close(0);
    close(1);
    close(2);

    for (;;) {
        siginfo_t info;
        int signal_number = sigwaitinfo(&all, &info);
        if (signal_number < 0) continue;
        if (signal_number != SIGCHLD) {
            /* To the whole group; to the program alone if the group is gone already. */
            if (kill(-program, signal_number) != 0) kill(program, signal_number);
            continue;
        }
        int status;
        pid_t reaped;
        while ((reaped = waitpid(-1, &status, WNOHANG)) > 0) {
            if (reaped == program) finish(status);
        }
    }
}
