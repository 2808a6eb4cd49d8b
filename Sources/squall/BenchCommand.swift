import ArgumentParser
import Foundation
import SquallBootstrap
import SquallCommandLine
import SquallEngine
import SquallModel
import SquallPacks
import SquallRunners

/// `squall bench-server`: the rules path's throughput and an idle sensor child's memory.
struct BenchServerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench-server", abstract: "Measure the rules path and an idle sensor's RSS.", shouldDisplay: false)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Trigger instances to push through 100 rules.") var instances = 20_000
    @Option(help: "An enabled sensor to measure idle (its pack's venv must exist or is built).") var sensor: String?

    @Option(help: "Rounds of --instances each; the median round is reported.") var rounds = 5

    func run() throws {
        guard instances > 0, rounds > 0 else { throw CLIError.badInput("--instances and --rounds must be at least 1") }
        try measureRulesPath()
        guard let sensorRef = sensor else { return }
        let engine = try global.engine()
        guard let definition = engine.catalog.sensors[sensorRef], let pack = engine.catalog.packs[definition.pack] else {
            throw CLIError.badInput("sensor '\(sensorRef)' not found")
        }
        let interpreter = try engine.virtualenvs.ensure(pack, progress: { _ in })
        let runDirectory = engine.settings.runDirectory + "/bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: runDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(atPath: runDirectory) }
        let started = DispatchSemaphore(value: 0)
        let child = SensorChild(sensor: definition, sensorId: "bench-\(getpid())", interpreter: interpreter,
                                runtimeDirectory: engine.settings.pythonRuntimeDirectory, config: [:], triggers: [],
                                policy: engine.policy, runDirectory: runDirectory,
                                events: .init(started: { started.signal() }, dispatched: { _, _, _ in }, output: { _, _ in },
                                              datastore: { _, _ in .null }))
        let ended = DispatchSemaphore(value: 0)
        Thread.detachNewThread { _ = try? child.run(); ended.signal() }
        guard started.wait(timeout: .now() + 60) == .success, let initPid = child.pid else {
            throw CLIError(message: "the sensor did not start", code: 1)
        }
        sleep(1)
        // The sensor's memory is its Python process plus its squall-init (PID 1 of its namespace).
        let pid = child.programPid ?? initPid
        let programKB = Self.residentKilobytes(pid), initKB = initPid == pid ? 0 : Self.residentKilobytes(initPid)
        say("idle sensor \(sensorRef): RSS \(programKB + initKB) kB (Python \(programKB) kB + squall-init \(initKB) kB; target <= 20 MB; st2 ~92 MB)")
        child.stop()
        _ = ended.wait(timeout: .now() + 10)
    }

    /// VmRSS of a process in kB (0 when unreadable).
    private static func residentKilobytes(_ pid: Int32) -> Int {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }

    /// Runs the rules path on a scratch data directory (its records are real), removed afterwards.
    private func measureRulesPath() throws {
        var settings = try global.settings()
        settings.dataDirectory = NSTemporaryDirectory() + "squall-bench-rules-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: settings.dataDirectory) }
        let engine = try reportingErrors { try EngineBootstrap.openEngine(settings: settings) }
        _ = try reportingErrors { try RulesBenchmark.run(engine: engine, instances: 2_000) }   // warm caches
        var results: [RulesBenchmark.Result] = []
        for _ in 0..<rounds { results.append(try reportingErrors { try RulesBenchmark.run(engine: engine, instances: instances) }) }
        let rates = results.map(\.perSecond).sorted()
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        say(String(format: "rules path: %d rounds of %d trigger instances through 100 rules (%d matched, rendered, recorded in SQLite, enqueued per round): p50 %.0f/s (min %.0f, max %.0f; target >= 20000/s)",
                   rounds, instances, results[0].matches, median(rates), rates.first!, rates.last!))
        say(String(format: "  CPU per instance (p50): rules thread %.1f us, writer thread %.1f us, process %.1f us: at most %.0f/s when both threads have a core",
                   median(results.map { $0.rulesThreadCPUSeconds / Double($0.instances) * 1e6 }),
                   median(results.map { $0.writerThreadCPUSeconds / Double($0.instances) * 1e6 }),
                   median(results.map { $0.cpuSeconds / Double($0.instances) * 1e6 }), median(results.map(\.perSecondBound))))
    }
}
