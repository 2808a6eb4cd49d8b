import SquallModel
import SquallYAQL
import XCTest

/// One expression, the data `$` stands for, and what yaql did: returned `expected`, or failed
/// in the way `failure` says.
struct YAQLCase {
    /// yaql's exception, where it names one of our error kinds.
    enum Failure {
        /// KeyError
        case missingKey
        /// NoFunctionRegisteredException
        case unknownFunction
        /// NoMethodRegisteredException
        case unknownMethod
        /// any other: wrong argument types, IndexError, ZeroDivisionError...
        case other
    }

    let expression: String
    let data: JSONValue
    let expected: JSONValue?
    let failure: Failure?

    init(_ expression: String, data: JSONValue, expected: JSONValue) {
        self.expression = expression
        self.data = data
        self.expected = expected
        self.failure = nil
    }

    init(_ expression: String, data: JSONValue, failure: Failure) {
        self.expression = expression
        self.data = data
        self.expected = nil
        self.failure = failure
    }
}

/// Orquesta's ctx() as a host function, for the tests only (the workflow engine brings its own):
/// ctx() is the whole context, ctx(name) one key of it and an error when there is none.
func ctxFunction(_ context: JSONValue) -> YAQLHostFunction {
    { arguments in
        guard let name = arguments.first else { return context }
        guard case .string(let key) = name, let value = context[key] else {
            throw YAQLError(.missingKey(name.stringValue ?? "?"), "ctx(): no variable \(name.jsonString())")
        }
        return value
    }
}

class YAQLTestCase: XCTestCase {
    func evaluate(_ expression: String, data: JSONValue = .null, options: YAQLOptions = YAQLOptions(),
                  functions: [String: YAQLHostFunction] = [:]) throws -> JSONValue {
        var all = functions
        if all["ctx"] == nil { all["ctx"] = ctxFunction(data) }
        return try YAQLExpression(expression, options: options).evaluate(data: data, functions: all)
    }

    func assertEvaluates(_ expression: String, _ expected: JSONValue, data: JSONValue = .null,
                         file: StaticString = #filePath, line: UInt = #line) {
        do {
            let value = try evaluate(expression, data: data)
            XCTAssertEqual(value, expected, "expression: \(expression)", file: file, line: line)
        } catch {
            XCTFail("\(expression) failed: \(error)", file: file, line: line)
        }
    }

    /// The error an expression raises, parsing or evaluating.
    func error(_ expression: String, data: JSONValue = .null, options: YAQLOptions = YAQLOptions(),
               file: StaticString = #filePath, line: UInt = #line) -> YAQLError? {
        do {
            let value = try evaluate(expression, data: data, options: options)
            XCTFail("\(expression) gave \(value.jsonString()) instead of failing", file: file, line: line)
        } catch let error as YAQLError {
            return error
        } catch {
            XCTFail("\(expression): not a YAQLError: \(error)", file: file, line: line)
        }
        return nil
    }

    /// The one-line message of an expression's error, "" when it did not fail.
    func message(_ expression: String, data: JSONValue = .null, options: YAQLOptions = YAQLOptions(),
                 file: StaticString = #filePath, line: UInt = #line) -> String {
        error(expression, data: data, options: options, file: file, line: line)?.description ?? ""
    }
}
