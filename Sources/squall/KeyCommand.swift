import ArgumentParser
import Foundation
import SquallEngine
import SquallModel

/// The key-value datastore (system scope).
struct KeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "key", abstract: "The key-value datastore.",
                                                    subcommands: [Set.self, Get.self, List.self, Delete.self])

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set", abstract: "Set a key.")
        @OptionGroup var global: GlobalOptions
        @Argument var name: String
        @Argument var value: String
        @Option(help: "Seconds until the key expires.") var ttl: Int?

        func run() throws {
            let engine = try global.engine()
            if let ttl, ttl <= 0 { throw CLIError.badInput("--ttl must be a positive number of seconds") }
            guard !name.isEmpty else { throw CLIError.badInput("key name must not be empty") }
            try reportingErrors {
                try engine.store.setValue(KeyValuePair(name: name, value: value,
                                                       expireTimestamp: ttl.map { Date().addingTimeInterval(TimeInterval($0)) }))
            }
            say("\(name) set")
        }
    }

    struct Get: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "get", abstract: "Show a key.")
        @OptionGroup var global: GlobalOptions
        @Argument var name: String
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let engine = try global.engine()
            guard let pair = try reportingErrors({ try engine.store.value(scope: "system", name: name) }) else {
                throw CLIError.badInput("key '\(name)' not found")
            }
            say(json ? DatastoreService.json(pair).jsonString(pretty: true) : pair.value)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List keys.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only keys starting with this.") var prefix: String?
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let engine = try global.engine()
            let pairs = try reportingErrors { try engine.store.values(scope: "system", prefix: prefix, limit: nil, offset: nil) }
            if json {
                say(JSONValue.array(pairs.map(DatastoreService.json)).jsonString(pretty: true))
            } else {
                pairs.forEach { say("\($0.name)\t\($0.value)") }
            }
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a key.")
        @OptionGroup var global: GlobalOptions
        @Argument var name: String

        func run() throws {
            let engine = try global.engine()
            guard try reportingErrors({ try engine.store.deleteValue(scope: "system", name: name) }) else {
                throw CLIError.badInput("key '\(name)' not found")
            }
            say("\(name) deleted")
        }
    }
}
