import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Raw bytes after a control line that announced their count: a handed-off run's big result text
/// (Server+HandedOffRuns) travels so, as it is, instead of inside a JSON line.
extension ControlSocket {
    static func writeBytes(_ fd: Int32, _ data: Data) -> Bool {
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = send(fd, raw.baseAddress! + offset, min(raw.count - offset, 1 << 20), Int32(MSG_NOSIGNAL))
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return false }
                offset += written
            }
            return true
        }
    }
}

extension ControlLineReader {
    /// The next `count` bytes, what was read past the last line first; nil when the connection
    /// ends, or stays silent past `deadline`, before they all came.
    mutating func bytes(_ count: Int, deadline: Date) -> Data? {
        var data = Data(capacity: count)
        let buffered = min(count, buffer.count)
        data.append(contentsOf: buffer[..<buffered])
        buffer.removeSubrange(..<buffered)
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while data.count < count {
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { return nil }
            ControlSocket.setTimeout(fd, SO_RCVTIMEO, seconds: remaining)
            let received = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, min($0.count, count - data.count), 0) }
            if received < 0 && errno == EINTR { continue }
            guard received > 0 else { return nil }
            data.append(contentsOf: chunk[..<received])
        }
        return data
    }
}
