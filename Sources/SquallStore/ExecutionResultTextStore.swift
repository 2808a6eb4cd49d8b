public import SquallModel

/// Reading a record to print it (issue 15): an action result written as text
/// (`Execution.actionResultText`, one of 1 MiB or more) is handed back as that text instead of a
/// parsed tree, which for a 40 MiB result took ~460 MB in `execution get`.
public protocol ExecutionResultTextStore: Sendable {
    /// The execution with exactly this id, as `execution(id:)` reads it, except that an action
    /// result written as text may come back as that text (`actionResultText`, the same value;
    /// `result` then holds the runner's other members): `materialized()` gives what
    /// `execution(id:)` gives. A store keeping such results as text reads them in pieces.
    func executionKeepingResultText(id: String) throws -> Execution?
}
