import ArgumentParser
import Foundation
import SquallCommandLine
import SquallEngine
import SquallModel

extension TriggerCommand {
    /// `squall trigger get REF`: a trigger type's schemas, the sensors that emit it and the enabled rules on it.
    struct Get: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "get", abstract: "Show a trigger type: schemas, sensors emitting it, enabled rules on it.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The trigger type's ref.") var ref: String
        @Flag(name: [.customShort("j"), .long], help: "Print JSON.") var json = false

        func run() throws {
            let engine = try global.engine()
            let declared = try reportingErrors { try engine.triggerType(ref) }.declared
            let sensors = engine.sensors(emitting: ref).map(\.ref)
            let rules = engine.rules().enabled.filter { $0.triggerType == ref }.map(\.ref).sorted()
            let description: JSONValue = [
                "ref": .string(ref),
                "description": declared?.description.map(JSONValue.string) ?? (declared == nil ? "built in" : .null),
                "builtin": .bool(declared == nil),
                "payload_schema": declared?.payloadSchema ?? .null,
                "parameters_schema": declared?.parametersSchema ?? .null,
                "sensors": .array(sensors.map(JSONValue.string)),
                "rules": .array(rules.map(JSONValue.string)),
            ]
            if json { say(description.jsonString(pretty: true)); return }
            say("ref: \(ref)")
            say("description: \(description["description"]?.stringValue ?? "")")
            say("sensors: \(sensors.isEmpty ? "-" : sensors.joined(separator: ", "))")
            say("enabled rules: \(rules.isEmpty ? "-" : rules.joined(separator: ", "))")
            if let schema = declared?.payloadSchema { say("payload_schema:\n" + ExecutionPresentation.indent(schema.jsonString(pretty: true))) }
            if let schema = declared?.parametersSchema { say("parameters_schema:\n" + ExecutionPresentation.indent(schema.jsonString(pretty: true))) }
        }
    }
}
