import SquallModel
import SquallWorkflows
import XCTest

/// `when: <% succeeded() %>` and its kin are answered from the task's status without evaluating
/// the expression (StatusCondition): the answer must be the evaluated one, for every status.
final class StatusConditionTests: XCTestCase {
    func testAStatusConditionAnswersAsItsEvaluationDoes() throws {
        let expressions = WorkflowExpressions()
        let texts = ["<% succeeded() %>", "<% failed() %>", "<% completed() %>", "<%succeeded()%>", "<%failed()%>", "<%completed()%>",
                     "<% succeeded()  %>", "<% not succeeded() %>", "{{ succeeded() }}"]
        for status in [nil, "succeeded", "failed", "running"] as [String?] {
            let scope = ExpressionScope(context: [:], currentTaskStatus: status)
            for text in texts {
                guard case .bool(let evaluated) = try expressions.evaluate(.string(text), in: scope) else {
                    XCTFail("\(text) is not a boolean"); continue
                }
                XCTAssertEqual(try expressions.condition(text, in: scope), evaluated, "\(text) with status \(status ?? "none")")
            }
        }
        let succeeded = ExpressionScope(context: [:], currentTaskStatus: "succeeded")
        XCTAssertEqual(try expressions.condition("<% succeeded() %>", in: succeeded), true)
        XCTAssertEqual(try expressions.condition("<% completed() %>", in: succeeded), true)
        XCTAssertEqual(try expressions.condition("<% failed() %>", in: succeeded), false)
    }
}
