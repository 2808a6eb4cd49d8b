import ArgumentParser
import Foundation
import SquallCommandLine
import SquallEngine
import SquallModel

/// `--older-than DAYS` of the purge verbs: what the server's garbage collector does with the
/// `*_ttl` settings, once and by hand (fractions of a day allowed).
struct PurgeAge: ParsableArguments {
    @OptionGroup var global: GlobalOptions
    @Option(name: .customLong("older-than"), help: "Delete records older than this many days (e.g. 30, or 0.5).") var days: Double

    /// Deletes the `records` older than the age and says how many went.
    func run(_ records: PurgeableRecords) throws {
        guard days.isFinite, days > 0 else { throw CLIError.badInput("--older-than: \(days) is not a positive number of days") }
        let cutoff = Date().addingTimeInterval(-days * 86_400)
        let engine = try global.engine()
        let count = try reportingErrors { try engine.purge(records, olderThan: cutoff) }
        say("purged \(count) \(records.rawValue) older than \(Timestamps.format(cutoff))")
    }
}

extension TriggerInstanceCommand {
    struct Purge: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "purge", abstract: "Delete trigger instances older than some days.")
        @OptionGroup var age: PurgeAge
        func run() throws { try age.run(.triggerInstances) }
    }
}

extension RuleEnforcementCommand {
    struct Purge: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "purge", abstract: "Delete rule enforcements older than some days.")
        @OptionGroup var age: PurgeAge
        func run() throws { try age.run(.ruleEnforcements) }
    }
}

extension ExecutionCommand {
    struct Purge: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "purge", abstract: "Delete completed executions (and their output) older than some days.")
        @OptionGroup var age: PurgeAge
        func run() throws { try age.run(.executions) }
    }
}
