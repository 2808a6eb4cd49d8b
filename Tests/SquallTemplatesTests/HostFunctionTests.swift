import SquallModel
import SquallTemplates
import XCTest

/// Functions the host provides (Orquesta's `ctx()`, `result()`...), called by name in templates.
final class HostFunctionTests: XCTestCase {
    let environment = TemplateEnvironment()

    func testHostFunctionsAreCalledWithTheirArgumentsAndKeepTypes() throws {
        let functions: [String: TemplateFunction] = [
            "ctx": { arguments in
                let context: JSONValue = ["names": ["a", "b"], "n": 2]
                guard let name = arguments.first?.stringValue else { return context }
                return context[name] ?? .null
            },
            "range": { _ in "the host's range wins" },
        ]
        XCTAssertEqual(try environment.renderValue("{{ ctx().names }}", context: [:], functions: functions), ["a", "b"])
        XCTAssertEqual(try environment.renderValue("{{ ctx('n') * 3 }}", context: [:], functions: functions), 6)
        XCTAssertEqual(try environment.renderValue("{{ ctx().names | join('+') }} {{ range(3) }}", context: [:], functions: functions),
                       "a+b the host's range wins")
        // Without the host's functions, names stay unknown.
        XCTAssertThrowsError(try environment.renderValue("{{ ctx() }}", context: [:]))
    }

    func testAHostFunctionsErrorBecomesATemplateError() {
        struct Refused: Error, CustomStringConvertible { var description: String { "no such key" } }
        let functions: [String: TemplateFunction] = ["st2kv": { _ in throw Refused() }]
        XCTAssertThrowsError(try environment.renderValue("x {{ st2kv('k') }}", context: [:], functions: functions)) { error in
            XCTAssertEqual((error as? TemplateError)?.message, "no such key")
        }
    }
}
