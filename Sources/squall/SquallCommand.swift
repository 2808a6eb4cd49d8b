import ArgumentParser
import Foundation
import SquallEngine
import SquallRunners

/// The root command: `squall <verb> ...`, st2's verbs.
struct Squall: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "squall",
        abstract: "Run StackStorm packs' actions in sandboxed children.",
        version: "squall \(Engine.version)",
        subcommands: [PackCommand.self, ActionCommand.self, RunCommand.self, ExecutionCommand.self, KeyCommand.self, SandboxCommand.self, ServerCommand.self, SensorCommand.self, TriggerCommand.self, TriggerInstanceCommand.self, RuleCommand.self, RuleEnforcementCommand.self, UserCommand.self, BenchServerCommand.self, BenchWorkflowsCommand.self]
    )
}

@main
enum Main {
    /// Exit codes: 0 success, 1 an execution completed without succeeding, 2 bad input.
    static func main() {
        do {
            var command = try Squall.parseAsRoot()
            try command.run()
            ProgressDisplay.standardError.finish()
        } catch let error as ExitCode {
            ProgressDisplay.standardError.finish()
            exit(error.rawValue)
        } catch let error as CLIError {
            ProgressDisplay.standardError.finish()
            FileHandle.standardError.write(Data(("error: " + error.message + "\n").utf8))
            exit(error.code)
        } catch {
            let code = Squall.exitCode(for: error)
            if code == .success {
                Squall.exit(withError: error)
            }
            // Usage mistakes are bad input, like a bad parameter.
            FileHandle.standardError.write(Data(("error: " + Squall.message(for: error) + "\n").utf8))
            exit(2)
        }
    }
}
