import Foundation
import Logging
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The descriptor audit.log lines are appended to, kept open between lines: a server writes one
/// line per webhook POST, and opening and closing the file for each cost more than the line.
/// Before each line one stat(2) of the path checks the descriptor is still the file there: when
/// logrotate renamed it (rename-and-create) or someone removed it, the path is reopened (created
/// 0600), so the line goes where opening afresh would have put it. copytruncate needs nothing:
/// the descriptor is `O_APPEND`, so the next line starts at the emptied file's end.
final class AuditLogFile: Sendable {
    private struct Open: Sendable {
        let descriptor: Int32
        let device: UInt, inode: UInt
    }

    let path: String
    private let open = Mutex<Open?>(nil)
    private static let logger = Logger(label: "squall.audit")

    init(path: String) { self.path = path }

    deinit {
        open.withLock { if let current = $0 { close(current.descriptor) } }
    }

    /// Appends `bytes` in one write(2) (lines from concurrent processes never interleave).
    func append(_ bytes: [UInt8]) {
        open.withLock { current in
            var atPath = stat()
            let found = stat(path, &atPath) == 0
            if let held = current, !found || UInt(atPath.st_dev) != held.device || UInt(atPath.st_ino) != held.inode {
                close(held.descriptor)
                current = nil
            }
            if current == nil {
                let descriptor = Glibc.open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
                guard descriptor >= 0 else {
                    Self.logger.error("audit line not written", metadata: ["file": "\(path)", "errno": "\(errno)"])
                    return
                }
                var opened = stat()
                guard fstat(descriptor, &opened) == 0 else {
                    // Cannot tell a rotation later: write this line and open afresh for the next.
                    write(descriptor, bytes)
                    close(descriptor)
                    return
                }
                current = Open(descriptor: descriptor, device: UInt(opened.st_dev), inode: UInt(opened.st_ino))
            }
            if let held = current { write(held.descriptor, bytes) }
        }
    }

    private func write(_ descriptor: Int32, _ bytes: [UInt8]) {
        let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        if written != bytes.count {
            Self.logger.error("audit line not written whole", metadata: ["file": "\(path)", "written": "\(written)", "errno": "\(errno)"])
        }
    }
}
