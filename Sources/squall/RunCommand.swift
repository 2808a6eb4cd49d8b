import ArgumentParser
import Foundation
import SquallEngine
import SquallModel
import SquallSandbox

/// `squall run <pack.action> [k=v ...]`: exit 0 when the execution succeeded, 1 when it completed
/// otherwise, 2 on bad input.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Run an action.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The action's ref, <pack>.<action>.")
    var action: String

    @Argument(help: "Parameters as name=value.")
    var parameters: [String] = []

    @Flag(help: "Print the execution as JSON.")
    var json = false

    @Flag(name: .customLong("async"), help: "Record the execution, start it in the background and print its id.")
    var runAsync = false

    @Option(help: "Seconds before the action is killed (overrides the runner's timeout parameter).")
    var timeout: Int?

    func run() throws {
        // One child per command: pay the first cgroup move's grace period while packs load.
        if !runAsync { CgroupMigrationWarmup.begin() }
        // An action ref is <pack>.<action>: only that pack's content is read.
        let engine = try global.engine(onlyPack: action.split(separator: ".", maxSplits: 1).first.map(String.init))
        let request = ExecutionRequest(actionRef: action, parameters: try ParameterArguments.parse(parameters), timeoutSeconds: timeout)
        if runAsync {
            let execution = try reportingErrors { try BackgroundWorker.start(engine: engine, request: request) }
            say(json ? ExecutionPresentation.json(execution).jsonString(pretty: true) : "To get the results, execute:\n squall execution get \(execution.id)")
            return
        }
        let execution = try reportingErrors { try engine.run(request) }
        say(json ? ExecutionPresentation.json(execution).jsonString(pretty: true) : ExecutionPresentation.text(execution))
        if execution.status != .succeeded { throw ExitCode(1) }
    }
}
