import Foundation
import SquallModel
import SquallPacks
import SquallWorkflows

/// What an orquesta workflow costs over its tasks' own executions, on the engine's own code
/// (`squall bench-workflows`, run by `make bench`): a sequence of `core.noop` tasks against as many
/// `core.noop` executions back to back, a with-items of noops against as many executions, and the
/// inspection of a large graph with conditional jumps.
public enum WorkflowBenchmark {
    public static let pack = "squall_wfbench"

    /// Writes the bench pack (`seq`: `tasks` noops in a row; `items`: `items` noops, `concurrency`
    /// at once; `graph`: `graphTasks` tasks, each with conditional jumps) under `directory`.
    public static func writePack(at directory: String, tasks: Int, items: Int, concurrency: Int, graphTasks: Int) throws {
        let root = directory + "/" + pack
        try FileManager.default.createDirectory(atPath: root + "/actions/workflows", withIntermediateDirectories: true)
        try "name: \(pack)\ndescription: workflow bench\nversion: 1.0.0\nauthor: squall\n"
            .write(toFile: root + "/pack.yaml", atomically: true, encoding: .utf8)
        var sequence = "version: 1.0\ntasks:\n"
        for n in 0..<tasks {
            sequence += "  t\(n):\n    action: core.noop\n"
            if n + 1 < tasks { sequence += "    next:\n      - when: <% succeeded() %>\n        do: t\(n + 1)\n" }
        }
        let withItems = "version: 1.0\ntasks:\n  each:\n    with:\n      items: <% range(\(items)) %>\n      concurrency: \(concurrency)\n"
            + "    action: core.noop\n"
        var graph = "version: 1.0\ninput:\n  - n\ntasks:\n"
        for n in 0..<graphTasks {
            graph += "  g\(n):\n    action: core.noop\n"
            guard n + 1 < graphTasks else { continue }
            graph += "    next:\n      - when: <% succeeded() and ctx(n) > \(n) %>\n        publish:\n          - n: <% ctx(n) + 1 %>\n        do: g\(n + 1)\n"
            graph += "      - when: <% failed() %>\n        do: g\(min(graphTasks - 1, n + 2))\n"
            // A jump back (g0 stays the only start task).
            if n >= 3 { graph += "      - when: \"{{ ctx('n') == \(n) }}\"\n        do: g\(n - 2)\n" }
        }
        for (name, text) in [("seq", sequence), ("items", withItems), ("graph", graph)] {
            try "name: \(name)\nrunner_type: orquesta\nentry_point: workflows/\(name).yaml\n"
                .write(toFile: root + "/actions/\(name).yaml", atomically: true, encoding: .utf8)
            try text.write(toFile: root + "/actions/workflows/\(name).yaml", atomically: true, encoding: .utf8)
        }
    }

    /// CPU time of the whole process: on a shared machine the wall clock also counts other
    /// processes' turns, the CPU time says what the code costs.
    public static func processCPUSeconds() -> Double { RulesBenchmark.processCPUSeconds() }

    /// Reads and inspects the workflow of `ref` as a run does; returns its task count.
    public static func inspect(engine: Engine, ref: String) throws -> Int {
        guard let action = engine.catalog.actions[ref] else { throw EngineError.notFound("action '\(ref)' not found") }
        return try WorkflowRunner.readAndInspect(action, catalog: engine.catalog).tasks.count
    }
}
