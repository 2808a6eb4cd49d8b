import ArgumentParser
import Foundation
import SquallEngine
import SquallModel
import SquallStore

/// `--older-than DAYS` of the purge verbs: what the server's garbage collector does with the
/// `*_ttl` settings, once and by hand (fractions of a day allowed).
struct PurgeAge: ParsableArguments {
    @OptionGroup var global: GlobalOptions
    @Option(name: .customLong("older-than"), help: "Delete records older than this many days (e.g. 30, or 0.5).") var days: Double

    /// Deletes with `purge` what is older than the age and says how many `records` went.
    func run(_ records: String, _ purge: (any Store, Date) throws -> Int) throws {
        guard days.isFinite, days > 0 else { throw CLIError.badInput("--older-than: \(days) is not a positive number of days") }
        let cutoff = Date().addingTimeInterval(-days * 86_400)
        let engine = try global.engine()
        let count = try reportingErrors { try purge(engine.store, cutoff) }
        say("purged \(count) \(records) older than \(Timestamps.format(cutoff))")
    }
}

extension TriggerInstanceCommand {
    struct Purge: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "purge", abstract: "Delete trigger instances older than some days.")
        @OptionGroup var age: PurgeAge
        func run() throws { try age.run("trigger instances") { try $0.purgeTriggerInstances(occurredBefore: $1) } }
    }
}

extension RuleEnforcementCommand {
    struct Purge: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "purge", abstract: "Delete rule enforcements older than some days.")
        @OptionGroup var age: PurgeAge
        func run() throws { try age.run("rule enforcements") { try $0.purgeRuleEnforcements(enforcedBefore: $1) } }
    }
}

extension ExecutionCommand {
    struct Purge: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "purge", abstract: "Delete completed executions (and their output) older than some days.")
        @OptionGroup var age: PurgeAge
        func run() throws { try age.run("completed executions") { try $0.purgeExecutions(completedBefore: $1) } }
    }
}
