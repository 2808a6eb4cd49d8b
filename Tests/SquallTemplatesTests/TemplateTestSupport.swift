import SquallModel
import SquallTemplates
import XCTest

/// Shared helpers: render with a fresh environment and compare, or capture the error message.
class TemplateTestCase: XCTestCase {
    let strict = TemplateEnvironment(options: .init(strictUndefined: true))
    let lenient = TemplateEnvironment(options: .init(strictUndefined: false))

    func render(_ source: String, _ context: [String: JSONValue] = [:], strictMode: Bool = true) throws -> String {
        try (strictMode ? strict : lenient).render(source, context: context)
    }

    func assertRenders(_ source: String, _ expected: String, _ context: [String: JSONValue] = [:],
                       strictMode: Bool = true, file: StaticString = #filePath, line: UInt = #line) {
        do {
            let output = try render(source, context, strictMode: strictMode)
            XCTAssertEqual(output, expected, "template: \(source)", file: file, line: line)
        } catch {
            XCTFail("template \(source) failed: \(error)", file: file, line: line)
        }
    }

    /// The error a template raises, compiling or rendering.
    func renderError(_ source: String, _ context: [String: JSONValue] = [:], strictMode: Bool = true,
                     file: StaticString = #filePath, line: UInt = #line) -> TemplateError? {
        do {
            let output = try render(source, context, strictMode: strictMode)
            XCTFail("template \(source) rendered \(output.debugDescription) instead of failing", file: file, line: line)
            return nil
        } catch let error as TemplateError {
            return error
        } catch {
            XCTFail("unexpected error type: \(error)", file: file, line: line)
            return nil
        }
    }
}
