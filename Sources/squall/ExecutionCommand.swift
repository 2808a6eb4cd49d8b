import ArgumentParser
import Foundation
import SquallEngine
import SquallModel

struct ExecutionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "execution", abstract: "Inspect and control executions.",
        subcommands: [List.self, Get.self, Tail.self, Cancel.self, ReRun.self, Purge.self, Work.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List executions, newest first.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this action.") var action: String?
        @Option(help: "Only this status.") var status: String?
        @Option(help: "Only the task executions of this workflow execution.") var parent: String?
        @Option(name: .shortAndLong, help: "How many.") var n = 50
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let engine = try global.engine()
            var statusFilter: ExecutionStatus? = nil
            if let status {
                guard let parsed = ExecutionStatus(rawValue: status) else { throw CLIError.badInput("unknown status '\(status)'") }
                statusFilter = parsed
            }
            let executions = try reportingErrors { try engine.store.executions(matching: ExecutionQuery(action: action, status: statusFilter, parent: parent, limit: n)) }
            if json {
                say(JSONValue.array(executions.map(ExecutionPresentation.json)).jsonString(pretty: true))
            } else {
                executions.forEach { say(ExecutionPresentation.row($0)) }
            }
        }
    }

    struct Get: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "get", abstract: "Show one execution.")
        @OptionGroup var global: GlobalOptions
        @Argument var id: String
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let engine = try global.engine()
            guard let execution = try reportingErrors({ try engine.store.execution(id: id) }) else {
                throw CLIError.badInput("execution '\(id)' not found")
            }
            say(json ? ExecutionPresentation.json(execution).jsonString(pretty: true) : ExecutionPresentation.text(execution))
        }
    }

    struct Tail: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "tail", abstract: "Print an execution's output as it arrives, until it completes.")
        @OptionGroup var global: GlobalOptions
        @Argument var id: String

        func run() throws {
            let engine = try global.engine()
            var after: Int? = nil
            while true {
                guard let execution = try reportingErrors({ try engine.store.execution(id: id) }) else {
                    throw CLIError.badInput("execution '\(id)' not found")
                }
                for line in try reportingErrors({ try engine.store.output(executionId: id, after: after) }) {
                    if line.stream == .stdout { say(line.line) } else { FileHandle.standardError.write(Data((line.line + "\n").utf8)) }
                    after = line.sequence
                }
                if execution.status.isCompleted {
                    // Lines written just before completion were read above only if the read came after them.
                    for line in try reportingErrors({ try engine.store.output(executionId: id, after: after) }) {
                        if line.stream == .stdout { say(line.line) } else { FileHandle.standardError.write(Data((line.line + "\n").utf8)) }
                    }
                    say("Execution \(id) has completed (status \(execution.status.rawValue)).")
                    return
                }
                usleep(100_000)
            }
        }
    }

    struct Cancel: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Cancel a running or requested execution.")
        @OptionGroup var global: GlobalOptions
        @Argument var id: String

        func run() throws {
            let engine = try global.engine()
            var execution = try reportingErrors { try engine.cancel(id: id) }
            // Give the supervisor a moment to reap the child and record the final state.
            for _ in 0..<50 where !execution.status.isCompleted {
                usleep(100_000)
                execution = (try? engine.store.execution(id: id)) ?? execution
            }
            say("execution \(id): \(execution.status.rawValue)")
        }
    }

    struct ReRun: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "re-run", abstract: "Run an execution's action again with its parameters.")
        @OptionGroup var global: GlobalOptions
        @Argument var id: String
        @Argument(help: "Parameters to change, as name=value.") var parameters: [String] = []
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let engine = try global.engine()
            let request = try reportingErrors { try engine.rerunRequest(id: id, overrides: try ParameterArguments.parse(parameters)) }
            let execution = try reportingErrors { try engine.run(request) }
            say(json ? ExecutionPresentation.json(execution).jsonString(pretty: true) : ExecutionPresentation.text(execution))
            if execution.status != .succeeded { throw ExitCode(1) }
        }
    }

    /// The background half of `run --async`; reads its job from stdin.
    struct Work: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "work", abstract: "Run a recorded execution (used by run --async).", shouldDisplay: false)
        @OptionGroup var global: GlobalOptions

        func run() throws {
            signal(SIGHUP, SIG_IGN)
            let engine = try global.engine()
            let input = FileHandle.standardInput.readDataToEndOfFile()
            guard let job = try? JSONValue.parse(input), let id = job["id"]?.stringValue,
                  let parameters = job["parameters"]?.objectValue else {
                throw CLIError.badInput("execution work: no job on stdin")
            }
            try reportingErrors {
                try engine.executeRecorded(id: id, parameters: parameters, user: job["user"]?.stringValue ?? "squall")
            }
        }
    }
}
