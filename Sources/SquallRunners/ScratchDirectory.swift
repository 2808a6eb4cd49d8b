import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The per-execution directories (run directory, its /tmp, a warm fork's channel directory),
/// made and removed with single system calls. FileManager stat()ed each path component to make
/// one and listed it (getdents, lstat) to remove it, several times per execution on the server.
public enum ScratchDirectory {
    /// Makes `path` with exactly `mode` (whatever the umask); with `parents`, its missing parents
    /// too (with the default mode: not for a directory whose parent must not be listable).
    public static func make(_ path: String, mode: mode_t, parents: Bool = true) throws {
        if mkdir(path, mode) == 0 {
            // mkdir's mode passes through the umask (not read here: umask() sets it, for every thread).
            guard chmod(path, mode) == 0 else { throw RunnerError("cannot set the mode of \(path): \(String(cString: strerror(errno)))") }
            return
        }
        let failure = errno
        // FileManager's way for the rest: parents made, an existing directory taken as it is.
        guard failure == ENOENT || failure == EEXIST, parents else { throw RunnerError("cannot make directory \(path): \(String(cString: strerror(failure)))") }
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: Int(mode)])
    }

    /// Removes `path`: first as the empty directory it usually is by then, its `expected` entries
    /// (names inside it, removed first: an empty directory or a socket) unlinked; else the whole tree.
    public static func remove(_ path: String, expected: [String] = []) {
        for name in expected {
            let entry = path + "/" + name
            if rmdir(entry) != 0 && errno == ENOTDIR { unlink(entry) }
        }
        if rmdir(path) == 0 || errno == ENOENT { return }
        try? FileManager.default.removeItem(atPath: path)
    }
}
