import Foundation
import SquallStore

/// An exclusive flock on a sidecar file, held while a database is opened and migrated. SQLite
/// reports "database is locked" without waiting when two connections switch a fresh file to WAL
/// at once (its busy handler is not consulted there), so processes take turns for that step.
enum OpeningLock {
    static func withLock<T>(beside databasePath: String, _ body: () throws -> T) throws -> T {
        let lockPath = databasePath + ".open-lock"
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw StoreError(.database, "cannot open \(lockPath): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else {
                throw StoreError(.database, "cannot lock \(lockPath): \(String(cString: strerror(errno)))")
            }
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }
}
