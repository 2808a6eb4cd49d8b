import Foundation
import SquallModel

/// The unix stream socket a running server listens on (`<data-dir>/control.sock`) and the
/// line-oriented I/O both ends use: one JSON object per line each way.
enum ControlSocket {
    static func path(dataDirectory: String) -> String { dataDirectory + "/control.sock" }

    /// The longest request or answer line either end accepts (a trigger payload rides in one).
    static let maxLineBytes = 1 << 20

    /// A `sockaddr_un` for `path`, or nil when the path does not fit in one.
    static func address(_ path: String) -> sockaddr_un? {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return nil }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        return address
    }

    static func withSockaddr<T>(_ address: sockaddr_un, _ body: (UnsafePointer<sockaddr>, socklen_t) -> T) -> T {
        var address = address
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
    }

    /// Reads and writes time out after `seconds`, so a silent peer cannot hold a thread forever.
    static func setTimeouts(_ fd: Int32, seconds: TimeInterval) {
        setTimeout(fd, SO_RCVTIMEO, seconds: seconds)
        setTimeout(fd, SO_SNDTIMEO, seconds: seconds)
    }

    static func setTimeout(_ fd: Int32, _ option: Int32, seconds: TimeInterval) {
        // At least 1 ms: a zero timeval would mean no timeout at all.
        let microseconds = max(1_000, Int(seconds * 1_000_000))
        var value = timeval(tv_sec: microseconds / 1_000_000, tv_usec: microseconds % 1_000_000)
        setsockopt(fd, SOL_SOCKET, option, &value, socklen_t(MemoryLayout<timeval>.size))
    }

    /// The peer's uid and pid (SO_PEERCRED: struct ucred is pid, uid, gid).
    static func peerCredentials(_ fd: Int32) -> (pid: Int32, uid: uid_t)? {
        var credentials: (Int32, UInt32, UInt32) = (0, 0, 0)
        var size = socklen_t(MemoryLayout<(Int32, UInt32, UInt32)>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &size) == 0 else { return nil }
        return (credentials.0, credentials.1)
    }

    /// Writes all of `line` and a newline; false when the peer went away or timed out.
    static func writeLine(_ fd: Int32, _ line: String) -> Bool {
        var bytes = Array(line.utf8)
        bytes.append(UInt8(ascii: "\n"))
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return false }
            offset += written
        }
        return true
    }

    static func answer(_ fd: Int32, _ value: JSONValue) -> Bool { writeLine(fd, value.jsonString()) }

    static func refusal(_ message: String) -> JSONValue { ["ok": false, "error": .string(message)] }
}

/// Splits what a socket delivers into lines, holding at most `ControlSocket.maxLineBytes`.
struct ControlLineReader {
    enum Next { case line([UInt8]), end, timedOut, tooLong }

    let fd: Int32
    // Read past a line by `bytes(_:deadline:)` (ControlSocket+Bytes).
    var buffer: [UInt8] = []
    private var scanned = 0

    init(fd: Int32) { self.fd = fd }

    /// The next line; with a `deadline`, the whole line must arrive by then (a peer dripping one
    /// byte at a time does not hold the connection open past it).
    mutating func next(deadline: Date? = nil) -> Next {
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            if let newline = buffer[scanned...].firstIndex(of: UInt8(ascii: "\n")) {
                guard newline <= ControlSocket.maxLineBytes else { return .tooLong }
                let line = Array(buffer[..<newline])
                buffer.removeSubrange(...newline)
                scanned = 0
                return .line(line)
            }
            scanned = buffer.count
            guard buffer.count <= ControlSocket.maxLineBytes else { return .tooLong }
            if let deadline {
                let remaining = deadline.timeIntervalSinceNow
                guard remaining > 0 else { return .timedOut }
                ControlSocket.setTimeout(fd, SO_RCVTIMEO, seconds: remaining)
            }
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return .timedOut }
            guard count > 0 else { return .end }
            buffer.append(contentsOf: chunk[..<count])
        }
    }
}
