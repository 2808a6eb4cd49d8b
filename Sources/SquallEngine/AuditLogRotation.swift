import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Size-based rotation of audit.log (`audit_max_bytes`), for hosts without logrotate. Without
/// the setting squall never rotates: before each line it checks its open descriptor is still the
/// file at the path (AuditLogFile), so logrotate's default rename-and-create (and copytruncate)
/// need no signal to squall.
///
/// Several processes append to the file. With the setting, each holds an exclusive flock on the
/// file while it checks the size and writes its line; if the file it opened is no longer the one
/// at the path (another process rotated it), it reopens the path. The one whose line would pass
/// the limit shifts audit.log.1..4 up and renames audit.log to audit.log.1, then writes to a new
/// audit.log. So no file passes the limit (unless one line does) and no line is lost or split.
extension AuditLog {
    /// Rotated files kept: audit.log.1 (newest) to audit.log.5.
    public static let rotatedFilesKept = 5

    /// `fd` (open on the path), or a descriptor on a newer file at the path, locked for appending
    /// `lineBytes`: the caller writes and closes it (closing releases the lock).
    func lockedForAppend(_ fd: Int32, lineBytes: Int, maxBytes: Int) -> Int32 {
        var fd = fd
        // Another process may rotate between our open and our lock; a few tries, then write anyway.
        for _ in 0..<8 {
            guard flock(fd, LOCK_EX) == 0 else { return fd }
            var opened = stat(), current = stat()
            guard fstat(fd, &opened) == 0 else { return fd }
            let stillCurrent = stat(path, &current) == 0 && current.st_ino == opened.st_ino && current.st_dev == opened.st_dev
            if stillCurrent && (opened.st_size == 0 || Int(opened.st_size) + lineBytes <= maxBytes) { return fd }
            if stillCurrent {
                for index in stride(from: Self.rotatedFilesKept - 1, through: 1, by: -1) {
                    _ = rename("\(path).\(index)", "\(path).\(index + 1)")
                }
                _ = rename(path, path + ".1")
            }
            let fresh = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
            guard fresh >= 0 else { return fd }
            close(fd)
            fd = fresh
        }
        return fd
    }
}
