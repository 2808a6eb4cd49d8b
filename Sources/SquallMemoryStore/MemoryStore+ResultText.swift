public import SquallModel
import SquallStore

extension MemoryStore {
    /// Records are kept with their results parsed (see `update(id:_:)`): there is no text to keep.
    public func executionKeepingResultText(id: String) throws -> Execution? {
        try execution(id: id)
    }
}
