import ArgumentParser
import Foundation
import SquallCommandLine
import SquallEngine
import SquallRunners

/// The root command: `squall <verb> ...`, st2's verbs.
struct Squall: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "squall",
        abstract: "Run StackStorm packs' actions in sandboxed children.",
        version: "squall \(Engine.version)",
        subcommands: [PackCommand.self, ActionCommand.self, RunCommand.self, ExecutionCommand.self, KeyCommand.self, SandboxCommand.self, ServerVerb.self, SensorCommand.self, TriggerCommand.self, TriggerInstanceCommand.self, RuleCommand.self, RuleEnforcementCommand.self, InquiryCommand.self, UserVerb.self, BenchServerCommand.self, BenchWorkflowsCommand.self]
    )
}

@main
enum Main {
    static func main() {
        // Before parsing: squall-server parses these verbs' arguments itself.
        if CommandLine.arguments.count > 1, ServerProgram.verbs.contains(CommandLine.arguments[1]) { ServerProgram.exec() }
        runCommandLine(Squall.self)
    }
}
