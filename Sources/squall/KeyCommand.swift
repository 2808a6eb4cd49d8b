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
            try reportingErrors { try engine.setKey(name, value: value, ttlSeconds: ttl) }
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
            let pair = try reportingErrors { try engine.key(name) }
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
            let pairs = try reportingErrors { try engine.keys(prefix: prefix) }
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
            try reportingErrors { try engine.deleteKey(name) }
            say("\(name) deleted")
        }
    }
}
