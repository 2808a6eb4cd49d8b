import ArgumentParser
import Foundation
import SquallCommandLine
import SquallEngine
import SquallModel
import SquallPacks

extension PackCommand {
    struct Config: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "config",
            abstract: "Set a pack's config (<data-dir>/configs/<pack>.yaml).",
            discussion: """
            On a terminal, asks for each key of the pack's config.schema.yaml. Otherwise give values with \
            --set key=value (dotted keys for nested objects; repeatable) and/or --from-file FILE (YAML); they are \
            merged over the stored config. The whole result is validated against the schema before the file is \
            replaced; a failure changes nothing. Prefer the prompts or --from-file for secrets: a command line \
            is visible to other local users.
            """)
        @OptionGroup var global: GlobalOptions
        @Argument var pack: String
        @Option(name: .customLong("set"), help: "key=value, cast by the key's schema type.") var assignments: [String] = []
        @Option(name: .customLong("from-file"), help: "A YAML file of values to merge in.") var fromFile: String?
        @Flag(help: "Print the pack's config (defaults filled in, secrets masked) and change nothing.") var show = false

        func run() throws {
            let engine = try global.engine()
            try badInput {
                let file = try engine.packConfigFile(pack)
                if show { return try display(file) }
                var config = try file.stored()
                if assignments.isEmpty && fromFile == nil {
                    config = try prompt(file, stored: config)
                } else {
                    if let fromFile { config = PackConfigFile.merge(config, try PackConfigFile.values(fromFile: fromFile)) }
                    for assignment in assignments { try file.assign(assignment, to: &config) }
                }
                // A running server restarts this pack's sensors with the new config (they get it at start).
                try engine.savePackConfig(config, to: file)
                // st2 keeps keys the schema does not name; a typo deserves a word, not a refusal.
                for key in file.unknownKeys(config) {
                    FileHandle.standardError.write(Data("warning: '\(key)' is not in pack '\(pack)''s config.schema.yaml (kept)\n".utf8))
                }
                say("wrote \(file.path)")
            }
        }

        private func display(_ file: PackConfigFile) throws {
            let stored = try file.stored()
            let effective = try file.schema?.validate(.object(stored), configFile: file.path) ?? .object(stored)
            guard let object = file.masked(effective).objectValue, !object.isEmpty else {
                say("# pack '\(pack)' has no config (\(file.path))")
                return
            }
            FileHandle.standardOutput.write(Data(try file.yaml(object).utf8))
        }

        private func prompt(_ file: PackConfigFile, stored: [String: JSONValue]) throws -> [String: JSONValue] {
            guard TerminalInput.isTerminal else {
                throw CLIError.badInput("pack config: stdin is not a terminal, so there is nobody to ask; give --set key=value or --from-file FILE")
            }
            guard let schema = file.schema, !schema.properties.isEmpty else {
                throw CLIError.badInput("pack '\(pack)' has no config.schema.yaml keys to ask for; give --set key=value or --from-file FILE")
            }
            say("Config for pack '\(pack)': press Enter to keep the value in [brackets].")
            let prompter = ConfigPrompter(schema: schema, read: TerminalInput.line, tell: say)
            do { return try prompter.ask(stored: stored) } catch is ConfigPrompter.InputEnded {
                throw CLIError.badInput("pack config: input ended before every key was answered; nothing was written")
            }
        }

        /// Every problem here is the user's input: exit 2, one line.
        private func badInput(_ body: () throws -> Void) throws {
            do { try body() } catch let error as CLIError { throw error } catch {
                throw CLIError.badInput(CLIError.from(error).message)
            }
        }
    }
}
