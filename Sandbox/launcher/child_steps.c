/*
 * The child side: a numbered sequence of small steps, each using only async-signal-safe system
 * calls. The child shares the parent's memory (CLONE_VM|CLONE_VFORK) until execve, so it must not
 * allocate, take locks or touch anything the parent owns. Identity changes use raw system calls:
 * glibc's set*id wrappers would try to synchronise with the parent's threads.
 */
#define _GNU_SOURCE
#include "launch_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/close_range.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Each step returns 0, or an errno (and may set *detail). */
typedef int (*squall_step_fn)(const struct squall_child_context *context, int *detail);

/* The kernel's struct sigaction: the raw call also reaches glibc's internal signals (32, 33),
 * which the libc wrapper refuses to touch, so an ignored one cannot survive into the child. */
struct squall_kernel_sigaction {
    void *handler;
    unsigned long flags;
    void *restorer;
    uint64_t mask;
};

/* 10: handlers installed by the parent must never run here, and the child starts clean. */
static int step_reset_signals(const struct squall_child_context *context, int *detail) {
    (void)context; (void)detail;
    struct squall_kernel_sigaction default_action = { SIG_DFL, 0, NULL, 0 };
    for (int signal_number = 1; signal_number < _NSIG; signal_number++) {
        if (signal_number == SIGKILL || signal_number == SIGSTOP) continue;
        if (syscall(SYS_rt_sigaction, signal_number, &default_action, NULL, sizeof default_action.mask) != 0) {
            return errno;
        }
    }
    uint64_t empty_mask = 0;
    if (syscall(SYS_rt_sigprocmask, SIG_SETMASK, &empty_mask, NULL, sizeof empty_mask) != 0) return errno;
    return 0;
}

/* 11: its own session, so its own process group (killable as a whole) and no controlling tty. */
static int step_new_session(const struct squall_child_context *context, int *detail) {
    (void)context; (void)detail;
    return setsid() < 0 ? errno : 0;
}

/* 12: stdin from /dev/null, stdout and stderr into the parent's pipes. */
static int step_stdio(const struct squall_child_context *context, int *detail) {
    (void)detail;
    /* The parent made sure every source fd is above 2, so no dup2 clobbers another source. */
    if (dup2(context->stdin_fd, 0) < 0) return errno;
    if (dup2(context->stdout_write, 1) < 0) return errno;
    if (dup2(context->stderr_write, 2) < 0) return errno;
    return 0;
}

/* 13: everything above 2 closes at execve (the error pipe must stay open until then). */
static int step_close_fds(const struct squall_child_context *context, int *detail) {
    (void)context; (void)detail;
    if (close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) == 0) return 0;
    /* Kernels before 5.11: walk the table without /proc (it may not be mounted). */
    struct rlimit limit;
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return errno;
    for (rlim_t fd = 3; fd < limit.rlim_cur; fd++) (void)fcntl((int)fd, F_SETFD, FD_CLOEXEC);
    return 0;
}

/* 22: join the cgroups (writing "0" moves the writer), so even the first instruction of the
 * executable counts against pids.max, memory and CPU quota. */
static int step_join_cgroups(const struct squall_child_context *context, int *detail) {
    const struct squall_launch_spec *spec = context->spec;
    for (size_t i = 0; i < spec->cgroup_procs_fd_count; i++) {
        ssize_t written;
        do {
            written = write(spec->cgroup_procs_fds[i], "0", 1);
        } while (written < 0 && errno == EINTR);
        if (written != 1) {
            *detail = (int)i;
            return written < 0 ? errno : EIO;
        }
    }
    return 0;
}

/* 14: soft = hard = the policy value. */
static int step_rlimits(const struct squall_child_context *context, int *detail) {
    const struct squall_launch_spec *spec = context->spec;
    for (size_t i = 0; i < spec->rlimit_count; i++) {
        struct rlimit limit = { spec->rlimits[i].value, spec->rlimits[i].value };
        if (setrlimit(spec->rlimits[i].resource, &limit) != 0) {
            *detail = spec->rlimits[i].resource;
            return errno;
        }
    }
    return 0;
}

/* The loopback interface of a fresh network namespace starts down. */
static int bring_loopback_up(void) {
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return errno;
    struct ifreq request = { 0 };
    request.ifr_name[0] = 'l';
    request.ifr_name[1] = 'o';
    int error_number = 0;
    if (ioctl(fd, SIOCGIFFLAGS, &request) != 0) {
        error_number = errno;
    } else {
        request.ifr_flags |= IFF_UP;
        if (ioctl(fd, SIOCSIFFLAGS, &request) != 0) error_number = errno;
    }
    close(fd);
    return error_number;
}

/* 15: the namespaces exist since clone(); wait until the parent has mapped our ids (nothing may
 * use them before), then name the host and bring up the loopback. */
static int step_namespaces(const struct squall_child_context *context, int *detail) {
    (void)detail;
    const struct squall_launch_spec *spec = context->spec;
    if (spec->namespace_flags & CLONE_NEWUSER) {
        close(context->maps_write);
        char byte = 0;
        ssize_t got;
        do {
            got = read(context->maps_read, &byte, 1);
        } while (got < 0 && errno == EINTR);
        close(context->maps_read);
        /* End-of-file: the parent failed to write the maps and will report that itself. */
        if (got != 1) _exit(127);
    }
    if ((spec->namespace_flags & CLONE_NEWUTS) && spec->hostname != NULL) {
        size_t length = 0;
        while (spec->hostname[length] != '\0') length++;
        if (sethostname(spec->hostname, length) != 0) return errno;
    }
    if (spec->namespace_flags & CLONE_NEWNET) return bring_loopback_up();
    return 0;
}

/* 24: the minimal filesystem view (view.c); detail says which part failed. */
static int step_filesystem(const struct squall_child_context *context, int *detail) {
    if (context->spec->root_mountpoint == NULL) return 0;
    return squall_build_view(context->spec, detail);
}

static int have_effective_capability(int capability) {
    struct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };
    struct __user_cap_data_struct data[2] = { { 0 } };
    if (syscall(SYS_capget, &header, data) != 0) return 0;
    return (data[capability / 32].effective >> (capability % 32)) & 1;
}

/* 25: before identity, while CAP_SETPCAP is still ours: nothing executed later can regain a
 * capability (the bounding set caps what execve grants, ambient ones survive execve). */
static int step_bounding_set(const struct squall_child_context *context, int *detail) {
    (void)context;
    if (have_effective_capability(CAP_SETPCAP)) {
        for (int capability = 0; capability < 64; capability++) {
            if (prctl(PR_CAPBSET_READ, capability, 0, 0, 0) < 0) break;  /* past the kernel's last */
            if (prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0) {
                *detail = capability;
                return errno;
            }
        }
    }
    /* EINVAL: a kernel without ambient capabilities has none to clear. */
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 && errno != EINVAL) return errno;
    return 0;
}

/* 26: after identity: a user namespace's first process holds every capability inside it, and
 * changing to an unmapped-root uid does not clear them, so clear them explicitly. */
static int step_capabilities(const struct squall_child_context *context, int *detail) {
    (void)context; (void)detail;
    struct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };
    struct __user_cap_data_struct none[2] = { { 0 } };
    return syscall(SYS_capset, &header, none) != 0 ? errno : 0;
}

/* 16: groups first, then gid, then uid (after the uid change we could not change the rest). */
static int step_identity(const struct squall_child_context *context, int *detail) {
    (void)detail;
    const struct squall_launch_spec *spec = context->spec;
    if (!spec->change_identity) return 0;
    /* A user namespace whose setgroups is denied keeps the (supervisor's own) groups. */
    int groups_allowed = !((spec->namespace_flags & CLONE_NEWUSER) && spec->deny_setgroups);
    if (groups_allowed && syscall(SYS_setgroups, spec->supplementary_group_count, spec->supplementary_groups) != 0) {
        return errno;
    }
    if (syscall(SYS_setresgid, spec->gid, spec->gid, spec->gid) != 0) return errno;
    if (syscall(SYS_setresuid, spec->uid, spec->uid, spec->uid) != 0) return errno;
    return 0;
}

/* 17: die with the parent. If the parent already died, nobody will ever send the signal. */
static int step_parent_death_signal(const struct squall_child_context *context, int *detail) {
    (void)detail;
    if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0) return errno;
    if (!(context->spec->namespace_flags & CLONE_NEWPID)) {
        if (getppid() != context->parent_pid) _exit(127);
        return 0;
    }
    /* In a new pid namespace getppid() is 0 whoever the parent is. Ask the parent instead: an
     * answer after the signal was armed proves the creating thread had not exited by then, so its
     * exit will signal us; end-of-file means it has died. (Watching the report pipe for POLLERR
     * could not tell: our own inherited copy of its read end stays open until execve.) */
    close(context->liveness_parent);
    char byte = 'a';
    ssize_t done;
    do {
        done = send(context->liveness_child, &byte, 1, MSG_NOSIGNAL);
    } while (done < 0 && errno == EINTR);
    if (done != 1) _exit(127);
    do {
        done = read(context->liveness_child, &byte, 1);
    } while (done < 0 && errno == EINTR);
    if (done != 1) _exit(127);
    return 0;
}

static int step_chdir(const struct squall_child_context *context, int *detail) {
    (void)detail;
    const char *directory = context->spec->working_directory;
    if (directory == NULL) return 0;
    return chdir(directory) != 0 ? errno : 0;
}

static int step_no_new_privs(const struct squall_child_context *context, int *detail) {
    (void)context; (void)detail;
    return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ? errno : 0;
}

static int attach_filter(const void *filter, size_t length) {
    struct sock_fprog program = {
        .len = (unsigned short)(length / sizeof(struct sock_filter)),
        .filter = (struct sock_filter *)filter,
    };
    if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &program) == 0) return 0;
    if (errno != ENOSYS) return errno;
    return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program, 0, 0) != 0 ? errno : 0;
}

/* 20: the last step, so the filter never has to allow what the launcher itself does. The
 * argument filter goes first: the allowlist need not allow seccomp() for the second attach.
 * detail: 1 when the argument filter failed, 0 for the main one. */
static int step_seccomp(const struct squall_child_context *context, int *detail) {
    const struct squall_launch_spec *spec = context->spec;
    if (spec->seccomp_argument_filter != NULL) {
        *detail = 1;
        int error_number = attach_filter(spec->seccomp_argument_filter, spec->seccomp_argument_filter_length);
        if (error_number != 0) return error_number;
        *detail = 0;
    }
    if (spec->seccomp_filter == NULL) return 0;
    return attach_filter(spec->seccomp_filter, spec->seccomp_filter_length);
}

static const struct {
    int step;
    squall_step_fn run;
} squall_child_steps[] = {
    { SQUALL_STEP_SIGNALS, step_reset_signals },
    { SQUALL_STEP_SETSID, step_new_session },
    { SQUALL_STEP_STDIO, step_stdio },
    { SQUALL_STEP_CLOSE_FDS, step_close_fds },
    { SQUALL_STEP_CGROUP, step_join_cgroups },
    /* After the view: building it holds a descriptor per bind on top of the supervisor's table,
     * which a low open-files limit (nsjail's default is 32) would refuse with EMFILE. */
    { SQUALL_STEP_NAMESPACES, step_namespaces },
    { SQUALL_STEP_FILESYSTEM, step_filesystem },
    { SQUALL_STEP_RLIMITS, step_rlimits },
    { SQUALL_STEP_BOUNDING_SET, step_bounding_set },
    { SQUALL_STEP_IDENTITY, step_identity },
    { SQUALL_STEP_CAPABILITIES, step_capabilities },
    { SQUALL_STEP_PDEATHSIG, step_parent_death_signal },
    { SQUALL_STEP_CHDIR, step_chdir },
    { SQUALL_STEP_NO_NEW_PRIVS, step_no_new_privs },
    { SQUALL_STEP_SECCOMP, step_seccomp },
};

static void report_and_exit(const struct squall_child_context *context, int step, int error_number, int detail) {
    struct squall_child_report report = { step, error_number, detail };
    ssize_t written;
    do {
        written = write(context->error_write, &report, sizeof report);
    } while (written < 0 && errno == EINTR);
    _exit(127);
}

int squall_child_main(void *raw_context) {
    const struct squall_child_context *context = raw_context;
    for (size_t i = 0; i < sizeof squall_child_steps / sizeof squall_child_steps[0]; i++) {
        int detail = 0;
        int error_number = squall_child_steps[i].run(context, &detail);
        if (error_number != 0) report_and_exit(context, squall_child_steps[i].step, error_number, detail);
    }
    const struct squall_launch_spec *spec = context->spec;
    if (context->status_write >= 0) squall_exec_init(context);
    execve(spec->path, spec->argv, spec->envp);
    report_and_exit(context, SQUALL_STEP_EXEC, errno, 0);
    return 127;
}
