import ArgumentParser
import SquallCommandLine
import SquallEngine
import SquallModel

struct ActionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "action", abstract: "Loaded actions.", subcommands: [List.self, Get.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List actions.")
        @OptionGroup var global: GlobalOptions
        @Option(name: [.customShort("p"), .long], help: "Only this pack's actions.") var pack: String?
        @Flag(name: [.customShort("j"), .long], help: "Print JSON.") var json = false

        func run() throws {
            let engine = try global.engine(showPackErrors: true)
            let actions = engine.actions(inPack: pack)
            if json {
                say(JSONValue.array(actions.map(ActionPresentation.json)).jsonString(pretty: true))
            } else {
                var table = TextTable(["ref", "pack", "runner", "description"])
                for action in actions { table.add([action.ref, action.pack, action.runnerType, ActionPresentation.listedDescription(action)]) }
                table.print()
            }
        }
    }

    struct Get: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "get", abstract: "Show one action and its parameters.")
        @OptionGroup var global: GlobalOptions
        @Argument var action: String
        @Flag(name: [.customShort("j"), .long], help: "Print JSON.") var json = false

        func run() throws {
            let engine = try global.engine()
            let found = try reportingErrors { try engine.action(action) }
            if json { say(ActionPresentation.json(found).jsonString(pretty: true)); return }
            say("ref: \(found.ref)\nrunner_type: \(found.runnerType)\ndescription: \(found.description ?? "")\nenabled: \(found.enabled)")
            if let reason = found.unavailableReason { say("unavailable: \(reason)") }
            say("entry_point: \(found.entryPoint ?? "")\nparameters:")
            for name in found.parameters.keys.sorted() {
                let spec = found.parameters[name]!
                var flags: [String] = [spec.type?.rawValue ?? "any"]
                if spec.required { flags.append("required") }
                if spec.immutable { flags.append("immutable") }
                if spec.secret { flags.append("secret") }
                if let value = spec.defaultValue { flags.append("default: " + (spec.secret ? maskedSecret : value.jsonString())) }
                say("  \(name) (\(flags.joined(separator: ", "))): \(spec.description ?? "")")
            }
        }
    }
}

enum ActionPresentation {
    /// What `run ACTION -h` prints, as st2 does: the description, then required and optional
    /// parameters, each with its type, default and description.
    static func parameterHelp(_ action: Action) -> String {
        var lines = [action.description ?? action.ref]
        let names = action.parameters.keys.sorted()
        for (title, required) in [("Required Parameters:", true), ("Optional Parameters:", false)] {
            let group = names.filter { action.parameters[$0]!.required == required }
            guard !group.isEmpty else { continue }
            lines.append("")
            lines.append(title)
            for name in group {
                let spec = action.parameters[name]!
                lines.append("    \(name)")
                if let description = spec.description { lines.append("        " + description) }
                var type = "        Type: \(spec.type?.rawValue ?? "any")"
                if let values = spec.enumValues { type += "  Enum: " + values.map { $0.stringValue ?? $0.jsonString() }.joined(separator: ", ") }
                lines.append(type)
                if let value = spec.defaultValue {
                    lines.append("        Default: " + (spec.secret ? maskedSecret : value.stringValue ?? value.jsonString()))
                }
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The description a list shows: an action squall cannot run says why first.
    static func listedDescription(_ action: Action) -> String {
        guard let reason = action.unavailableReason else { return action.description ?? "" }
        return "(unavailable: \(reason)) " + (action.description ?? "")
    }

    static func json(_ action: Action) -> JSONValue {
        let parameters = ParameterSpec.st2Schemas(action.parameters)
        return [
            "ref": .string(action.ref), "pack": .string(action.pack), "name": .string(action.name),
            "runner_type": .string(action.runnerType), "entry_point": .string(action.entryPoint ?? ""),
            "enabled": .bool(action.enabled), "description": action.description.map(JSONValue.string) ?? .null,
            "parameters": parameters, "metadata_file": .string(action.metadataFile),
            "unavailable": action.unavailableReason.map(JSONValue.string) ?? .null,
        ]
    }
}
