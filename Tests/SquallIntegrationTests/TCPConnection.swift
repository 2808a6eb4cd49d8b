import Foundation
import SquallTestSupport

/// A plain TCP connection to 127.0.0.1, for tests about connections themselves (idle, slow, many).
struct TCPConnection {
    let fd: Int32

    /// Connects (blocking); reads wait at most `readTimeout` seconds each, so a test never hangs.
    init(port: Int, readTimeout: Int = 60) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestSupportError("socket: \(String(cString: strerror(errno)))") }
        var timeout = timeval(tv_sec: readTimeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var target = sockaddr_in()
        target.sin_family = sa_family_t(AF_INET)
        target.sin_addr.s_addr = inet_addr("127.0.0.1")
        target.sin_port = in_port_t(UInt16(port).bigEndian)
        let result = withUnsafePointer(to: &target) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            let reason = String(cString: strerror(errno))
            Glibc.close(fd)
            throw TestSupportError("connect: \(reason)")
        }
    }

    func send(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } == bytes.count
    }

    /// What the server sends until it closes: the text, and how it ended.
    enum End: Equatable { case closed, reset, timedOut }

    func readToEnd() -> (text: String, end: End) {
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 { data += buffer[0..<count]; continue }
            let end: End = count == 0 ? .closed : (errno == EAGAIN || errno == EWOULDBLOCK ? .timedOut : .reset)
            return (String(decoding: data, as: UTF8.self), end)
        }
    }

    /// Reads until `marker` has arrived (or the connection ends).
    func read(until marker: String) -> String {
        var text = ""
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !text.contains(marker) {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            text += String(decoding: buffer[0..<count], as: UTF8.self)
        }
        return text
    }

    func close() { Glibc.close(fd) }
}
