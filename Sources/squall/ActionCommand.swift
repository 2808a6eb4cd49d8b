import ArgumentParser
import SquallEngine
import SquallModel

struct ActionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "action", abstract: "Loaded actions.", subcommands: [List.self, Get.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List actions.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this pack's actions.") var pack: String?
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let engine = try global.engine(showPackErrors: true)
            let actions = engine.actions(inPack: pack)
            if json {
                say(JSONValue.array(actions.map(ActionPresentation.json)).jsonString(pretty: true))
            } else {
                for action in actions {
                    say([ExecutionPresentation.pad(action.ref, 28), ExecutionPresentation.pad(action.runnerType, 18), action.description ?? ""].joined(separator: "  "))
                }
            }
        }
    }

    struct Get: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "get", abstract: "Show one action and its parameters.")
        @OptionGroup var global: GlobalOptions
        @Argument var action: String
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let engine = try global.engine()
            let found = try reportingErrors { try engine.action(action) }
            if json { say(ActionPresentation.json(found).jsonString(pretty: true)); return }
            say("ref: \(found.ref)\nrunner_type: \(found.runnerType)\ndescription: \(found.description ?? "")\nenabled: \(found.enabled)")
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
    static func json(_ action: Action) -> JSONValue {
        var parameters: [String: JSONValue] = [:]
        for (name, spec) in action.parameters {
            var schema: [String: JSONValue] = [:]
            if let type = spec.type { schema["type"] = .string(type.rawValue) }
            if let description = spec.description { schema["description"] = .string(description) }
            if spec.required { schema["required"] = true }
            if spec.immutable { schema["immutable"] = true }
            if spec.secret { schema["secret"] = true }
            if let position = spec.position { schema["position"] = .int(position) }
            if let values = spec.enumValues { schema["enum"] = .array(values) }
            if let value = spec.defaultValue { schema["default"] = spec.secret ? .string(maskedSecret) : value }
            parameters[name] = .object(schema)
        }
        return [
            "ref": .string(action.ref), "pack": .string(action.pack), "name": .string(action.name),
            "runner_type": .string(action.runnerType), "entry_point": .string(action.entryPoint ?? ""),
            "enabled": .bool(action.enabled), "description": action.description.map(JSONValue.string) ?? .null,
            "parameters": .object(parameters), "metadata_file": .string(action.metadataFile),
        ]
    }
}
