/*
 * The parent side: prepare fds and a stack, clone a child that shares our memory until it
 * execs (CLONE_VM|CLONE_VFORK: no page-table copy, so launch cost does not grow with the
 * supervisor's size), then read the error pipe to learn whether execve happened. A child in a
 * new user or pid namespace runs beside us instead (CLONE_VM alone): it waits while we write its
 * id maps, and for our answer once it has armed PR_SET_PDEATHSIG (child_steps.c, step 17).
 */
#define _GNU_SOURCE
#include "launch_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

enum { SQUALL_CHILD_STACK_SIZE = 64 * 1024 };

static void close_if_open(int *fd) {
    if (*fd >= 0) close(*fd);
    *fd = -1;
}

/* Moves fd to lowest or above (close-on-exec), so a dup2 in the child onto the fds below can
 * never clobber it. */
static int move_to_at_least(int *fd, int lowest) {
    if (*fd >= lowest) return 0;
    int moved = fcntl(*fd, F_DUPFD_CLOEXEC, lowest);
    if (moved < 0) return -1;
    close(*fd);
    *fd = moved;
    return 0;
}

/* Above 2: the child's dup2 onto 0/1/2. */
static int move_above_stdio(int *fd) { return move_to_at_least(fd, 3); }

static int open_pipe(int ends[2]) {
    if (pipe2(ends, O_CLOEXEC) != 0) return -1;
    if (move_above_stdio(&ends[0]) != 0 || move_above_stdio(&ends[1]) != 0) return -1;
    return 0;
}

static int open_socket_pair(int ends[2]) {
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends) != 0) return -1;
    if (move_above_stdio(&ends[0]) != 0 || move_above_stdio(&ends[1]) != 0) return -1;
    return 0;
}

/* The parent's half of the liveness check (child_steps.c, step 17): answer once the child says it
 * armed PR_SET_PDEATHSIG. End-of-file instead: the child failed earlier and reports that itself. */
static void answer_liveness_check(int fd) {
    char byte;
    ssize_t done;
    do {
        done = read(fd, &byte, 1);
    } while (done < 0 && errno == EINTR);
    if (done != 1) return;
    do {
        done = send(fd, &byte, 1, MSG_NOSIGNAL);  /* a child killed meanwhile must not SIGPIPE us */
    } while (done < 0 && errno == EINTR);
}

/* Above 4: a child under an init dup2s its status and report pipes onto 3 and 4 (init_handoff.c). */
static int move_above_init_fds(int *fd) { return move_to_at_least(fd, 5); }

static int fail(struct squall_launch_result *result, int step, int error_number) {
    result->failed_step = step;
    result->error_number = error_number;
    return -1;
}

static void reap(pid_t pid) {
    while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {}
}

const char *squall_step_name(int step) {
    switch (step) {
    case SQUALL_STEP_NONE: return "none";
    case SQUALL_STEP_VALIDATE: return "validate";
    case SQUALL_STEP_PIPES: return "pipes";
    case SQUALL_STEP_STACK: return "stack";
    case SQUALL_STEP_CLONE: return "clone";
    case SQUALL_STEP_SIGNALS: return "signals";
    case SQUALL_STEP_SETSID: return "setsid";
    case SQUALL_STEP_STDIO: return "stdio";
    case SQUALL_STEP_CLOSE_FDS: return "close-fds";
    case SQUALL_STEP_RLIMITS: return "setrlimit";
    case SQUALL_STEP_NAMESPACES: return "namespaces";
    case SQUALL_STEP_IDENTITY: return "identity";
    case SQUALL_STEP_PDEATHSIG: return "pdeathsig";
    case SQUALL_STEP_CHDIR: return "chdir";
    case SQUALL_STEP_NO_NEW_PRIVS: return "no-new-privs";
    case SQUALL_STEP_SECCOMP: return "seccomp";
    case SQUALL_STEP_EXEC: return "exec";
    case SQUALL_STEP_CGROUP: return "cgroup";
    case SQUALL_STEP_ID_MAPS: return "id-maps";
    case SQUALL_STEP_FILESYSTEM: return "filesystem";
    case SQUALL_STEP_BOUNDING_SET: return "bounding-set";
    case SQUALL_STEP_CAPABILITIES: return "capabilities";
    default: return "unknown";
    }
}

int squall_memfd_create(const char *name) {
    return memfd_create(name, MFD_CLOEXEC);
}

/* NULL, or a whole number of 8-byte instructions the kernel accepts (1 to 65535). */
static int valid_program(const void *program, size_t length) {
    if (program == NULL) return 1;
    size_t instructions = length / 8;
    return length % 8 == 0 && instructions > 0 && instructions <= 0xFFFF;
}

static int valid_spec(const struct squall_launch_spec *spec) {
    if (spec->path == NULL || spec->path[0] != '/') return 0;
    if (spec->argv == NULL || spec->argv[0] == NULL || spec->envp == NULL) return 0;
    if (!valid_program(spec->seccomp_filter, spec->seccomp_filter_length)) return 0;
    if (!valid_program(spec->seccomp_argument_filter, spec->seccomp_argument_filter_length)) return 0;
    if (spec->seccomp_argument_filter != NULL && spec->seccomp_filter == NULL) return 0;
    const unsigned long supported = CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWNET;
    if ((spec->namespace_flags & ~supported) != 0) return 0;
    if (spec->root_mountpoint != NULL && !(spec->namespace_flags & CLONE_NEWNS)) return 0;
    if (spec->mount_proc && (spec->root_mountpoint == NULL || !(spec->namespace_flags & CLONE_NEWPID))) return 0;
    if (spec->bind_count > SQUALL_MAX_BINDS) return 0;
    if ((spec->bind_count > 0 && spec->binds == NULL) || (spec->symlink_count > 0 && spec->symlinks == NULL)) return 0;
    if (spec->supplementary_group_count > 0 && spec->supplementary_groups == NULL) return 0;
    if (spec->cgroup_procs_fd_count > 0 && spec->cgroup_procs_fds == NULL) return 0;
    if (spec->init_path != NULL && (spec->init_argv == NULL || spec->init_argv[0] == NULL)) return 0;
    return 1;
}

static int write_file(const char *path, const char *text) {
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return errno;
    size_t length = strlen(text);
    ssize_t written = write(fd, text, length);
    int error_number = written == (ssize_t)length ? 0 : (written < 0 ? errno : EIO);
    close(fd);
    return error_number;
}

/* The parent's half of a new user namespace: one id each way (setgroups first: the kernel only
 * takes "deny" before gid_map is written). Returns 0 or an errno. */
static int write_id_maps(pid_t pid, const struct squall_launch_spec *spec) {
    char path[64], line[64];
    int error_number;
    if (spec->deny_setgroups) {
        snprintf(path, sizeof path, "/proc/%d/setgroups", (int)pid);
        if ((error_number = write_file(path, "deny")) != 0) return error_number;
    }
    snprintf(path, sizeof path, "/proc/%d/uid_map", (int)pid);
    snprintf(line, sizeof line, "%u %u 1\n", spec->map_inside_uid, spec->map_outside_uid);
    if ((error_number = write_file(path, line)) != 0) return error_number;
    snprintf(path, sizeof path, "/proc/%d/gid_map", (int)pid);
    snprintf(line, sizeof line, "%u %u 1\n", spec->map_inside_gid, spec->map_outside_gid);
    return write_file(path, line);
}

/* Reads the child's report. Returns 1 if the child reported a failure, 0 if it exec'd. */
static int read_child_report(int fd, struct squall_child_report *report) {
    size_t have = 0;
    while (have < sizeof *report) {
        ssize_t got = read(fd, (char *)report + have, sizeof *report - have);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) break;
        have += (size_t)got;
    }
    return have == sizeof *report;
}

int squall_launch(const struct squall_launch_spec *spec, struct squall_launch_result *result) {
    memset(result, 0, sizeof *result);
    result->pid = -1;
    result->stdout_fd = -1;
    result->stderr_fd = -1;
    result->status_fd = -1;
    if (spec == NULL || !valid_spec(spec)) return fail(result, SQUALL_STEP_VALIDATE, EINVAL);

    int dev_null = -1, out[2] = { -1, -1 }, err[2] = { -1, -1 }, report_pipe[2] = { -1, -1 };
    int maps_pipe[2] = { -1, -1 }, status_pipe[2] = { -1, -1 }, liveness[2] = { -1, -1 };
    int status = 0;
    const int new_user_namespace = (spec->namespace_flags & CLONE_NEWUSER) != 0;
    const int new_pid_namespace = (spec->namespace_flags & CLONE_NEWPID) != 0;
    const int with_init = (spec->namespace_flags & CLONE_NEWPID) && spec->init_path != NULL;
    dev_null = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (dev_null < 0 || move_above_stdio(&dev_null) != 0 || open_pipe(out) != 0 || open_pipe(err) != 0
        || open_pipe(report_pipe) != 0 || (new_user_namespace && open_pipe(maps_pipe) != 0)
        || (new_pid_namespace && open_socket_pair(liveness) != 0)
        || (with_init && (open_pipe(status_pipe) != 0 || move_above_init_fds(&status_pipe[1]) != 0
                          || move_above_init_fds(&report_pipe[1]) != 0))) {
        status = fail(result, SQUALL_STEP_PIPES, errno);
        goto cleanup;
    }

    void *stack = mmap(NULL, SQUALL_CHILD_STACK_SIZE, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (stack == MAP_FAILED) {
        status = fail(result, SQUALL_STEP_STACK, errno);
        goto cleanup;
    }

    struct squall_child_context context = {
        .spec = spec,
        .stdin_fd = dev_null,
        .stdout_write = out[1],
        .stderr_write = err[1],
        .error_write = report_pipe[1],
        .parent_pid = getpid(),
        .maps_read = maps_pipe[0],
        .maps_write = maps_pipe[1],
        .status_write = status_pipe[1],
        .liveness_child = liveness[1],
        .liveness_parent = liveness[0],
    };
    /* A child that waits for our id maps cannot have us suspended (CLONE_VFORK), so it runs beside
     * us in our memory (CLONE_VM alone: a copy would cost ~20 ms for a 512 MiB supervisor). It
     * touches only its own stack and this thread's errno, which we read on failure paths only;
     * its stack stays mapped until it has exec'd or died. */
    unsigned long clone_flags = spec->namespace_flags | SIGCHLD | CLONE_VM;
    /* Likewise a child in a new pid namespace, which waits for our answer to its liveness check. */
    if (!new_user_namespace && !new_pid_namespace) clone_flags |= CLONE_VFORK;

    /* No handler of ours may run in the child before it resets dispositions. */
    sigset_t all_signals, previous_mask;
    sigfillset(&all_signals);
    pthread_sigmask(SIG_SETMASK, &all_signals, &previous_mask);
    pid_t pid = clone(squall_child_main, (char *)stack + SQUALL_CHILD_STACK_SIZE,
                      clone_flags, &context);
    int clone_errno = errno;
    pthread_sigmask(SIG_SETMASK, &previous_mask, NULL);

    if (pid < 0) {
        munmap(stack, SQUALL_CHILD_STACK_SIZE);
        status = fail(result, SQUALL_STEP_CLONE, clone_errno);
        goto cleanup;
    }

    /* Our copies of the child's ends must go, or the pipes would never report end-of-file. */
    close_if_open(&dev_null);
    close_if_open(&out[1]);
    close_if_open(&err[1]);
    close_if_open(&report_pipe[1]);
    close_if_open(&status_pipe[1]);
    close_if_open(&liveness[1]);

    if (new_user_namespace) {
        close_if_open(&maps_pipe[0]);
        int error_number = write_id_maps(pid, spec);
        if (error_number != 0) {
            kill(pid, SIGKILL);
            reap(pid);
            munmap(stack, SQUALL_CHILD_STACK_SIZE);
            status = fail(result, SQUALL_STEP_ID_MAPS, error_number);
            goto cleanup;
        }
        ssize_t written;
        do {
            written = write(maps_pipe[1], "m", 1);
        } while (written < 0 && errno == EINTR);
        close_if_open(&maps_pipe[1]);
    }

    if (new_pid_namespace) answer_liveness_check(liveness[0]);

    struct squall_child_report report;
    int child_failed = read_child_report(report_pipe[0], &report);
    /* End-of-file or a report: the child has exec'd or is exiting; either way it is done with the stack. */
    if (child_failed) reap(pid);
    munmap(stack, SQUALL_CHILD_STACK_SIZE);
    if (child_failed) {
        result->detail = report.detail;
        status = fail(result, report.step, report.error_number);
        goto cleanup;
    }

    result->pid = pid;
    result->stdout_fd = out[0];
    result->stderr_fd = err[0];
    result->status_fd = status_pipe[0];
    out[0] = -1;
    err[0] = -1;
    status_pipe[0] = -1;

cleanup:
    close_if_open(&dev_null);
    close_if_open(&out[0]);
    close_if_open(&out[1]);
    close_if_open(&err[0]);
    close_if_open(&err[1]);
    close_if_open(&report_pipe[0]);
    close_if_open(&report_pipe[1]);
    close_if_open(&maps_pipe[0]);
    close_if_open(&maps_pipe[1]);
    close_if_open(&status_pipe[0]);
    close_if_open(&status_pipe[1]);
    close_if_open(&liveness[0]);
    close_if_open(&liveness[1]);
    return status;
}
