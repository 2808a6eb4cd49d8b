import Foundation
import SquallModel
import XCTest

@testable import SquallRules

/// Runs every case of st2's own operator tests (Fixtures/operators.json, see Fixtures/README.md).
final class OperatorConformanceTests: XCTestCase {
    struct Case {
        let index: Int
        let test: String
        let op: String
        let value: JSONValue
        let pattern: JSONValue
        let expected: Bool
    }

    static func loadCases() throws -> [Case] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/operators.json")
        guard case .array(let raw) = try JSONValue.parse(Data(contentsOf: url)) else {
            throw CriteriaError("operators.json is not a list")
        }
        return try raw.enumerated().map { index, item in
            guard case .string(let test)? = item["test"], case .string(let op)? = item["op"],
                  case .bool(let expected)? = item["expected"] else {
                throw CriteriaError("case \(index) lacks test/op/expected")
            }
            if item["dynamic"] == .bool(true) {
                guard case .array(let sources)? = item["args_src"], sources.count == 2,
                      case .string(let valueSource) = sources[0], case .string(let patternSource) = sources[1] else {
                    throw CriteriaError("case \(index): dynamic case without two args_src")
                }
                return Case(index: index, test: test, op: op, value: try dynamicArgument(valueSource),
                            pattern: try dynamicArgument(patternSource), expected: expected)
            }
            return Case(index: index, test: test, op: op, value: decodeBytes(item["value"] ?? .null),
                        pattern: decodeBytes(item["pattern"] ?? .null), expected: expected)
        }
    }

    /// `{"bytes": "..."}` is a Python byte string; st2 decodes it as UTF-8 before comparing.
    static func decodeBytes(_ value: JSONValue) -> JSONValue {
        if case .object(let o) = value, o.count == 1, case .string(let s)? = o["bytes"] { return .string(s) }
        return value
    }

    /// Builds the value of one of st2's test argument expressions.
    static func dynamicArgument(_ source: String) throws -> JSONValue {
        if source == "date_utils.get_datetime_utc_now().isoformat()" { return .string(pythonUTCNowISO()) }
        if source.count >= 2, source.hasPrefix("'"), source.hasSuffix("'") {
            return .string(String(source.dropFirst().dropLast()))
        }
        if let number = Int(source) { return .int(number) }
        throw CriteriaError("unknown argument source: \(source)")
    }

    /// What Python's `datetime.now(timezone.utc).isoformat()` prints: microseconds and +00:00.
    static func pythonUTCNowISO() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss.SSSSSS"
        return formatter.string(from: Date()) + "+00:00"
    }

    func testEveryConformanceCase() throws {
        let cases = try Self.loadCases()
        XCTAssertEqual(cases.count, 143, "the fixture should hold all of st2's operator cases")
        var failures: [String] = []
        for c in cases {
            let outcome: String
            do {
                let op = try CriteriaOperator.named(c.op)
                let result = try op.evaluate(c.value, c.pattern)
                if result == c.expected { continue }
                outcome = "got \(result)"
            } catch {
                // st2's tests call the operator directly: an exception is never the expected outcome.
                outcome = "threw \(error)"
            }
            failures.append("#\(c.index) \(c.test) \(c.op)(\(c.value.jsonString()), \(c.pattern.jsonString())): "
                + "expected \(c.expected), \(outcome)")
        }
        XCTAssertTrue(failures.isEmpty, "failing cases:\n" + failures.joined(separator: "\n"))
    }

    func testEveryOperatorOfTheFixtureIsCovered() throws {
        let covered = Set(try Self.loadCases().map { try CriteriaOperator.named($0.op) })
        // search needs item criteria and timediff_lt/gt come from dynamic cases; all are in the file but search.
        let expected = Set(CriteriaOperator.allCases).subtracting([.search])
        XCTAssertEqual(covered, expected)
    }
}
