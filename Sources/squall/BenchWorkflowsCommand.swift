import ArgumentParser
import SquallCommandLine
import Foundation
import SquallBootstrap
import SquallEngine
import SquallModel

/// `squall bench-workflows`: an orquesta workflow's overhead over its tasks' own executions, in
/// one engine on a scratch data directory, each figure beside its baseline from the same run.
struct BenchWorkflowsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench-workflows", abstract: "Measure orquesta workflows against plain executions.", shouldDisplay: false)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Tasks of the sequential workflow.") var tasks = 100
    @Option(help: "Items of the with-items workflow.") var items = 1_000
    @Option(help: "Concurrency of the with-items task.") var concurrency = 20
    @Option(help: "Tasks of the graph inspected.") var graphTasks = 200
    @Option(help: "Rounds of each measure; p50 and p95 are over the rounds.") var rounds = 5

    func run() throws {
        guard tasks > 1, items > 0, concurrency > 0, graphTasks > 2, rounds > 0 else {
            throw CLIError.badInput("--tasks and --graph-tasks must be at least 2, --items, --concurrency and --rounds at least 1")
        }
        var settings = try global.settings()
        settings.dataDirectory = NSTemporaryDirectory() + "squall-bench-workflows-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: settings.dataDirectory) }
        let packs = settings.dataDirectory + "/packs"
        try WorkflowBenchmark.writePack(at: packs, tasks: tasks, items: items, concurrency: concurrency, graphTasks: graphTasks)
        settings.packsPath.append(packs)
        let engine = try reportingErrors { try EngineBootstrap.openEngine(settings: settings, progress: { _ in }) }
        let pack = WorkflowBenchmark.pack

        // Wall and CPU seconds of one measure (the process does nothing else meanwhile).
        func measure(_ body: () throws -> Void) rethrows -> (wall: Double, cpu: Double) {
            let start = DispatchTime.now().uptimeNanoseconds, cpuStart = WorkflowBenchmark.processCPUSeconds()
            try body()
            return (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, WorkflowBenchmark.processCPUSeconds() - cpuStart)
        }
        func noops(_ count: Int) throws {
            for _ in 0..<count { try check(engine.run(ExecutionRequest(actionRef: "core.noop"))) }
        }
        func check(_ execution: Execution) throws {
            guard execution.status == .succeeded else { throw CLIError(message: "\(execution.action) \(execution.status.rawValue): \(execution.result ?? .null)", code: 1) }
        }
        func percentiles(_ values: [Double]) -> (p50: Double, p95: Double) {
            let sorted = values.sorted()
            return (sorted[sorted.count / 2], sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * 0.95).rounded()))])
        }
        try noops(20)  // warm caches
        // Each workflow figure beside its baseline, measured in alternation in the same rounds.
        func compare(_ label: String, baseline: String, count: Int, unit: String, rounds: Int,
                     plain: () throws -> Void, flow: () throws -> Void) throws {
            var plainRuns: [(wall: Double, cpu: Double)] = [], flowRuns: [(wall: Double, cpu: Double)] = []
            for _ in 0..<rounds {
                plainRuns.append(try measure(plain))
                flowRuns.append(try measure(flow))
            }
            let plainWall = percentiles(plainRuns.map(\.wall)), flowWall = percentiles(flowRuns.map(\.wall))
            let plainCPU = percentiles(plainRuns.map(\.cpu)).p50, flowCPU = percentiles(flowRuns.map(\.cpu)).p50
            say(label + String(format: ": wall p50 %.1f ms (p95 %.1f)", flowWall.p50 * 1e3, flowWall.p95 * 1e3)
                + " vs " + baseline + String(format: ": p50 %.1f ms (p95 %.1f); ratio %.2f, overhead %.2f ms/",
                                            plainWall.p50 * 1e3, plainWall.p95 * 1e3, flowWall.p50 / plainWall.p50,
                                            (flowWall.p50 - plainWall.p50) / Double(count) * 1e3) + unit)
            say(String(format: "  CPU p50 %.1f ms vs %.1f ms; ratio %.2f, overhead %.3f ms/", flowCPU * 1e3, plainCPU * 1e3,
                       flowCPU / plainCPU, (flowCPU - plainCPU) / Double(count) * 1e3) + unit + " (goals: ratio <= 1.2, overhead <= 1 ms/task)")
        }
        try compare("sequential workflow of \(tasks) core.noop tasks", baseline: "\(tasks) core.noop executions back to back",
                    count: tasks, unit: "task", rounds: rounds,
                    plain: { try noops(tasks) }, flow: { try check(engine.run(ExecutionRequest(actionRef: pack + ".seq"))) })
        try compare("with-items of \(items) core.noop items, concurrency \(concurrency)", baseline: "\(items) core.noop executions back to back",
                    count: items, unit: "item", rounds: max(1, rounds / 2),
                    plain: { try noops(items) }, flow: { try check(engine.run(ExecutionRequest(actionRef: pack + ".items"))) })

        var inspections: [(wall: Double, cpu: Double)] = []
        for _ in 0..<max(20, rounds) {
            inspections.append(try measure { _ = try reportingErrors { try WorkflowBenchmark.inspect(engine: engine, ref: pack + ".graph") } })
        }
        let wall = percentiles(inspections.map(\.wall)), cpu = percentiles(inspections.map(\.cpu))
        say(String(format: "reading and inspecting a %d-task graph (up to 3 conditional jumps per task): wall p50 %.1f ms (p95 %.1f), CPU p50 %.1f ms (p95 %.1f); goal < 50 ms",
                   graphTasks, wall.p50 * 1e3, wall.p95 * 1e3, cpu.p50 * 1e3, cpu.p95 * 1e3))
    }
}
