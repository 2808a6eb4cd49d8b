import ArgumentParser
import Foundation
import SquallCommandLine

/// `squall server` and `squall user` run in squall-server (beside this executable, as squall-init
/// is): they need Hummingbird, NIO and bcrypt, which would slow every other command's start-up.
enum ServerProgram {
    static let verbs: Set<String> = ["server", "user"]
    static let name = "squall-server"

    /// Replaces this process with squall-server and the same arguments (same pid: signals sent to
    /// `squall server` reach the server); returns only by exiting with a one-line error.
    static func exec() -> Never {
        let directory = (try? BackgroundWorker.executablePath()).map { URL(fileURLWithPath: $0).deletingLastPathComponent().path } ?? "."
        let path = directory + "/" + name
        let arguments = [name] + CommandLine.arguments.dropFirst()
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        execv(path, &argv)
        let reason = String(cString: strerror(errno))
        FileHandle.standardError.write(Data("error: \(name) is not runnable beside the squall executable (\(path): \(reason)); `squall \(CommandLine.arguments[1])` needs it\n".utf8))
        exit(1)
    }
}

/// `squall server` in `squall --help` (the command itself is squall-server's, see `ServerProgram`).
struct ServerVerb: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "server", abstract: "Host sensors, fire timers and enforce rules.")
    @Argument(parsing: .captureForPassthrough) var arguments: [String] = []
    func run() throws { ServerProgram.exec() }
}

/// `squall user` in `squall --help` (the command itself is squall-server's, see `ServerProgram`).
struct UserVerb: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Users of the HTTP API.")
    @Argument(parsing: .captureForPassthrough) var arguments: [String] = []
    func run() throws { ServerProgram.exec() }
}
