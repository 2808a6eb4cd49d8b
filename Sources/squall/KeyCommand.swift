import ArgumentParser
import Foundation
import SquallCommandLine
import SquallEngine
import SquallModel

/// The key-value datastore (system scope).
struct KeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "key", abstract: "The key-value datastore.",
                                                    subcommands: [Set.self, Get.self, List.self, Delete.self, Rotate.self])

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set", abstract: "Set a key.")
        @OptionGroup var global: GlobalOptions
        @Argument var name: String
        @Argument var value: String
        @Option(help: "Seconds until the key expires.") var ttl: Int?
        @Flag(name: [.customShort("e"), .long], help: "Store the value encrypted (AES-256-GCM; shown encrypted unless --decrypt).") var encrypt = false

        func run() throws {
            let engine = try global.engine()
            if let ttl, ttl <= 0 { throw CLIError.badInput("--ttl must be a positive number of seconds") }
            try reportingErrors { try engine.setKey(name, value: value, ttlSeconds: ttl, secret: encrypt) }
            say("\(name) set" + (encrypt ? " (encrypted)" : ""))
        }
    }

    struct Get: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "get", abstract: "Show a key.")
        @OptionGroup var global: GlobalOptions
        @Argument var name: String
        @Flag(name: [.customShort("j"), .long], help: "Print JSON.") var json = false
        @Flag(name: [.customShort("d"), .long], help: "Show a secret value decrypted.") var decrypt = false

        func run() throws {
            let engine = try global.engine()
            let pair = KeyCommand.shown(try reportingErrors { try engine.key(name, decrypt: decrypt) }, decrypt: decrypt)
            say(json ? DatastoreService.json(pair).jsonString(pretty: true) : pair.value)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List keys.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only keys starting with this.") var prefix: String?
        @Flag(name: [.customShort("j"), .long], help: "Print JSON.") var json = false
        @Flag(name: [.customShort("d"), .long], help: "Show secret values decrypted.") var decrypt = false

        func run() throws {
            let engine = try global.engine()
            let pairs = try reportingErrors { try engine.keys(prefix: prefix, decrypt: decrypt) }.map { KeyCommand.shown($0, decrypt: decrypt) }
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

    struct Rotate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate",
            abstract: "Re-encrypt every secret under a new datastore key.",
            discussion: "Writes a new key next to <data-dir>/keys/datastore_key, re-encrypts every secret value in one transaction, then replaces the old key. Interrupted, every value stays readable.")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let engine = try global.engine()
            let count = try reportingErrors { try engine.rotateDatastoreKey() }
            say("datastore key rotated; \(count) secret value\(count == 1 ? "" : "s") re-encrypted")
        }
    }

    /// A secret stored in clear (before squall encrypted secrets) is hidden without --decrypt;
    /// an encrypted one shows as stored, as st2 shows it.
    static func shown(_ pair: KeyValuePair, decrypt: Bool) -> KeyValuePair {
        guard pair.secret, !pair.encrypted, !decrypt else { return pair }
        var masked = pair
        masked.value = maskedSecret
        return masked
    }
}
