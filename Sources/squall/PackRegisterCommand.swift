import ArgumentParser
import Foundation
import SquallCommandLine
import SquallEngine
import SquallModel

extension PackCommand {
    struct Register: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "register",
            abstract: "Re-read packs' content and configs (all packs when none is named) and reload a running server.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Pack refs.") var packs: [String] = []
        @Flag(name: [.customShort("j"), .long], help: "Print JSON.") var json = false

        func run() throws {
            let engine = try global.engine()
            let report = try reportingErrors { try engine.registerPacks(packs) }
            if json {
                let packs = report.packs.map { pack -> JSONValue in
                    ["ref": .string(pack.ref), "actions": .int(pack.actions), "sensors": .int(pack.sensors),
                     "rules": .int(pack.rules), "triggers": .int(pack.triggers), "problems": .array(pack.problems.map(JSONValue.string))]
                }
                say(JSONValue.object(["packs": .array(packs), "unknown": .array(report.unknown.map(JSONValue.string)),
                                      "failed": .array(report.failed.map(JSONValue.string))]).jsonString(pretty: true))
            } else {
                for pack in report.packs {
                    say("registered \(pack.ref): \(pack.actions) actions, \(pack.sensors) sensors, \(pack.rules) rules, \(pack.triggers) triggers"
                        + (pack.problems.isEmpty ? "" : ", \(pack.problems.count) skipped"))
                }
                let problems = report.unknown + report.failed + report.packs.flatMap(\.problems)
                for problem in problems { FileHandle.standardError.write(Data(("warning: " + problem + "\n").utf8)) }
            }
            // Bad input when a named pack is missing; 1 when some files were skipped; the rest is registered either way.
            if !report.unknown.isEmpty { throw ExitCode(2) }
            if report.hasProblems { throw ExitCode(1) }
        }
    }
}
