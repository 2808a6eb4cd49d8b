import Foundation
import SquallEngine
import SquallModel

/// `--async`: a detached `squall execution work <id>` process runs the execution. Final parameter
/// values (secrets included) reach it on its stdin, never in argv or its environment.
enum BackgroundWorker {
    static func start(engine: Engine, request: ExecutionRequest) throws -> Execution {
        let prepared = try engine.prepare(request)
        let worker = Process()
        worker.executableURL = URL(fileURLWithPath: try executablePath())
        worker.arguments = ["execution", "work", "--data-dir", engine.settings.dataDirectory,
                            "--packs-path", engine.settings.packsPath.dropFirst().joined(separator: ":")]
        let input = Pipe()
        worker.standardInput = input
        worker.standardOutput = FileHandle.nullDevice
        worker.standardError = FileHandle.nullDevice
        try worker.run()
        // Owned by the worker from the start, so nobody takes it for an orphan.
        let recorded = try engine.record(prepared, owner: worker.processIdentifier)
        let payload: JSONValue = ["id": .string(recorded.id), "action": .string(prepared.action.ref),
                                  "parameters": .object(prepared.parameters), "user": .string(prepared.user)]
        input.fileHandleForWriting.write(Data(payload.jsonString().utf8))
        try input.fileHandleForWriting.close()
        return recorded
    }

    static func executablePath() throws -> String {
        if let url = Bundle.main.executableURL { return url.resolvingSymlinksInPath().path }
        return URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
    }
}
