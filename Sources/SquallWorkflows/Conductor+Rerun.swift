import SquallModel

/// A named task of a re-run that cannot run again: not in the workflow, or it did not fail.
public struct RerunError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

extension Conductor {
    /// Orquesta's re-run of a failed workflow from some of its tasks: this conductor (restored
    /// from the failed run) runs each named task's latest instance again, with its context, and
    /// goes on from there; tasks that succeeded keep their results. A with-items task in `reset`
    /// runs all its items again, otherwise only those that failed or never started.
    /// Returns the actions to start; throws, changing nothing, when a named task did not fail.
    public mutating func rerun(tasks: [String], reset: Set<String>) throws -> [TaskRequest] {
        try checkRerun(tasks: tasks)
        status = .running
        errors = []
        failing = false
        output = .null
        var started: [TaskRequest] = []
        for name in tasks {
            let failed = instances[instances.lastIndex { $0.name == name }!]
            var again = TaskInstance(name: failed.name, route: failed.route, context: failed.context, routePath: failed.routePath,
                                     published: failed.published)
            instances.append(again)
            let index = instances.count - 1
            noteLatest(index)
            guard !reset.contains(name), let items = failed.items, let failedItems = failed.failedItems else {
                started += launch(index)
                continue
            }
            again.items = items
            again.concurrency = failed.concurrency
            again.itemResults = failed.itemResults
            for item in failedItems { again.itemResults[item] = nil }
            let kept = Set((0..<failed.nextItem).filter { !failedItems.contains($0) && failed.itemResults[$0] != nil })
            again.keptItems = kept
            instances[index] = again
            taskStatuses[name] = "running"
            started += startItems(index)
        }
        started += drain()
        finishIfIdle()
        return started
    }

    /// Throws the first named task that cannot re-run (see `rerun`).
    public func checkRerun(tasks: [String]) throws {
        guard !tasks.isEmpty else { throw RerunError(description: "no task to re-run") }
        for name in tasks {
            guard spec.tasks[name] != nil else { throw RerunError(description: "task '\(name)' is not in the workflow") }
            guard taskStatuses[name] == "failed", instances.contains(where: { $0.name == name }) else {
                throw RerunError(description: "task '\(name)' did not fail (\(taskStatuses[name] ?? "it did not run")): only failed tasks re-run")
            }
        }
    }
}
