import Foundation
import SquallEngine

/// `--async`: this executable runs the execution in a detached `squall execution work` process
/// (the engine hands the job over on its stdin, see `Engine.start(_:worker:)`).
enum BackgroundWorker {
    static func command(settings: Settings) throws -> WorkerCommand {
        WorkerCommand(executable: try executablePath(),
                      arguments: ["execution", "work", "--data-dir", settings.dataDirectory,
                                  "--packs-path", settings.packsPath.dropFirst().joined(separator: ":")])
    }

    static func executablePath() throws -> String {
        if let url = Bundle.main.executableURL { return url.resolvingSymlinksInPath().path }
        return URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
    }
}
