import ArgumentParser
import Foundation
import SquallCommandLine
import SquallEngine
import SquallModel
import SquallRules

/// `squall rule list|get|create|enable|disable|delete`. Created rules and changes to pack-file
/// rules are kept in the store (st2 keeps rules in its database) and a running server reloads.
struct RuleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rule", abstract: "Rules: list, show, create from a file, enable, disable, delete.",
        subcommands: [List.self, Get.self, Create.self, Enable.self, Disable.self, Delete.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List rules (enabled or not) and report rules that cannot run.")
        @OptionGroup var global: GlobalOptions
        @Option(name: [.customShort("p"), .long], help: "Only this pack's rules.") var pack: String?
        @Flag(name: [.customShort("j"), .long], help: "Print JSON.") var json = false

        func run() throws {
            let engine = try global.engine()
            let set = engine.rules()
            let rules = set.rules.filter { pack == nil || $0.pack == pack }
            if json {
                let rules = rules.map { rule -> JSONValue in
                    ["ref": .string(rule.ref), "enabled": .bool(rule.enabled), "trigger": .string(rule.triggerType),
                     "action": .string(rule.actionRef), "backstop": .bool(rule.isBackstop)]
                }
                say(JSONValue.object(["rules": .array(rules), "problems": .array(set.problems.map(JSONValue.string))]).jsonString(pretty: true))
                return
            }
            var table = TextTable(["ref", "pack", "enabled", "trigger", "action"])
            for rule in rules { table.add([rule.ref, rule.pack, rule.enabled ? "true" : "false", rule.triggerType, rule.actionRef]) }
            table.print()
            for problem in set.problems { FileHandle.standardError.write(Data(("warning: " + problem + "\n").utf8)) }
        }
    }

    struct Get: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "get", abstract: "Show one rule.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The rule's ref, <pack>.<name>.") var ref: String
        @Flag(name: [.customShort("j"), .long], help: "Print JSON.") var json = false

        func run() throws {
            let engine = try global.engine()
            let rule = try reportingErrors { try engine.rule(ref) }
            let value = RulePresentation.json(rule)
            if json { say(value.jsonString(pretty: true)); return }
            for key in value.objectValue!.keys.sorted() {
                let item = value[key]!
                say("\(key): \(item.stringValue ?? item.jsonString())")
            }
        }
    }

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create", abstract: "Add a rule from a YAML or JSON file naming its pack (kept in the store).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The rule file.") var file: String
        @Flag(name: [.customShort("j"), .long], help: "Print JSON.") var json = false

        func run() throws {
            let engine = try global.engine()
            let rule = try reportingErrors { try engine.createRule(file: file) }
            if json { say(RulePresentation.json(rule).jsonString(pretty: true)); return }
            say("created rule \(rule.ref) (\(rule.enabled ? "enabled" : "disabled"))")
        }
    }

    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "enable", abstract: "Enable a rule.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The rule's ref.") var ref: String

        func run() throws { try RuleCommand.setEnabled(ref, true, global: global) }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "disable", abstract: "Disable a rule (a pack-file rule stays disabled until `pack register`).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The rule's ref.") var ref: String

        func run() throws { try RuleCommand.setEnabled(ref, false, global: global) }
    }

    static func setEnabled(_ ref: String, _ enabled: Bool, global: GlobalOptions) throws {
        let engine = try global.engine()
        let rule = try reportingErrors { try engine.setRule(ref, enabled: enabled) }
        say("\(enabled ? "enabled" : "disabled") rule \(rule.ref)")
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a rule (a pack-file rule comes back at the next `pack register`).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The rule's ref.") var ref: String

        func run() throws {
            let engine = try global.engine()
            try reportingErrors { try engine.deleteRule(ref) }
            say("deleted rule \(ref)")
        }
    }
}

extension RulePresentation {
    /// A rule as st2's `rule get --json` shows it.
    static func json(_ rule: Rule) -> JSONValue {
        [
            "ref": .string(rule.ref), "name": .string(rule.name), "pack": .string(rule.pack),
            "description": rule.description.map(JSONValue.string) ?? .null, "enabled": .bool(rule.enabled),
            "type": ["ref": .string(rule.isBackstop ? "backstop" : "standard")],
            "trigger": ["type": .string(rule.triggerType), "ref": .string(rule.triggerType), "parameters": .object(rule.triggerParameters)],
            "criteria": .object(rule.criteria),
            "action": ["ref": .string(rule.actionRef), "parameters": .object(rule.actionParameters)],
            "context": .object(rule.context), "tags": .array(rule.tags),
            // Where the rule lives: its pack file, or the store for a rule made with `rule create`.
            "metadata_file": rule.file.map(JSONValue.string) ?? .null,
            "source": .string(rule.file == nil ? "created" : "pack"),
        ]
    }
}
