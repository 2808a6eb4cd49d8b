import ArgumentParser
import Foundation
import SquallCommandLine
import SquallCredentials
import SquallEngine
import SquallModel

/// Users of the HTTP API (`st2 auth NAME` gets them a token). Passwords come on standard input,
/// never in argv, and are stored as bcrypt hashes: these commands live in squall-server, which
/// links bcrypt (`squall user ...` runs it).
struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Users of the HTTP API.",
                                                    subcommands: [Create.self, List.self, Delete.self, Passwd.self, ImportHtpasswd.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create", abstract: "Add a user (password on standard input).")
        @OptionGroup var global: GlobalOptions
        @Argument var name: String
        @Flag(help: "Read the password from standard input (required: never in argv).") var passwordStdin = false
        @Flag(help: "The user may decrypt secrets and manage other users' keys.") var admin = false

        func run() throws {
            let password = try readPassword(passwordStdin)
            let engine = try global.engine(credentials: .standard)
            try reportingErrors { _ = try engine.createUser(name, password: password, admin: admin) }
            say("user \(name) created" + (admin ? " (admin)" : ""))
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List users.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let engine = try global.engine(credentials: .standard)
            let users = try reportingErrors { try engine.users() }
            if json {
                say(JSONValue.array(users.map { ["name": .string($0.name), "admin": .bool($0.isAdmin),
                                                 "created_at": .string(Timestamps.format($0.createdAt))] }).jsonString(pretty: true))
            } else {
                users.forEach { say($0.name + ($0.isAdmin ? "\tadmin" : "")) }
            }
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a user with their tokens and API keys.")
        @OptionGroup var global: GlobalOptions
        @Argument var name: String

        func run() throws {
            let engine = try global.engine(credentials: .standard)
            try reportingErrors { try engine.deleteUser(name) }
            say("user \(name) deleted")
        }
    }

    struct Passwd: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "passwd", abstract: "Set a user's password (on standard input); their tokens stop working.")
        @OptionGroup var global: GlobalOptions
        @Argument var name: String
        @Flag(help: "Read the password from standard input (required: never in argv).") var passwordStdin = false

        func run() throws {
            let password = try readPassword(passwordStdin)
            let engine = try global.engine(credentials: .standard)
            try reportingErrors { try engine.setPassword(password, forUser: name) }
            say("password of \(name) changed")
        }
    }
}

/// The password on standard input, without one trailing newline (`echo` adds it, `printf '%s'` does not).
private func readPassword(_ fromStandardInput: Bool) throws -> String {
    guard fromStandardInput else { throw CLIError.badInput("give the password on standard input with --password-stdin") }
    let data = FileHandle.standardInput.readDataToEndOfFile()
    guard var text = String(data: data, encoding: .utf8) else { throw CLIError.badInput("password: standard input is not UTF-8") }
    if text.hasSuffix("\r\n") { text.removeLast(1) } else if text.hasSuffix("\n") { text.removeLast() }
    return text
}
