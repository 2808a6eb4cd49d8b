import ArgumentParser
import Foundation
import SquallCommandLine
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
        @Flag(name: [.customShort("e"), .long], help: "Mark the value secret (masked unless --decrypt; not yet encrypted at rest).") var encrypt = false

        func run() throws {
            let engine = try global.engine()
            if let ttl, ttl <= 0 { throw CLIError.badInput("--ttl must be a positive number of seconds") }
            try reportingErrors { try engine.setKey(name, value: value, ttlSeconds: ttl, secret: encrypt) }
            say("\(name) set" + (encrypt ? " (secret: masked when shown; squall does not encrypt it at rest yet, that comes with its API)" : ""))
        }
    }

    struct Get: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "get", abstract: "Show a key.")
        @OptionGroup var global: GlobalOptions
        @Argument var name: String
        @Flag(name: [.customShort("j"), .long], help: "Print JSON.") var json = false
        @Flag(name: [.customShort("d"), .long], help: "Show a secret value instead of ********.") var decrypt = false

        func run() throws {
            let engine = try global.engine()
            let pair = KeyCommand.shown(try reportingErrors { try engine.key(name) }, decrypt: decrypt)
            say(json ? DatastoreService.json(pair).jsonString(pretty: true) : pair.value)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List keys.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only keys starting with this.") var prefix: String?
        @Flag(name: [.customShort("j"), .long], help: "Print JSON.") var json = false
        @Flag(name: [.customShort("d"), .long], help: "Show secret values instead of ********.") var decrypt = false

        func run() throws {
            let engine = try global.engine()
            let pairs = try reportingErrors { try engine.keys(prefix: prefix) }.map { KeyCommand.shown($0, decrypt: decrypt) }
            if json {
                say(JSONValue.array(pairs.map(DatastoreService.json)).jsonString(pretty: true))
            } else {
                var table = TextTable(["name", "value", "secret", "expire_timestamp"])
                for pair in pairs {
                    table.add([pair.name, pair.value, pair.secret ? "true" : "false",
                               pair.expireTimestamp.map(Timestamps.format) ?? ""])
                }
                table.print()
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

    /// A secret pair as st2 shows it without --decrypt: its value hidden.
    static func shown(_ pair: KeyValuePair, decrypt: Bool) -> KeyValuePair {
        guard pair.secret, !decrypt else { return pair }
        var masked = pair
        masked.value = maskedSecret
        return masked
    }
}
