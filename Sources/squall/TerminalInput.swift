import Foundation

/// Line input from a terminal on stdin, with echo turned off for secrets. Echo is restored when
/// the line is read, and also when the user interrupts, so the shell is never left silent.
enum TerminalInput {
    static var isTerminal: Bool { isatty(STDIN_FILENO) == 1 }

    /// Writes the prompt and reads one line (nil at end of input).
    static func line(prompt: String, hidden: Bool) -> String? {
        guard hidden, var settings = EchoGuard.current() else {
            FileHandle.standardOutput.write(Data(prompt.utf8))
            return readLine(strippingNewline: true)
        }
        EchoGuard.saved = settings
        signal(SIGINT, EchoGuard.restoreAndExit)
        // Echo goes off before the prompt shows, as getpass does: nothing typed after it is echoed.
        settings.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &settings)
        FileHandle.standardOutput.write(Data(prompt.utf8))
        defer {
            EchoGuard.restore()
            signal(SIGINT, SIG_DFL)
            // The user's Enter was not echoed either.
            FileHandle.standardOutput.write(Data("\n".utf8))
        }
        return readLine(strippingNewline: true)
    }
}

/// The terminal settings to put back after hidden input.
private enum EchoGuard {
    nonisolated(unsafe) static var saved: termios?

    static func current() -> termios? {
        var settings = termios()
        return tcgetattr(STDIN_FILENO, &settings) == 0 ? settings : nil
    }

    static func restore() {
        if var settings = saved { tcsetattr(STDIN_FILENO, TCSAFLUSH, &settings) }
        saved = nil
    }

    /// A signal handler: only async-signal-safe calls (tcsetattr, write, _exit).
    static let restoreAndExit: @convention(c) (Int32) -> Void = { _ in
        if var settings = EchoGuard.saved { tcsetattr(STDIN_FILENO, TCSANOW, &settings) }
        _ = write(STDOUT_FILENO, "\n", 1)
        _exit(130)
    }
}
