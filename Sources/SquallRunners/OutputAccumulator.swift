import Foundation
import SquallModel

/// Reads a child's pipe, hands complete lines to a callback as they arrive, and keeps the whole
/// text for the result. Linear in the output whatever its line lengths: each byte is scanned for
/// a newline once, and a line longer than `maximumLineBytes` is handed on in pieces, each but the
/// last ending with `splitMarker` (a 20 MB line without a newline took 42 s and 229 MB before).
final class OutputAccumulator {
    let stream: OutputStreamKind
    private(set) var text = Data()
    /// Whether the whole text is kept for a result (a long-lived sensor's output is not).
    var keepsText = true
    private var pending = Data()
    /// Bytes past `maximumKeptBytes`, not kept for the result.
    private var droppedBytes = 0
    private let onLine: (OutputStreamKind, String) -> Void
    /// Cap on what is kept for the result, so a chatty child cannot exhaust the supervisor's memory.
    static let maximumKeptBytes = 16 << 20
    /// The longest line handed to the callback (stored as one output row).
    static let maximumLineBytes = 1 << 20
    /// Ends each piece of a line split at `maximumLineBytes`.
    static let splitMarker = " [squall: line split at \(maximumLineBytes) bytes]"

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
        if keepsText {
            let kept = max(0, min(chunk.count, Self.maximumKeptBytes - text.count))
            text.append(chunk.prefix(kept))
            droppedBytes += chunk.count - kept
        }
        var lineStart = chunk.startIndex
        // Only the new bytes are searched: `pending` holds no newline.
        while let newline = chunk[lineStart...].firstIndex(of: 0x0A) {
            pending.append(chunk[lineStart..<newline])
            emitPending()
            lineStart = newline + 1
        }
        pending.append(chunk[lineStart...])
        while pending.count > Self.maximumLineBytes { emitPiece() }
        return true
    }

    private func emitPending() {
        onLine(stream, String(decoding: pending, as: UTF8.self))
        pending.removeAll(keepingCapacity: true)
    }

    /// Hands on the first `maximumLineBytes` of an unfinished line (cut before a UTF-8 sequence
    /// that would straddle the cut), marked as split.
    private func emitPiece() {
        var cut = pending.startIndex + Self.maximumLineBytes
        while cut > pending.startIndex + Self.maximumLineBytes - 4, pending[cut] & 0xC0 == 0x80 { cut -= 1 }
        onLine(stream, String(decoding: pending[pending.startIndex..<cut], as: UTF8.self) + Self.splitMarker)
        pending = Data(pending[cut...])
    }

    /// Emits a last line that had no newline.
    func flush() {
        if !pending.isEmpty { emitPending() }
    }

    /// The kept text; past `maximumKeptBytes`, ending with `truncationMarker` saying how much was
    /// left out (every line is still in the execution's output).
    var string: String {
        let kept = String(decoding: text, as: UTF8.self)
        return droppedBytes == 0 ? kept : kept + Self.truncationMarker(droppedBytes)
    }

    static func truncationMarker(_ dropped: Int) -> String {
        "\n[squall: truncated at \(maximumKeptBytes) bytes, \(dropped) more in the execution's output]"
    }
}
