extension WorkflowSpec {
    /// How many transitions lead to each task that any leads to, in one pass over the graph: the
    /// conductor asks at every task it schedules, and counting again each time made a workflow's
    /// cost grow with the square of its tasks.
    func inboundCounts() -> [String: Int] {
        var counts: [String: Int] = [:]
        for spec in tasks.values {
            for transition in spec.next {
                for target in Set(transition.targets) { counts[target, default: 0] += 1 }
            }
        }
        return counts
    }
}
