import ArgumentParser
import Foundation
import SquallCommandLine
import SquallPacks
import SquallRunners
import SquallSandbox

extension PackCommand {
    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "test",
            abstract: "Run a pack's tests/ with pytest in its virtualenv (exit code: pytest's).",
            discussion: """
            Like st2-run-pack-tests: pytest, mock, pyyaml and the pack's requirements-tests.txt are installed \
            beside the pack's virtualenv (not in it), squall's st2tests/st2common and the pack's sensors/, \
            actions/, actions/lib and etc/ are on the path. Arguments after -- go to pytest.
            """)
        @OptionGroup var global: GlobalOptions
        @Argument var pack: String
        @Argument(parsing: .postTerminator, help: "Arguments for pytest (after --).") var pytestArguments: [String] = []

        func run() throws {
            let settings = try global.settings()
            let catalog = PackCatalog.load(packsPath: settings.packsPath)
            guard let found = catalog.packs[pack] else { throw CLIError.badInput("pack '\(pack)' not found") }
            var virtualenvs = VirtualenvManager(root: settings.virtualenvsDirectory, python: settings.python,
                                                pythonOverrides: settings.packPythons)
            virtualenvs.packPolicies = PackPolicyResolver(builtinPath: settings.sandboxPolicyPath, dataDirectory: settings.dataDirectory)
            virtualenvs.st2Layer = settings.st2RuntimeLayer
            let run = PackTestRun(pack: found, virtualenvs: virtualenvs, runtimeDirectory: settings.pythonRuntimeDirectory)
            guard run.hasTests else {
                // st2-run-pack-tests treats this as success too.
                say("pack '\(pack)' has no tests/ directory: no tests to run")
                return
            }
            var failed: [String] = []
            let status = try reportingErrors {
                try run.run(pytestArguments: pytestArguments, progress: { ProgressDisplay.standardError.show($0) },
                            failedRequirements: { lines in
                                failed = lines
                                warnFailed(lines, log: virtualenvs.buildLogPath(forPack: pack))
                            },
                            beforeStart: { ProgressDisplay.standardError.finish() })
            }
            // Said again after pytest's output, where it is seen.
            if !failed.isEmpty { warnFailed(failed, log: virtualenvs.buildLogPath(forPack: pack)) }
            if status == PackTestRun.noTestsCollectedStatus { FileHandle.standardError.write(Data((run.noTestsCollectedNote + "\n").utf8)) }
            if status != 0 { throw ExitCode(status) }
        }

        private func warnFailed(_ lines: [String], log: String) {
            ProgressDisplay.standardError.finish()
            let text = "warning: pack '\(pack)': requirements that failed to install (the tests ran without them): \(lines.joined(separator: ", ")); pip's output: \(log)\n"
            FileHandle.standardError.write(Data(text.utf8))
        }
    }
}
