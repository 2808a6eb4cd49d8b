import ArgumentParser
import Foundation
import SquallCommandLine
import SquallEngine
import SquallModel

struct ExecutionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "execution", abstract: "Inspect and control executions.",
        subcommands: [List.self, Get.self, Tail.self, Cancel.self, Pause.self, Resume.self, ReRun.self, Purge.self, Work.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List executions, newest first.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this action.") var action: String?
        @Option(help: "Only this status.") var status: String?
        @Option(help: "Only the task executions of this workflow execution.") var parent: String?
        @Option(help: "Only executions started by this user.") var user: String?
        @Option(help: "Only executions this rule started (its ref).") var rule: String?
        @Option(name: .customLong("trigger-instance"), help: "Only executions started for this trigger instance id.") var triggerInstance: String?
        @Option(name: .shortAndLong, help: "How many.") var n = 50
        @Option(help: "Skip this many of the newest first.") var offset = 0
        @Option(name: [.customShort("a"), .customLong("attr")], parsing: .upToNextOption,
                help: "Only these attributes, as st2's --attr: id, status, action.ref, result, result.stdout, ...") var attributes: [String] = []
        @Flag(name: [.customShort("j"), .long], help: "Print JSON.") var json = false

        func run() throws {
            let engine = try global.engine()
            var statusFilter: ExecutionStatus? = nil
            if let status {
                guard let parsed = ExecutionStatus(rawValue: status) else { throw CLIError.badInput("unknown status '\(status)'") }
                statusFilter = parsed
            }
            guard n >= 1 else { throw CLIError.badInput("-n must be at least 1") }
            try ExecutionPresentation.checkAttributes(attributes)
            guard offset >= 0 else { throw CLIError.badInput("--offset must not be negative") }
            var query = ExecutionQuery(action: action, status: statusFilter, user: user, parent: parent, rule: rule, triggerInstance: triggerInstance,
                                       limit: n, offset: offset)
            // Only what is shown is read: a list of big results would read them all.
            query.includeResults = attributes.isEmpty ? json : attributes.contains { $0 == "result" || $0.hasPrefix("result.") }
            let executions = try reportingErrors { try engine.executions(query) }.items
            if json {
                say(JSONValue.array(executions.map { ExecutionPresentation.selecting(attributes, of: ExecutionPresentation.json($0)) }).jsonString(pretty: true))
            } else if attributes.isEmpty {
                ExecutionPresentation.table(executions).print()
            } else {
                ExecutionPresentation.table(executions, attributes: attributes).print()
            }
        }
    }

    struct Get: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "get", abstract: "Show one execution.")
        @OptionGroup var global: GlobalOptions
        @Argument var id: String
        @Flag(name: [.customShort("j"), .long], help: "Print JSON.") var json = false

        func run() throws {
            // Only records are read: no pack (issue 11); a big result is printed from its text (issue 15).
            let engine = try global.engine(loadingPacks: false)
            let execution = try reportingErrors { try engine.executionKeepingResultText(id: id) }
            ResultTextPrinting.print(execution, json: json)
            // A workflow's tasks follow, as st2 prints them (not with --json: one document stays parseable).
            if !json {
                let children = try reportingErrors { try engine.taskExecutions(of: execution) }
                if !children.isEmpty { WorkflowTaskTable.table(children).print() }
            }
        }
    }

    struct Tail: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "tail", abstract: "Print an execution's output as it arrives, until it completes.")
        @OptionGroup var global: GlobalOptions
        @Argument var id: String

        func run() throws {
            let engine = try global.engine()
            let execution = try reportingErrors {
                try engine.followOutput(executionId: id) { line in
                    if line.stream == .stdout { say(line.line) } else { FileHandle.standardError.write(Data((line.line + "\n").utf8)) }
                }
            }
            say("Execution \(id) has completed (status \(execution.status.rawValue)).")
        }
    }

    struct Cancel: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Cancel a running or requested execution.")
        @OptionGroup var global: GlobalOptions
        @Argument var id: String

        func run() throws {
            let engine = try global.engine()
            // Give the supervisor a moment to reap the child and record the final state.
            let execution = try reportingErrors { try engine.cancel(id: id, waitingUpTo: 5) }
            say("execution \(id): \(execution.status.rawValue)")
        }
    }

    struct Pause: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "pause", abstract: "Pause a running workflow (its running tasks end first).")
        @OptionGroup var global: GlobalOptions
        @Argument var id: String

        func run() throws {
            let engine = try global.engine()
            let execution = try reportingErrors { try engine.pause(id: id) }
            say("execution \(id): \(execution.status.rawValue)")
        }
    }

    struct Resume: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "resume", abstract: "Resume a paused workflow from its saved state, in the background.")
        @OptionGroup var global: GlobalOptions
        @Argument var id: String

        func run() throws {
            let engine = try global.engine()
            let execution = try reportingErrors { try engine.resume(id: id, worker: try BackgroundWorker.command(settings: engine.settings)) }
            say("execution \(id): \(execution.status.rawValue)")
        }
    }

    struct ReRun: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "re-run", abstract: "Run an execution's action again with its parameters.")
        @OptionGroup var global: GlobalOptions
        @Argument var id: String
        @Argument(help: "Parameters to change, as name=value.") var parameters: [String] = []
        @Option(help: "Failed tasks of an orquesta workflow to run again (comma-separated or repeated); the tasks that succeeded keep their results.")
        var tasks: [String] = []
        @Option(name: .customLong("no-reset"), help: "With-items tasks among --tasks that run only their failed items again (others run all their items).")
        var noReset: [String] = []
        @Flag(name: [.customShort("j"), .long], help: "Print JSON.") var json = false

        func run() throws {
            let engine = try global.engine()
            let overrides = try ParameterArguments.parse(parameters)
            let named = tasks.flatMap { $0.split(separator: ",").map(String.init) }
            let kept = Set(noReset.flatMap { $0.split(separator: ",").map(String.init) })
            if let stray = kept.sorted().first(where: { !named.contains($0) }) {
                throw CLIError.badInput("--no-reset: task '\(stray)' is not one of --tasks")
            }
            let execution = try reportingErrors {
                try engine.rerun(id: id, overrides: overrides, tasks: named, reset: named.filter { !kept.contains($0) })
            }
            if json { say(ExecutionPresentation.json(execution).jsonString(pretty: true)) } else { say(lines: ExecutionPresentation.lines(execution)) }
            if execution.status != .succeeded { throw ExitCode(1) }
        }
    }

    /// The background half of `run --async`; reads its job from stdin.
    struct Work: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "work", abstract: "Run a recorded execution (used by run --async).", shouldDisplay: false)
        @OptionGroup var global: GlobalOptions

        func run() throws {
            signal(SIGHUP, SIG_IGN)
            let job = try reportingErrors { try BackgroundJob.read(FileHandle.standardInput.readDataToEndOfFile()) }
            let engine = try Engine.forOneExecution(of: job.actionRef) { try global.engine(onlyPack: $0) }
            try reportingErrors { try engine.run(job) }
        }
    }
}
