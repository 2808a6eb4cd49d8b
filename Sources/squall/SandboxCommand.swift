import ArgumentParser
import SquallModel
import SquallSandbox

/// `squall sandbox check`: launches a probe child as actions are launched and shows, for each
/// protection, whether the kernel enforces it on that child.
struct SandboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sandbox", abstract: "Inspect the sandbox.", subcommands: [Check.self, SandboxBenchCommand.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "check", abstract: "Show which protections a live child really has.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let settings = try global.settings()
            let policy = try reportingErrors { try SandboxPolicy.load(contentsOf: settings.sandboxPolicyPath) }
            let posture = try reportingErrors { try SandboxProbe.run(policy: policy) }
            if json {
                let checks = posture.checks.map { check -> JSONValue in
                    ["name": .string(check.name), "enforced": .bool(check.enforced), "detail": .string(check.detail)]
                }
                say(JSONValue.object(["policy": .string(settings.sandboxPolicyPath), "checks": .array(checks)]).jsonString(pretty: true))
                return
            }
            say("policy: \(settings.sandboxPolicyPath)")
            for check in posture.checks {
                say(ExecutionPresentation.pad(check.name, 18) + "  " + ExecutionPresentation.pad(check.enforced ? "enforced" : "NOT enforced", 12) + "  " + check.detail)
            }
        }
    }
}
