import Foundation

/// Shows virtualenv and install progress. On a terminal every message replaces one updating line
/// (cut to the terminal's width, so it never wraps); anywhere else (pipe, file, log collector)
/// each message is a plain line of its own, with no control characters.
public final class ProgressDisplay: @unchecked Sendable {
    /// squall's stderr, shared by every command of the process.
    public static let standardError = ProgressDisplay(fileDescriptor: STDERR_FILENO)
    /// squall's stderr as plain lines even on a terminal: for long-running commands whose log lines
    /// share stderr (an updating line would be overwritten by, or overwrite, them).
    public static let plainStandardError = ProgressDisplay(fileDescriptor: STDERR_FILENO, updating: false)

    public let fileDescriptor: Int32
    public let isTerminal: Bool
    private let lock = NSLock()
    private var lineOpen = false

    /// `updating` nil: one updating line exactly when the descriptor is a terminal.
    public init(fileDescriptor: Int32, updating: Bool? = nil) {
        self.fileDescriptor = fileDescriptor
        isTerminal = updating ?? (isatty(fileDescriptor) == 1)
    }

    public func show(_ message: String) {
        lock.lock(); defer { lock.unlock() }
        guard isTerminal else { emit(message + "\n"); return }
        // pip's lines come indented under their step; on one line the indent is noise.
        let text = message.trimmingCharacters(in: .whitespaces).filter { !$0.isNewline && $0 != "\u{1B}" }
        emit("\r\u{1B}[K" + String(text.prefix(max(width() - 1, 10))))
        lineOpen = true
    }

    /// Ends the updating line (if one is showing) so that what is written next starts on its own line.
    public func finish() {
        lock.lock(); defer { lock.unlock() }
        if lineOpen { emit("\n"); lineOpen = false }
    }

    private func width() -> Int {
        var size = winsize()
        if ioctl(fileDescriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }

    private func emit(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(fileDescriptor, $0.baseAddress, $0.count) }
            if written < 0 { if errno == EINTR { continue }; return }
            bytes = bytes.dropFirst(written)
        }
    }
}
