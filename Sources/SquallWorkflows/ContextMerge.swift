import SquallModel

/// How orquesta combines the contexts of branches that meet (a join, or the workflow's terminal
/// tasks). Orquesta keeps each branch's context as the initial context plus the list of what every
/// transition on its path published, and merges those lists deeply, later over earlier.
enum ContextMerge {
    /// The entries of `context` its path published, as told from a context alone (one saved before
    /// the conductor kept what was published): those that differ from the initial context.
    static func published(_ context: [String: JSONValue], since initial: [String: JSONValue]) -> [String: JSONValue] {
        context.filter { initial[$0.key] != $0.value }
    }

    /// `right` merged over `left`, objects merged key by key as orquesta's `merge_dicts` does.
    static func merging(_ left: [String: JSONValue], _ right: [String: JSONValue]) -> [String: JSONValue] {
        var merged = left
        for (key, value) in right {
            if case .object(let old)? = merged[key], case .object(let new) = value {
                merged[key] = .object(merging(old, new))
            } else {
                merged[key] = value
            }
        }
        return merged
    }
}
