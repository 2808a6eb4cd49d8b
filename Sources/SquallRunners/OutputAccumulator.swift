import Foundation
import SquallModel

/// Reads a child's pipe, hands complete lines to a callback as they arrive, and keeps the whole
/// text for the result.
final class OutputAccumulator {
    let stream: OutputStreamKind
    private(set) var text = Data()
    /// Whether the whole text is kept for a result (a long-lived sensor's output is not).
    var keepsText = true
    private var pending = Data()
    private let onLine: (OutputStreamKind, String) -> Void
    /// Cap on what is kept for the result, so a chatty child cannot exhaust the supervisor's memory.
    static let maximumKeptBytes = 16 << 20

    init(stream: OutputStreamKind, onLine: @escaping (OutputStreamKind, String) -> Void) {
        self.stream = stream; self.onLine = onLine
    }

    /// Reads what is available on `fd`. Returns false at end of file.
    func read(from fd: Int32) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        if count < 0 {
            return errno == EINTR || errno == EAGAIN
        }
        if count == 0 {
            flush()
            return false
        }
        let chunk = Data(buffer[0..<count])
        if keepsText && text.count < Self.maximumKeptBytes { text.append(chunk.prefix(Self.maximumKeptBytes - text.count)) }
        pending.append(chunk)
        while let newline = pending.firstIndex(of: 0x0A) {
            let line = pending[pending.startIndex..<newline]
            onLine(stream, String(decoding: line, as: UTF8.self))
            pending.removeSubrange(pending.startIndex...newline)
        }
        return true
    }

    /// Emits a last line that had no newline.
    func flush() {
        if !pending.isEmpty {
            onLine(stream, String(decoding: pending, as: UTF8.self))
            pending.removeAll()
        }
    }

    var string: String { String(decoding: text, as: UTF8.self) }
}
