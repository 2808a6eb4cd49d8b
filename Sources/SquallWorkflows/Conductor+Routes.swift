import SquallModel

/// Orquesta's routes: every task instance runs on a route, 0 at the start. A task that several
/// transitions lead to without a join (a split), outside a cycle, starts a new route for each
/// transition that reaches it, and the tasks after it stay on that route. `task(name, route)`
/// and st2's `task_route` use these numbers.
extension Conductor {
    /// The route of `name` reached from instance `from` through its transition `number`, and the
    /// transitions that route has passed (a new route is numbered after all the others).
    func route(of name: String, from: Int?, transition number: Int) -> (route: Int, path: [String]) {
        guard let from else { return (0, []) }
        let previous = instances[from]
        let path = previous.routePath ?? []
        // Orquesta's split task: several transitions lead to it and it has no join.
        guard spec.tasks[name]?.join == nil, inbound[name, default: 0] > 1, !spec.inCycle(name) else { return (previous.route, path) }
        let transitionID = "\(previous.name)__t\(number)"
        if path.contains(transitionID) { return (previous.route, path) }
        return (routePaths.count, path + [transitionID])
    }

    /// The latest instance of `name` on `route`, or on the route it split from when it has none
    /// there (orquesta's `task()` looks back along the route), as `task()` shows it.
    static func latestTask(_ name: String, route: Int, in scope: ExpressionScope) -> LatestTask? {
        if route == 0 { return scope.latestTasks[name].flatMap { $0.route == 0 ? $0 : nil } }
        if let latest = scope.latestTasks[LatestTask.key(name, route: route)] { return latest }
        guard route > 0, let path = scope.routePaths[route] else { return nil }
        for earlier in stride(from: route - 1, through: 0, by: -1) where Set(scope.routePaths[earlier] ?? []).isSubset(of: path) {
            return latestTask(name, route: earlier, in: scope)
        }
        return nil
    }

    /// Records instance `index` as its task's latest, by name and, off route 0, by route too (route
    /// 0's is the one by name: a workflow without splits saves nothing more).
    mutating func noteLatest(_ index: Int, result: JSONValue? = nil) {
        let instance = instances[index]
        let key = instance.route == 0 ? nil : LatestTask.key(instance.name, route: instance.route)
        if let result {
            if latestTasks[instance.name]?.route == instance.route { latestTasks[instance.name]?.result = result }
            if let key { latestTasks[key]?.result = result }
        } else {
            latestTasks[instance.name] = LatestTask(route: instance.route)
            if let key { latestTasks[key] = LatestTask(route: instance.route) }
        }
        if let key { journal.names.insert(key) }
    }

    /// Each route's transitions, from the instances (a restored conductor rebuilds them).
    static func routePaths(of instances: [TaskInstance]) -> [Int: [String]] {
        var paths: [Int: [String]] = [0: []]
        for instance in instances where paths[instance.route] == nil { paths[instance.route] = instance.routePath ?? [] }
        return paths
    }
}

extension LatestTask {
    /// The key of a task's latest instance on one route (task names are `\w+`, so `@` cannot clash).
    static func key(_ name: String, route: Int) -> String { "\(name)@\(route)" }
}

extension WorkflowSpec {
    /// Whether `name` can reach itself through transitions.
    func inCycle(_ name: String) -> Bool {
        var seen: Set<String> = []
        var queue = tasks[name]?.next.flatMap(\.targets) ?? []
        while let next = queue.popLast() {
            if next == name { return true }
            guard seen.insert(next).inserted else { continue }
            queue += tasks[next]?.next.flatMap(\.targets) ?? []
        }
        return false
    }
}
