import ArgumentParser
import Foundation
import SquallCommandLine
import SquallEngine
import SquallModel

/// `squall trigger-instance list|get`: the trigger instances the server recorded, with their status.
struct TriggerInstanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trigger-instance", abstract: "Recorded trigger instances and their status.", subcommands: [List.self, Get.self, Purge.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List trigger instances, newest first.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only instances of this trigger type.") var trigger: String?
        @Option(help: "Only this status: \(TriggerInstanceStatus.allCases.map(\.rawValue).joined(separator: ", ")).") var status: String?
        @Option(name: [.customShort("n"), .long], help: "How many.") var limit = 50
        @Flag(name: [.customShort("j"), .long], help: "Print JSON.") var json = false

        func run() throws {
            var statusFilter: TriggerInstanceStatus? = nil
            if let status {
                guard let parsed = TriggerInstanceStatus(rawValue: status) else {
                    throw CLIError.badInput("--status: unknown status '\(status)' (one of \(TriggerInstanceStatus.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                statusFilter = parsed
            }
            guard limit > 0 else { throw CLIError.badInput("--limit must be at least 1") }
            let engine = try global.engine()
            let instances = try reportingErrors { try engine.triggerInstances(trigger: trigger, status: statusFilter, limit: limit) }
            if json {
                say(JSONValue.array(instances.map(RulePresentation.json)).jsonString(pretty: true))
            } else {
                var table = TextTable(["id", "trigger", "status", "occurrence_time"])
                instances.forEach { table.add(RulePresentation.row($0)) }
                table.print()
            }
        }
    }

    struct Get: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "get", abstract: "Show one trigger instance with its payload and status log.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The trigger instance's id.") var id: String
        @Flag(name: [.customShort("j"), .long], help: "Print JSON.") var json = false

        func run() throws {
            let engine = try global.engine()
            let instance = try reportingErrors { try engine.triggerInstance(id: id) }
            say(json ? RulePresentation.json(instance).jsonString(pretty: true) : RulePresentation.text(instance))
        }
    }
}
