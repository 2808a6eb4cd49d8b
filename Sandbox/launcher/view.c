/*
 * The minimal filesystem view, built by the child in its own mount namespace before execve:
 * a fresh tmpfs root holding only what the spec names (read-only binds of system and pack
 * directories, writable binds of the execution's own directories, a few device nodes, a fresh
 * /proc), then pivot_root and a lazy unmount of the host's tree. Only async-signal-safe system
 * calls and fixed buffers on the child's stack: the child must not allocate.
 */
#define _GNU_SOURCE
#include "launch_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/vfs.h>
#include <unistd.h>

#ifndef SYS_mount_setattr
#define SYS_mount_setattr 442
#endif
#ifndef AT_RECURSIVE
#define AT_RECURSIVE 0x8000
#endif
enum {
    VIEW_ATTR_RDONLY = 0x1,
    VIEW_ATTR_NOSUID = 0x2,
    VIEW_ATTR_NODEV = 0x4,
};

/* The kernel's struct mount_attr (glibc's header clashes with linux/mount.h, so spell it here). */
struct view_mount_attr {
    uint64_t attr_set;
    uint64_t attr_clr;
    uint64_t propagation;
    uint64_t userns_fd;
};

/* In a new user namespace the tmpfs belongs to that namespace, and it only takes new files from
 * an fsuid mapped there (else EOVERFLOW), while the supervisor's own ids are not mapped there (so
 * no way back once we switch). Hence two phases: every bind source is opened (O_PATH) first, as
 * the supervisor (a 0700 data directory stays reachable); then, as the inside ids, the tmpfs is
 * built and the sources are mounted through /proc/self/fd (the host's /proc, until the pivot). */
static void as_inside(const struct squall_launch_spec *spec) {
    if (!(spec->namespace_flags & CLONE_NEWUSER)) return;
    syscall(SYS_setfsgid, spec->map_inside_gid);
    syscall(SYS_setfsuid, spec->map_inside_uid);
}

static size_t text_length(const char *text) {
    size_t length = 0;
    while (text[length] != '\0') length++;
    return length;
}

/* buffer = root + path; ENAMETOOLONG when it does not fit. */
static int join(char *buffer, const char *root, const char *path) {
    size_t root_length = text_length(root), path_length = text_length(path);
    if (root_length + path_length + 1 > PATH_MAX) return ENAMETOOLONG;
    for (size_t i = 0; i < root_length; i++) buffer[i] = root[i];
    for (size_t i = 0; i <= path_length; i++) buffer[root_length + i] = path[i];
    return 0;
}

/* mkdir -p for every directory above the last component of path (which is left alone). */
static int make_parents(char *path, size_t keep) {
    for (size_t i = keep + 1; path[i] != '\0'; i++) {
        if (path[i] != '/') continue;
        path[i] = '\0';
        int failed = mkdir(path, 0755) != 0 && errno != EEXIST;
        int error_number = errno;
        path[i] = '/';
        if (failed) return error_number;
    }
    return 0;
}

/* A directory or an empty file to mount on, matching what the source is. */
static int make_mountpoint(char *target, size_t root_length, int is_directory) {
    int error_number = make_parents(target, root_length);
    if (error_number != 0) return error_number;
    if (is_directory) return mkdir(target, 0755) != 0 && errno != EEXIST ? errno : 0;
    int fd = open(target, O_RDONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0444);
    if (fd < 0) return errno;
    close(fd);
    return 0;
}

/* Read-only (unless writable), nosuid, nodev (unless a device) on the bind and everything under it. */
static int restrict_bind(const char *target, int flags) {
    uint64_t wanted = VIEW_ATTR_NOSUID;
    if (!(flags & SQUALL_BIND_WRITABLE)) wanted |= VIEW_ATTR_RDONLY;
    if (!(flags & SQUALL_BIND_DEVICE)) wanted |= VIEW_ATTR_NODEV;
    struct view_mount_attr attributes = { .attr_set = wanted };
    if (syscall(SYS_mount_setattr, AT_FDCWD, target, AT_RECURSIVE, &attributes, sizeof attributes) == 0) return 0;
    if (errno != ENOSYS) return errno;
    /* Kernels before 5.12: remount the top mount only, keeping flags the kernel locked on it. */
    struct statfs current;
    if (statfs(target, &current) != 0) return errno;
    unsigned long remount = MS_REMOUNT | MS_BIND | MS_NOSUID;
    if (wanted & VIEW_ATTR_RDONLY) remount |= MS_RDONLY;
    if (wanted & VIEW_ATTR_NODEV) remount |= MS_NODEV;
    remount |= (unsigned long)current.f_flags & (MS_RDONLY | MS_NODEV | MS_NOEXEC | MS_NOATIME | MS_NODIRATIME | MS_RELATIME);
    return mount(NULL, target, NULL, remount, NULL) != 0 ? errno : 0;
}

/* Phase one: an O_PATH descriptor of the source (symlinks followed), or -1 for a missing optional one. */
static int open_source(const struct squall_bind_mount *entry, int *fd) {
    *fd = open(entry->source, O_PATH | O_CLOEXEC);
    if (*fd >= 0) return 0;
    if (errno == ENOENT && (entry->flags & SQUALL_BIND_OPTIONAL)) return 0;
    return errno;
}

/* "/proc/self/fd/" + fd */
static void fd_path(char *buffer, int fd) {
    const char prefix[] = "/proc/self/fd/";
    size_t length = sizeof prefix - 1;
    for (size_t i = 0; i < length; i++) buffer[i] = prefix[i];
    char digits[12];
    int count = 0;
    do {
        digits[count++] = (char)('0' + fd % 10);
        fd /= 10;
    } while (fd > 0);
    while (count > 0) buffer[length++] = digits[--count];
    buffer[length] = '\0';
}

static int bind_one(const char *root, const struct squall_bind_mount *entry, int source_fd) {
    char target[PATH_MAX], source[32];
    int error_number = join(target, root, entry->target);
    if (error_number != 0) return error_number;
    struct stat source_status;
    if (fstat(source_fd, &source_status) != 0) return errno;
    error_number = make_mountpoint(target, text_length(root), S_ISDIR(source_status.st_mode));
    if (error_number != 0) return error_number;
    fd_path(source, source_fd);
    /* Recursive: a non-recursive bind of a tree with locked submounts is refused in a user namespace. */
    if (mount(source, target, NULL, MS_BIND | MS_REC, NULL) != 0) return errno;
    return restrict_bind(target, entry->flags);
}

static int add_symlink(const char *root, const struct squall_symlink *entry) {
    char path[PATH_MAX];
    int error_number = join(path, root, entry->path);
    if (error_number != 0) return error_number;
    error_number = make_parents(path, text_length(root));
    if (error_number != 0) return error_number;
    return symlink(entry->contents, path) != 0 ? errno : 0;
}

static int mount_proc(const char *root) {
    char path[PATH_MAX];
    int error_number = join(path, root, "/proc");
    if (error_number != 0) return error_number;
    if (mkdir(path, 0555) != 0 && errno != EEXIST) return errno;
    return mount("proc", path, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0 ? errno : 0;
}

/* POSIX shared memory and semaphores (Python's multiprocessing) need /dev/shm; the child gets its
 * own small tmpfs there (as with bubblewrap's --dev), never the host's. Its pages count against
 * the child's memory cgroup. */
static int mount_private_shm(const char *root) {
    char path[PATH_MAX];
    int error_number = join(path, root, "/dev/shm");
    if (error_number != 0) return error_number;
    error_number = make_parents(path, text_length(root));
    if (error_number != 0) return error_number;
    if (mkdir(path, 01777) != 0 && errno != EEXIST) return errno;
    return mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=1777,size=64m,nr_inodes=1024") != 0 ? errno : 0;
}

/* pivot_root(".", ".") stacks the old root on the new one; the lazy unmount then drops it. */
static int pivot(const char *root) {
    if (chdir(root) != 0) return errno;
    if (syscall(SYS_pivot_root, ".", ".") != 0) return errno;
    if (umount2(".", MNT_DETACH) != 0) return errno;
    return chdir("/") != 0 ? errno : 0;
}

int squall_build_view(const struct squall_launch_spec *spec, int *detail) {
    const char *root = spec->root_mountpoint;
    int source_fds[SQUALL_MAX_BINDS];
    for (size_t i = 0; i < spec->bind_count; i++) {
        *detail = SQUALL_VIEW_BIND + (int)i;
        int error_number = open_source(&spec->binds[i], &source_fds[i]);
        if (error_number != 0) return error_number;
    }
    as_inside(spec);
    /* Nothing we mount may propagate back to the host (or arrive from it later). */
    *detail = SQUALL_VIEW_PROPAGATION;
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) return errno;

    *detail = SQUALL_VIEW_ROOT;
    if (mount("tmpfs", root, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=1m,nr_inodes=4096") != 0) return errno;

    *detail = SQUALL_VIEW_SYMLINK;
    for (size_t i = 0; i < spec->symlink_count; i++) {
        int error_number = add_symlink(root, &spec->symlinks[i]);
        if (error_number != 0) return error_number;
    }
    for (size_t i = 0; i < spec->bind_count; i++) {
        *detail = SQUALL_VIEW_BIND + (int)i;
        if (source_fds[i] < 0) continue;  /* optional and missing */
        int error_number = bind_one(root, &spec->binds[i], source_fds[i]);
        close(source_fds[i]);
        if (error_number != 0) return error_number;
    }
    *detail = SQUALL_VIEW_SHM;
    int shm_error = mount_private_shm(root);
    if (shm_error != 0) return shm_error;
    if (spec->mount_proc) {
        *detail = SQUALL_VIEW_PROC;
        int error_number = mount_proc(root);
        if (error_number != 0) return error_number;
    }
    *detail = SQUALL_VIEW_READ_ONLY_ROOT;
    if (mount(NULL, root, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL) != 0) return errno;
    *detail = SQUALL_VIEW_PIVOT;
    int error_number = pivot(root);
    if (error_number == 0) *detail = 0;
    return error_number;
}
