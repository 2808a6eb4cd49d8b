import SquallModel

extension Engine {
    /// The execution with this id, a big action result kept as its text (`actionResultText`) to
    /// be printed from it without its tree (issue 15: a 40 MiB result's tree took ~460 MB in
    /// `execution get`). `materialized()` gives what `execution(id:)` gives.
    public func executionKeepingResultText(id: String) throws -> Execution {
        guard let execution = try store.executionKeepingResultText(id: id) else { throw EngineError.notFound("execution '\(id)' not found") }
        return execution
    }
}
