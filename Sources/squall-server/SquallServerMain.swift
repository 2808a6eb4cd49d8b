import ArgumentParser
import SquallCommandLine
import SquallEngine

/// squall-server: the commands that need the HTTP stack or password hashing (Hummingbird, NIO,
/// bcrypt, SHA-256), kept out of the `squall` binary so its one-shot commands start faster.
/// `squall server ...` and `squall user ...` exec this binary with the same arguments.
struct SquallServer: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "squall",
        abstract: "squall's server and user management (run as `squall server`, `squall user`).",
        version: "squall \(Engine.version)",
        subcommands: [ServerCommand.self, UserCommand.self])
}

@main
enum Main {
    static func main() { runCommandLine(SquallServer.self) }
}
