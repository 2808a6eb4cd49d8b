import SquallModel

extension WorkflowInspector {
    /// Everything wrong with a workflow document at once, as st2 reports it before running it:
    /// the syntax errors, then inspection of all that could be read (a part that failed its
    /// schema is not checked further), sorted by type and schema path as st2 sorts them.
    public static func inspectDocument(_ document: JSONValue, action lookup: ((String) -> ActionSignature?)? = nil)
        -> (spec: WorkflowSpec?, errors: [InspectionError]) {
        let (spec, syntax) = WorkflowReader.readPartially(document)
        guard let spec else { return (nil, syntax) }
        let invalid = syntax.map(\.specPath).filter { !$0.isEmpty }
        let found = inspect(spec, action: lookup).filter { problem in
            !invalid.contains { problem.specPath == $0 || problem.specPath.hasPrefix($0 + ".") }
        }
        // st2 sorts with Python's stable sort: equal keys keep their order.
        let sorted = (syntax + found).enumerated().sorted { a, b in
            (a.element.type, a.element.schemaPath, a.offset) < (b.element.type, b.element.schemaPath, b.offset)
        }.map(\.element)
        return (sorted.isEmpty ? spec : nil, sorted)
    }
}
