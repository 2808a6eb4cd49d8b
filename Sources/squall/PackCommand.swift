import ArgumentParser
import SquallCommandLine
import SquallEngine
import SquallModel
import SquallPacks

struct PackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pack", abstract: "Loaded packs.", subcommands: [
        List.self, Get.self, Install.self, Remove.self, Register.self, Config.self, Test.self,
        Search.self, Show.self, Index.self,
    ])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List loaded packs (problems found while loading go to stderr).")
        @OptionGroup var global: GlobalOptions
        @Flag(name: [.customShort("j"), .long], help: "Print JSON.") var json = false

        func run() throws {
            let engine = try global.engine(showPackErrors: true)
            let packs = engine.packs()
            if json {
                say(JSONValue.array(packs.map { PackPresentation.json($0, engine: engine) }).jsonString(pretty: true))
            } else {
                var table = TextTable(["ref", "version", "description"])
                for pack in packs {
                    let source = PackInstallPresentation.adding(to: [:], pack: pack, settings: engine.settings)["source"]?.stringValue
                    table.add([pack.ref, pack.version, pack.description + (source.map { "  (\($0))" } ?? "")])
                }
                table.print()
            }
        }
    }

    struct Get: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "get", abstract: "Show one pack.")
        @OptionGroup var global: GlobalOptions
        @Argument var pack: String
        @Flag(name: [.customShort("j"), .long], help: "Print JSON.") var json = false

        func run() throws {
            let engine = try global.engine()
            let found = try reportingErrors { try engine.pack(pack) }
            let value = PackPresentation.json(found, engine: engine)
            if json { say(value.jsonString(pretty: true)); return }
            for key in value.objectValue!.keys.sorted() {
                let item = value[key]!
                say("\(key): \(item.stringValue ?? item.jsonString())")
            }
        }
    }
}

enum PackPresentation {
    static func json(_ pack: Pack, engine: Engine) -> JSONValue {
        let counts = engine.packContents(pack.ref)
        let base: JSONValue = [
            "ref": .string(pack.ref), "name": .string(pack.name), "description": .string(pack.description),
            "version": .string(pack.version), "author": .string(pack.author), "email": pack.email.map(JSONValue.string) ?? .null,
            "keywords": .array(pack.keywords.map(JSONValue.string)), "path": .string(pack.path),
            "actions": .int(counts.actions), "sensors": .int(counts.sensors), "rules": .int(counts.rules),
            "triggers": .int(counts.triggers),
            "virtualenv": .string(engine.virtualenvs.isCurrent(pack) ? "ready" : "not built"),
            // What its venv is built from: the operator's per-pack interpreter, else the default one.
            "python": .string(engine.virtualenvs.basePython(forPack: pack.ref)),
            "python_versions": .array(pack.pythonVersions.map(JSONValue.string)),
            "config_problems": .array(PackConfigLoader.problems(pack: pack, configsDirectory: engine.settings.configsDirectory).map(JSONValue.string)),
        ]
        return PackInstallPresentation.adding(to: base, pack: pack, settings: engine.settings)
    }
}
