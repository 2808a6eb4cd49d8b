#pragma once
/*
 * The squall launcher: starts one sandboxed child.
 *
 * The parent side (squall_launch) prepares everything that may allocate or fail loudly: pipes,
 * a child stack, the seccomp program (already compiled to BPF bytes by the caller). The child side
 * is a numbered sequence of small steps that use only async-signal-safe system calls and end in
 * execve. A failing step writes {step, errno, detail} to a close-on-exec error pipe and exits 127,
 * so the parent can report which step failed instead of a bare exit status.
 */
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The steps, in the order the child runs them (parent-side steps first). */
enum squall_step {
    SQUALL_STEP_NONE = 0,
    /* parent side */
    SQUALL_STEP_VALIDATE = 1,      /* the spec itself is unusable */
    SQUALL_STEP_PIPES = 2,         /* pipe2 / open("/dev/null") */
    SQUALL_STEP_STACK = 3,         /* mmap of the child stack */
    SQUALL_STEP_CLONE = 4,         /* clone() */
    /* child side */
    SQUALL_STEP_SIGNALS = 10,      /* every disposition to SIG_DFL, then an empty mask */
    SQUALL_STEP_SETSID = 11,       /* own session and process group (also stops TIOCSTI on our tty) */
    SQUALL_STEP_STDIO = 12,        /* 0 = /dev/null, 1 and 2 = the output pipes */
    SQUALL_STEP_CLOSE_FDS = 13,    /* every fd above 2 close-on-exec */
    SQUALL_STEP_RLIMITS = 14,      /* after the filesystem view; detail = the resource */
    SQUALL_STEP_NAMESPACES = 15,   /* wait for the id maps, hostname, loopback up */
    SQUALL_STEP_IDENTITY = 16,     /* setgroups, setresgid, setresuid (only when asked) */
    SQUALL_STEP_PDEATHSIG = 17,    /* after identity: a credential change clears it */
    SQUALL_STEP_CHDIR = 18,
    SQUALL_STEP_NO_NEW_PRIVS = 19,
    SQUALL_STEP_SECCOMP = 20,      /* the last step before execve */
    SQUALL_STEP_EXEC = 21,
    SQUALL_STEP_CGROUP = 22,       /* runs after setsid, before rlimits; detail = index of the fd */
    SQUALL_STEP_ID_MAPS = 23,      /* parent side, after clone: setgroups, uid_map, gid_map of the child */
    SQUALL_STEP_FILESYSTEM = 24,   /* after namespaces: the minimal view; detail = enum squall_view_part */
    SQUALL_STEP_BOUNDING_SET = 25, /* before identity: empty bounding and ambient capability sets */
    SQUALL_STEP_CAPABILITIES = 26, /* after identity: empty permitted, effective, inheritable sets */
};

/* Which part of the filesystem view failed (the detail of SQUALL_STEP_FILESYSTEM). */
enum squall_view_part {
    SQUALL_VIEW_PROPAGATION = 1,   /* making the host's mounts private to us */
    SQUALL_VIEW_ROOT = 2,          /* the tmpfs for the new root */
    SQUALL_VIEW_SYMLINK = 3,
    SQUALL_VIEW_PROC = 4,          /* the fresh /proc of the child's pid namespace */
    SQUALL_VIEW_READ_ONLY_ROOT = 5,
    SQUALL_VIEW_PIVOT = 6,         /* pivot_root and detaching the old root */
    SQUALL_VIEW_SHM = 7,           /* the child's own /dev/shm (a small tmpfs) */
    SQUALL_VIEW_BIND = 100,        /* + the index of the bind mount */
};

/* Returns a short constant name for a step ("exec", "chdir", ...). */
const char *squall_step_name(int step);

struct squall_rlimit {
    int resource;      /* RLIMIT_* */
    uint64_t value;    /* used as both the soft and the hard limit */
};

enum squall_bind_flags {
    SQUALL_BIND_WRITABLE = 1,
    SQUALL_BIND_DEVICE = 2,            /* a device node: no nodev */
    SQUALL_BIND_OPTIONAL = 4,          /* a missing source is skipped */
};

enum { SQUALL_MAX_BINDS = 128 };

struct squall_bind_mount {
    const char *source;                /* a host path (symlinks followed, in the host's tree) */
    const char *target;                /* absolute path inside the view */
    int flags;                         /* enum squall_bind_flags */
};

struct squall_symlink {
    const char *path;                  /* absolute path inside the view */
    const char *contents;
};

struct squall_launch_spec {
    const char *path;                  /* absolute; never searched on PATH */
    char *const *argv;                 /* NULL-terminated, argv[0] included */
    char *const *envp;                 /* NULL-terminated: the whole environment */
    const char *working_directory;     /* NULL keeps the parent's */

    const struct squall_rlimit *rlimits;
    size_t rlimit_count;

    /* A compiled seccomp program: an array of struct sock_filter (8 bytes each). NULL: none. */
    const void *seccomp_filter;
    size_t seccomp_filter_length;      /* in bytes */
    /* An optional second program attached just before it (same format; NULL: none): denials that
     * depend on arguments of syscalls the first one allows. The kernel applies the strictest
     * answer of all attached filters, which libseccomp cannot express in one allowlist filter. */
    const void *seccomp_argument_filter;
    size_t seccomp_argument_filter_length;

    /* Open (close-on-exec) cgroup.procs files of the child's cgroups: the child writes "0" to each,
     * so it is inside its limits before execve. NULL/0: no cgroups. */
    const int *cgroup_procs_fds;
    size_t cgroup_procs_fd_count;

    /* CLONE_NEW* flags (USER, PID, NS, IPC, UTS, NET). With CLONE_NEWUSER the parent writes the
     * child's id maps while the child waits, so the clone cannot share memory with a suspended
     * parent (CLONE_VM|CLONE_VFORK) and is a plain copy instead. */
    unsigned long namespace_flags;

    /* With CLONE_NEWUSER: one id each, inside -> outside. Unprivileged parents can only map their
     * own ids and must deny setgroups first (deny_setgroups); the child then keeps its groups. */
    uint32_t map_inside_uid;
    uint32_t map_outside_uid;
    uint32_t map_inside_gid;
    uint32_t map_outside_gid;
    int deny_setgroups;

    /* With CLONE_NEWUTS: the child's hostname (NULL keeps the inherited one). */
    const char *hostname;

    /* The minimal filesystem view (needs CLONE_NEWNS). NULL root_mountpoint: the host's mounts.
     * A tmpfs mounted on root_mountpoint (an existing directory; only this child's mount namespace
     * sees the mount) becomes the root: symlinks, then binds in order, then /proc, then it turns
     * read-only and pivot_root detaches the host's tree. */
    const char *root_mountpoint;
    const struct squall_symlink *symlinks;
    size_t symlink_count;
    const struct squall_bind_mount *binds;
    size_t bind_count;
    int mount_proc;                    /* a fresh proc at /proc (only with CLONE_NEWPID) */

    /* With CLONE_NEWPID: a minimal init (Sandbox/init, squall-init) becomes PID 1 and runs the
     * program as its child, forwarding signals and reaping orphans. After every other step the
     * child execs init_path (e.g. "/proc/self/fd/N" of a descriptor of squall-init) with
     * init_argv = { "squall-init", path, argv[0], argv[1], ..., NULL }. NULL: the program is PID 1. */
    const char *init_path;
    char *const *init_argv;

    /* Optional identity change (per-pack uids). Only applied when change_identity != 0. */
    int change_identity;
    uint32_t uid;
    uint32_t gid;
    const uint32_t *supplementary_groups;
    size_t supplementary_group_count;
};

struct squall_launch_result {
    pid_t pid;          /* the child, leader of its own process group */
    int stdout_fd;      /* read ends, close-on-exec, owned by the caller */
    int stderr_fd;
    int failed_step;    /* enum squall_step when squall_launch returns -1 */
    int error_number;   /* errno of the failed step */
    int detail;         /* step-specific (the RLIMIT_* for SQUALL_STEP_RLIMITS) */
    int status_fd;      /* with an init: read end (close-on-exec, the caller's) that receives the
                         * program's wait status (4 bytes) before init exits; else -1 */
};

/*
 * Starts the child. Returns 0 and fills pid/stdout_fd/stderr_fd, or -1 and fills
 * failed_step/error_number/detail (the child, if one was started, has been reaped).
 *
 * PR_SET_PDEATHSIG fires when the *calling thread* exits, so call this from a thread that
 * lives as long as the children should.
 */
int squall_launch(const struct squall_launch_spec *spec, struct squall_launch_result *result);

/* memfd_create(name, MFD_CLOEXEC), for exporting seccomp programs without touching the disk. */
int squall_memfd_create(const char *name);

/* A pidfd of a child the caller has not reaped yet: readable (POLLIN) once the child has exited.
 * -1 with errno when the kernel has none (before 5.3). */
int squall_exit_notice_open(pid_t pid);

/* Warm hosts (warm_fork.c): a send with descriptors (SCM_RIGHTS); a receive that reports the
 * sender's pid as the kernel translates it (needs squall_pass_credentials first) and closes any
 * descriptors that came; SO_PEERCRED of a connected socket. Return -1/errno as the calls do. */
ssize_t squall_send_with_fds(int socket_fd, const void *bytes, size_t length, const int *fds, size_t fd_count);
ssize_t squall_receive_with_sender(int socket_fd, void *bytes, size_t capacity, pid_t *sender);
int squall_pass_credentials(int socket_fd);
int squall_peer_pid(int socket_fd, pid_t *pid);

#ifdef __cplusplus
}
#endif
