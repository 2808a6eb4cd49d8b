import Foundation
import SquallEngine

/// What a run of the real `squall` binary printed and how it exited.
struct Outcome { var status: Int32; var stdout: String; var stderr: String }

extension IntegrationHarness {
    /// Runs the real `squall` binary on this harness's data directory and packs (or `environment`),
    /// stdin not a terminal.
    func squall(_ arguments: [String], environment: [String: String]? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLineTests.binary)
        process.arguments = arguments
        process.environment = environment ?? commandLineEnvironment
        process.standardInput = FileHandle.nullDevice
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                       stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// `squall arguments` under a 2 GB address-space cap (`ulimit -v`): a command that would
    /// exhaust memory fails here instead of taking the machine with it.
    func cappedSquall(_ arguments: [String], environment: [String: String]? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "ulimit -v 2000000 && exec \"$0\" \"$@\"", CommandLineTests.binary] + arguments
        process.environment = environment ?? commandLineEnvironment
        process.standardInput = FileHandle.nullDevice
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                       stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Starts `squall server` (warnings only, stderr discarded) on this harness's data directory and
    /// packs (or `environment`) and returns once it answers on its control socket; the caller
    /// stops it (SIGTERM) and checks how it exited.
    func startServer(environment: [String: String]? = nil) throws -> Process {
        let server = Process()
        server.executableURL = URL(fileURLWithPath: CommandLineTests.binary)
        server.arguments = ["server", "--log-level", "warning"]
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
