import ArgumentParser
import Foundation
import SquallCommandLine
import SquallEngine
import SquallModel
import SquallPacks

/// `squall trigger list|get|fire`.
struct TriggerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "trigger", abstract: "Trigger types, and firing one by hand.", subcommands: [List.self, Get.self, Fire.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List trigger types (packs' and built-in).")
        @OptionGroup var global: GlobalOptions
        @Flag(name: [.customShort("j"), .long], help: "Print JSON.") var json = false

        func run() throws {
            let engine = try global.engine()
            let all = engine.triggerTypes().map { entry -> JSONValue in
                guard let type = entry.declared else { return ["ref": .string(entry.ref), "description": "built in", "payload_schema": .null] }
                return ["ref": .string(type.ref), "description": type.description.map(JSONValue.string) ?? .null,
                        "payload_schema": type.payloadSchema ?? .null]
            }
            if json { say(JSONValue.array(all).jsonString(pretty: true)); return }
            var table = TextTable(["ref", "description"])
            for entry in all { table.add([entry["ref"]?.stringValue ?? "", entry["description"]?.stringValue ?? ""]) }
            table.print()
        }
    }

    struct Fire: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "fire", abstract: "Dispatch one trigger instance to the server running on the data directory.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The trigger type's ref.") var trigger: String
        @Option(help: "The payload as a JSON object.") var payload = "{}"

        func run() throws {
            let engine = try global.engine()
            guard let value = try? JSONValue.parse(payload), case .object = value else {
                throw CLIError.badInput("--payload: not a JSON object")
            }
            if let type = engine.catalog.triggerTypes[trigger] {
                if let schema = type.payloadSchema, let problem = PayloadSchema.firstViolation(of: value, against: schema) {
                    throw CLIError.badInput("--payload: \(problem)")
                }
            } else if !BuiltinTriggers.refs.contains(trigger) {
                throw CLIError.badInput("unknown trigger type '\(trigger)'")
            }
            switch try reportingErrors({ try engine.fireTrigger(trigger, payload: value) }) {
            case .delivered(let instance):
                say("dispatched \(trigger) (trigger instance \(instance))")
            case .waitingForServer:
                say("no squall server is running on \(engine.settings.dataDirectory): the \(trigger) instance waits for the next start")
            }
        }
    }
}
