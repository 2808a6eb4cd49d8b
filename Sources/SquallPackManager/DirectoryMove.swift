import Foundation

/// Moves a prepared directory into place with renames on one filesystem: the previous
/// directory stays where it is until the new one has replaced it.
enum DirectoryMove {
    static func replace(_ destination: String, with prepared: String, retiredPath: String) throws {
        let fm = FileManager.default
        guard fm.fileExists(atPath: destination) else {
            try check(rename(prepared, destination), "rename \(prepared) to \(destination)")
            return
        }
        try check(rename(destination, retiredPath), "move the previous version aside")
        if rename(prepared, destination) != 0 {
            let reason = String(cString: strerror(errno))
            // Put the previous version back: nothing changed.
            _ = rename(retiredPath, destination)
            throw MoveError(message: "rename into \(destination): \(reason)")
        }
        try? fm.removeItem(atPath: retiredPath)
    }

    struct MoveError: Error, CustomStringConvertible { var message: String; var description: String { message } }

    private static func check(_ status: Int32, _ doing: String) throws {
        guard status == 0 else { throw MoveError(message: "\(doing): \(String(cString: strerror(errno)))") }
    }
}

/// An exclusive flock held for one install or removal, so two never interleave their moves.
final class PackManagerLock {
    private let fd: Int32

    init(path: String) throws {
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw DirectoryMove.MoveError(message: "cannot open lock \(path): \(String(cString: strerror(errno)))") }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else {
                close(fd)
                throw DirectoryMove.MoveError(message: "cannot lock \(path): \(String(cString: strerror(errno)))")
            }
        }
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
