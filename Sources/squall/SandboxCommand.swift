import ArgumentParser
import Foundation
import SquallCommandLine
import SquallModel
import SquallPacks
import SquallRunners
import SquallSandbox

/// `squall sandbox check`: launches a probe child as actions are launched and shows, for each
/// protection, whether the kernel enforces it on that child.
struct SandboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sandbox", abstract: "Inspect the sandbox.", subcommands: [Check.self, SandboxBenchCommand.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "check", abstract: "Show which protections a live child really has.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Probe as an action of this pack: its policy, identity, view and limits.") var pack: String?
        @Flag(name: [.customShort("j"), .long], help: "Print JSON.") var json = false

        func run() throws {
            let settings = try global.settings()
            let policies = PackPolicyResolver(builtinPath: settings.sandboxPolicyPath, dataDirectory: settings.dataDirectory)
            var readOnlyPaths: [String] = []
            let policy: SandboxPolicy
            if let pack {
                guard let found = PackCatalog.load(packsPath: settings.packsPath, only: pack).packs[pack] else {
                    throw CLIError.badInput("pack '\(pack)' not found")
                }
                readOnlyPaths = [found.path, VirtualenvManager(root: settings.virtualenvsDirectory, python: settings.python).path(forPack: pack)]
                policy = try reportingErrors { try policies.policy(forPack: pack) }
            } else {
                policy = try reportingErrors { try policies.sitePolicy() }
            }
            let runDirectory = settings.runDirectory + "/probe-\(getpid())"
            defer { try? FileManager.default.removeItem(atPath: runDirectory) }
            let posture = try reportingErrors {
                try SandboxCheckProbe.run(policy: policy, pack: pack ?? "squall-sandbox-probe", readOnlyPaths: readOnlyPaths,
                                          runDirectory: runDirectory)
            }
            let source = pack.map { "pack \($0) (site policy with the operator's file for it, if any)" } ?? "site policy"
            if json {
                let checks = posture.checks.map { check -> JSONValue in
                    ["name": .string(check.name), "enforced": .bool(check.enforced), "detail": .string(check.detail)]
                }
                say(JSONValue.object(["policy": .string(source), "checks": .array(checks)]).jsonString(pretty: true))
                return
            }
            say("policy: \(source)")
            for check in posture.checks {
                say(ExecutionPresentation.pad(check.name, 18) + "  " + ExecutionPresentation.pad(check.enforced ? "enforced" : "NOT enforced", 12) + "  " + check.detail)
            }
        }
    }
}
