import Foundation
import SquallModel
import SquallTransport
import XCTest

/// What one real Python child did, as the supervisor side saw it.
struct ChildOutcome {
    var events: [ChildChannel.Event] = []
    var stdout = ""
    var stderr = ""
    var exitCode: Int32 = -1
    var childPid: Int32 = 0
    var ignoredFrameCount = 0

    var messages: [ChildMessage] {
        events.compactMap { if case .message(let m) = $0 { return m } else { return nil } }
    }

    /// The final result or error message, if the child sent one.
    var outcome: ChildMessage? {
        messages.last { if case .result = $0 { return true }; if case .error = $0 { return true }; return false }
    }

    var result: (status: Bool?, value: JSONValue)? {
        if case .result(let status, let value)? = outcome { return (status, value) }
        return nil
    }

    var logs: [(level: String, logger: String, message: String)] {
        messages.compactMap { if case .log(let l, let n, let m) = $0 { return (l, n, m) } else { return nil } }
    }
}

/// Runs the real action wrapper in a real Python child against a real ChildChannel, playing the
/// supervisor's loop: poll -> read pipes / receive messages / answer datastore requests.
struct ChildRun {
    var fixture: String
    var parameters: [String: JSONValue] = [:]
    var config: [String: JSONValue] = [:]
    var pack = "testpack"
    var executionId = "exec-\(UUID().uuidString.prefix(8))"
    var datastore = DictionaryDatastore()
    /// Called after the channel is bound and before the child starts (e.g. to connect impostors).
    var beforeChild: ((ChildChannel) throws -> Void)?

    func run(file: StaticString = #filePath, line: UInt = #line) throws -> ChildOutcome {
        let context = try ZmqContext()
        let directory = try TestPaths.makePrivateDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let channel = try ChildChannel(context: context, directory: directory, executionId: executionId)
        defer { channel.close() }
        try beforeChild?(channel)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: try PythonVenv.python())
        process.arguments = [TestPaths.actionWrapper.path]
        process.environment = [
            "SQUALL_CHANNEL": channel.endpoint,
            "SQUALL_EXECUTION_ID": executionId,
            "PYTHONPATH": TestPaths.pythonRunnerDirectory.path,
            "PATH": "/usr/bin:/bin",
            "LANG": "C.UTF-8",
            // Keep the source tree free of __pycache__ directories.
            "PYTHONDONTWRITEBYTECODE": "1",
        ]
        let stdoutPipe = Pipe(), stderrPipe = Pipe()
        process.standardOutput = stdoutPipe
        process.standardError = stderrPipe
        process.standardInput = FileHandle.nullDevice
        try process.run()

        let stdoutFd = stdoutPipe.fileHandleForReading.fileDescriptor
        let stderrFd = stderrPipe.fileHandleForReading.fileDescriptor
        var buffers: [Int32: Data] = [stdoutFd: Data(), stderrFd: Data()]
        var openFds = [stdoutFd, stderrFd]
        var outcome = ChildOutcome()
        // Hang protection only: nothing asserts on time.
        let deadline = Date().addingTimeInterval(60)
        var quietPollsAfterExit = 0

        while true {
            let ready = try channel.poll(fds: openFds, timeoutMilliseconds: 50)
            for fd in ready.readableFds {
                var chunk = [UInt8](repeating: 0, count: 65536)
                let count = read(fd, &chunk, chunk.count)
                if count > 0 { buffers[fd]!.append(contentsOf: chunk[0..<count]) } else { openFds.removeAll { $0 == fd } }
            }
            while let event = try channel.receive() {
                outcome.events.append(event)
                switch event {
                case .message(.hello):
                    try channel.send(.execute(ExecuteRequest(
                        executionId: executionId, pack: pack, action: "\(pack).\(fixture)",
                        entryPoint: TestPaths.fixture(fixture), parameters: parameters, config: config,
                        user: "tester")))
                case .message(.datastore(let id, let op, let args)):
                    try channel.send(datastore.answer(id: id, op: op, args: args))
                default:
                    break
                }
            }
            if openFds.isEmpty && !process.isRunning {
                // Frames the child sent before exiting may still be on their way through libzmq.
                if ready.channelHasMessages { quietPollsAfterExit = 0 } else { quietPollsAfterExit += 1 }
                if quietPollsAfterExit >= 4 { break }
            }
            if Date() > deadline {
                process.terminate()
                XCTFail("child did not finish", file: file, line: line)
                break
            }
        }
        process.waitUntilExit()
        outcome.exitCode = process.terminationStatus
        outcome.childPid = process.processIdentifier
        outcome.stdout = String(decoding: buffers[stdoutFd]!, as: UTF8.self)
        outcome.stderr = String(decoding: buffers[stderrFd]!, as: UTF8.self)
        outcome.ignoredFrameCount = channel.ignoredFrameCount
        return outcome
    }
}
