import Hummingbird

/// Whether a request for executions wants their results. st2 keeps only the fields named by
/// `include_attributes` (`st2 execution list` names no result) and drops those named by
/// `exclude_attributes`; a list without results does not read them from the store at all.
enum ResultAttribute {
    static func requested(by request: Request) -> Bool {
        func names(_ parameter: String) -> [Substring]? { request.query(parameter)?.split(separator: ",") }
        if names("exclude_attributes")?.contains("result") == true { return false }
        if let included = names("include_attributes") {
            return included.contains { $0 == "result" || $0.hasPrefix("result.") }
        }
        return true
    }
}
