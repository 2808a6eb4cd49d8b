extension Execution {
    /// This record with `actionResultText` parsed into `result["result"]`: what readers of the
    /// store get. Builds the tree: call it only where the value is needed.
    public func materialized() -> Execution {
        guard let text = actionResultText else { return self }
        var record = self
        var object = result?.objectValue ?? [:]
        object["result"] = text.value
        record.result = .object(object)
        record.actionResultText = nil
        return record
    }
}
