import ArgumentParser
import Foundation
import SquallCommandLine
import SquallSandbox

/// `squall sandbox bench`: the per-child launch cost of the sandbox, side by side with a bare
/// posix_spawn of the same program and with bubblewrap (when installed), interleaved in one process.
struct SandboxBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench", abstract: "Measure the sandbox's launch cost.", shouldDisplay: false)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Launches per case.") var runs = 200

    func run() throws {
        let settings = try global.settings()
        let policy = try reportingErrors { try SandboxPolicy.load(contentsOf: settings.sandboxPolicyPath) }
        var cases: [(String, () throws -> Void)] = [
            ("bare posix_spawn /bin/true", { try Self.spawnAndWait(["/bin/true"]) }),
            ("squall sandbox /bin/true", {
                let process = try Launcher.launch(LaunchSpec(executable: "/bin/true", environment: ["PATH": "/usr/bin:/bin"], policy: policy))
                _ = process.wait()
                process.close()
            }),
        ]
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/bwrap") {
            cases.append(("bwrap --unshare-all /bin/true", {
                try Self.spawnAndWait(["/usr/bin/bwrap", "--unshare-all", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "/bin/true"])
            }))
        }
        var samples = Array(repeating: [Double](), count: cases.count)
        for _ in 0..<runs {
            for (index, entry) in cases.enumerated() {
                let start = DispatchTime.now().uptimeNanoseconds
                try entry.1()
                samples[index].append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000)
            }
        }
        say("\(runs) launches each, interleaved (ms)")
        say(ExecutionPresentation.pad("case", 36) + "      p50      p95")
        var medians: [Double] = []
        for (index, entry) in cases.enumerated() {
            let sorted = samples[index].sorted()
            let p50 = sorted[sorted.count / 2], p95 = sorted[min(sorted.count - 1, sorted.count * 95 / 100)]
            medians.append(p50)
            say(ExecutionPresentation.pad(entry.0, 36) + String(format: " %8.3f %8.3f", p50, p95))
        }
        say(String(format: "sandbox - bare: %+.3f ms (target < 3 ms)", medians[1] - medians[0]))
        if medians.count > 2 { say(String(format: "sandbox / bwrap: %.2fx (target < 1)", medians[1] / medians[2])) }
    }

    static func spawnAndWait(_ argv: [String]) throws {
        var pid: pid_t = 0
        let cArgs = argv.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) } }
        var environment: [UnsafeMutablePointer<CChar>?] = [strdup("PATH=/usr/bin:/bin"), nil]
        defer { environment.forEach { free($0) } }
        let rc = posix_spawn(&pid, argv[0], nil, nil, cArgs, &environment)
        guard rc == 0 else { throw CLIError(message: "posix_spawn \(argv[0]): \(String(cString: strerror(rc)))", code: 1) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }
}
