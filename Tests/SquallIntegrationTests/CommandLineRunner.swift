import Foundation
import SquallEngine

/// What a run of the real `squall` binary printed and how it exited.
struct Outcome {
    var status: Int32; var stdout: String; var stderr: String

    /// Runs `executable` to its end, stdin not a terminal, and keeps what it printed.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]) throws -> Outcome {
        let (process, out, err) = try start(executable, arguments, environment: environment)
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                       stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Starts `executable`, stdin not a terminal, its output in pipes (read once it ended).
    static func start(_ executable: String, _ arguments: [String], environment: [String: String]) throws
        -> (process: Process, stdout: Pipe, stderr: Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return (process, out, err)
    }
}

extension IntegrationHarness {
    /// Runs the real `squall` binary on this harness's data directory and packs (or `environment`),
    /// stdin not a terminal.
    func squall(_ arguments: [String], environment: [String: String]? = nil) throws -> Outcome {
        try Outcome.run(CommandLineTests.binary, arguments, environment: environment ?? commandLineEnvironment)
    }

    /// `squall arguments` under a 2 GB address-space cap (`ulimit -v`): a command that would
    /// exhaust memory fails here instead of taking the machine with it.
    func cappedSquall(_ arguments: [String], environment: [String: String]? = nil) throws -> Outcome {
        try Outcome.run("/bin/sh", ["-c", "ulimit -v 2000000 && exec \"$0\" \"$@\"", CommandLineTests.binary] + arguments,
                        environment: environment ?? commandLineEnvironment)
    }

    /// Starts `squall server` (warnings only, stderr discarded) on this harness's data directory and
    /// packs (or `environment`) and returns once it answers on its control socket; the caller
    /// stops it (SIGTERM) and checks how it exited. `arguments` are added (`--concurrency 1`).
    func startServer(environment: [String: String]? = nil, arguments: [String] = []) throws -> Process {
        let server = Process()
        server.executableURL = URL(fileURLWithPath: CommandLineTests.binary)
        server.arguments = ["server", "--log-level", "warning"] + arguments
        server.environment = environment ?? commandLineEnvironment
        server.standardError = FileHandle.nullDevice
        try server.run()
        let client = ControlClient(dataDirectory: server.environment?["SQUALL_DATA_DIR"] ?? dataDirectory)
        let deadline = Date().addingTimeInterval(60)
        while server.isRunning, Date() < deadline {
            if (try? client.send(["op": "ping"])) != nil { break }
            usleep(20_000)
        }
        return server
    }
}
