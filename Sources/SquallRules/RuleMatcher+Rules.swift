/// What the matcher holds, for callers that decide what an instance needs before matching it.
extension RuleMatcher {
    /// The enabled rules on `trigger` whose criteria compiled: standard ones, then backstops.
    public func rules(on trigger: String) -> [Rule] {
        guard let candidates = byTrigger[trigger] else { return [] }
        return (candidates.standard + candidates.backstop).map(\.rule)
    }
}
