import ArgumentParser
import Foundation
import SquallCommandLine
import SquallEngine
import SquallModel

/// `squall rule-enforcement list`: each time a rule fired, the execution it started or why it could not.
struct RuleEnforcementCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rule-enforcement", abstract: "Recorded rule enforcements.", subcommands: [List.self, Purge.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List rule enforcements, newest first.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only enforcements of this rule (its ref).") var rule: String?
        @Option(name: .customLong("trigger-instance"), help: "Only enforcements for this trigger instance id.") var triggerInstance: String?
        @Option(name: [.customShort("n"), .long], help: "How many.") var limit = 50
        @Flag(name: [.customShort("j"), .long], help: "Print JSON.") var json = false

        func run() throws {
            guard limit > 0 else { throw CLIError.badInput("--limit must be at least 1") }
            let engine = try global.engine()
            let enforcements = try reportingErrors {
                try engine.ruleEnforcements(rule: rule, triggerInstance: triggerInstance, limit: limit)
            }
            if json {
                say(JSONValue.array(enforcements.map(RulePresentation.json)).jsonString(pretty: true))
            } else {
                var table = TextTable(["id", "rule", "trigger_instance_id", "execution_id", "enforced_at", "failure_reason"])
                enforcements.forEach { table.add(RulePresentation.row($0)) }
                table.print()
            }
        }
    }
}
