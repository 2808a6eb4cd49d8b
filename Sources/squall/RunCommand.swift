import ArgumentParser
import Foundation
import SquallCommandLine
import SquallEngine
import SquallModel

/// `squall run <pack.action> [k=v ...]`: exit 0 when the execution succeeded, 1 when it completed
/// otherwise, 2 on bad input.
struct RunCommand: ParsableCommand {
    // `-h` is st2's "show this action's parameters", so only `--help` prints this command's help.
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Run an action (-h after its ref: its parameters).",
                                                    helpNames: [.long])

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The action's ref, <pack>.<action>.")
    var action: String?

    @Flag(name: .customShort("h"), help: "Print the action's parameters (as st2 run ACTION -h) instead of running it.")
    var showParameters = false

    @Argument(help: "Parameters as name=value.")
    var parameters: [String] = []

    @Flag(name: [.customShort("j"), .long], help: "Print the execution as JSON.")
    var json = false

    @Flag(name: [.customShort("a"), .customLong("async")], help: "Record the execution, start it in the background and print its id.")
    var runAsync = false

    @Option(help: "Seconds before the action is killed (overrides the runner's timeout parameter).")
    var timeout: Int?

    func run() throws {
        guard let action else {
            if showParameters { say(RunCommand.helpMessage()); return }
            throw CLIError.badInput("give the action's ref, <pack>.<action> (squall action list shows them)")
        }
        if showParameters {
            let engine = try global.engine(onlyPack: String(action.split(separator: ".").first ?? ""))
            say(ActionPresentation.parameterHelp(try reportingErrors { try engine.action(action) }))
            return
        }
        let request = ExecutionRequest(actionRef: action, parameters: try ParameterArguments.parse(parameters), timeoutSeconds: timeout)
        // Worded here with the flag's name; the engine says "timeout".
        if let timeout, timeout <= 0 { throw CLIError.badInput("--timeout must be a positive number of seconds") }
        // A server running on the data directory takes it (its warm hosts) before any pack is read
        // or the store opened; else it runs here, as without one.
        let settings = try global.settings()
        switch try reportingErrors({ try Engine.runViaServer(request, settings: settings, requestID: GlobalOptions.audit.requestID,
                                                             background: runAsync) }) {
        case .record(let execution)?:
            return try present(execution, started: runAsync)
        case .recorded(let id)?:
            let engine = try global.engine(onlyPack: action)
            return try present(try reportingErrors { try engine.execution(id: id) }, started: runAsync)
        case nil:
            break
        }
        // Only the action's pack is read; an execution run in this process gets the engine's launch warm-up.
        let engine = try Engine.forOneExecution(of: action, inThisProcess: !runAsync) { try global.engine(onlyPack: $0) }
        if runAsync {
            return try present(try reportingErrors { try engine.start(request, worker: try BackgroundWorker.command(settings: engine.settings)) },
                               started: true)
        }
        // A big result comes back as its text and is printed from it (ResultTextPrinting).
        try present(try reportingErrors { try engine.run(request, materializingResult: false) }, started: false)
    }

    /// A started (`--async`) execution's id, or a finished one's record; exit 1 unless it succeeded.
    private func present(_ execution: Execution, started: Bool) throws {
        if started {
            return say(json ? ExecutionPresentation.json(execution).jsonString(pretty: true) : "To get the results, execute:\n squall execution get \(execution.id)")
        }
        ResultTextPrinting.print(execution, json: json)
        if execution.status != .succeeded { throw ExitCode(1) }
    }
}
