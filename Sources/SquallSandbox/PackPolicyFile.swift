import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads policy files only when the operator alone can have written them: owned by root or by
/// the supervisor's user, not writable by group or others, not a symlink, in directories with
/// the same properties. Otherwise anyone who can write the file (a pack's user, say) could widen
/// a pack's sandbox.
enum PackPolicyFile {
    /// The file's bytes, or nil when it does not exist.
    static func readIfPresent(_ path: String) throws -> Data? {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        if fd < 0 {
            if errno == ENOENT { return nil }
            if errno == ELOOP { throw refusal(path, "is a symlink; policy files must be regular files") }
            throw refusal(path, "cannot open: " + String(cString: strerror(errno)), field: "(file)")
        }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw refusal(path, "cannot stat: " + String(cString: strerror(errno))) }
        guard status.st_mode & S_IFMT == S_IFREG else { throw refusal(path, "is not a regular file") }
        try checkOwnership(path, status, kind: "file")
        do {
            return try handle.readToEnd() ?? Data()
        } catch {
            throw refusal(path, "cannot read: \(error.localizedDescription)", field: "(file)")
        }
    }

    /// A directory that holds policy files (checked only when it exists).
    static func checkDirectory(_ path: String) throws {
        var status = stat()
        if lstat(path, &status) != 0 {
            if errno == ENOENT { return }
            throw refusal(path, "cannot stat: " + String(cString: strerror(errno)))
        }
        guard status.st_mode & S_IFMT == S_IFDIR else { throw refusal(path, "is not a directory") }
        try checkOwnership(path, status, kind: "directory")
    }

    private static func checkOwnership(_ path: String, _ status: stat, kind: String) throws {
        let owner = status.st_uid
        guard owner == 0 || owner == geteuid() else {
            throw refusal(path, "\(kind) is owned by uid \(owner); only root or the supervisor's user may own policy files")
        }
        let mode = status.st_mode & 0o7777
        guard mode & (S_IWGRP | S_IWOTH) == 0 else {
            throw refusal(path, "\(kind) is writable by group or others (mode \(String(mode, radix: 8))); refused")
        }
    }

    private static func refusal(_ path: String, _ message: String, field: String = "(permissions)") -> SandboxPolicyError {
        SandboxPolicyError(file: path, field: field, message: message)
    }
}
