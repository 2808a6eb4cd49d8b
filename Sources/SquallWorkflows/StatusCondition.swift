/// A `when` that only asks the ended task's status, written as orquesta's examples write it
/// (`<% succeeded() %>`, `<% failed() %>`, `<% completed() %>`): most transitions are these, and
/// answering them from the status skips building the expression functions for each, the
/// conductor's largest cost per task in `squall bench-workflows`. Any other text (spacing
/// included) is evaluated in full.
enum StatusCondition {
    case succeeded, failed, completed

    private static let forms: [String: StatusCondition] = [
        "<% succeeded() %>": .succeeded, "<% failed() %>": .failed, "<% completed() %>": .completed,
        "<%succeeded()%>": .succeeded, "<%failed()%>": .failed, "<%completed()%>": .completed,
    ]

    init?(exactly text: String) {
        guard text.utf8.count <= 19, let condition = Self.forms[text] else { return nil }
        self = condition
    }

    /// What orquesta's function of the same name answers for a task in `status`.
    func holds(for status: String?) -> Bool {
        switch self {
        case .succeeded: status == "succeeded"
        case .failed: status == "failed"
        case .completed: status == "succeeded" || status == "failed"
        }
    }
}
