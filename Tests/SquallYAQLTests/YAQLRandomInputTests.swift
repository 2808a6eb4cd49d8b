import SquallModel
import SquallYAQL
import XCTest

/// Random token soup must end in a value or a YAQLError: never a trap. The generator is seeded,
/// so a failure reproduces.
final class YAQLRandomInputTests: YAQLTestCase {
    private static let fragments = [
        "1", "0", "-1", "9223372036854775807", "2.5", "'a'", "'\\n'", "\"b\"", "true", "null", "$", "$x", "$.a", "$[0]",
        "x", "(", ")", "[", "]", "{", "}", ",", "=>", ".", "?.", "+", "-", "*", "/", "mod", "=", "!=", "<", ">=", "and",
        "or", "not", "in", "=~", "!~", "len(", "str(", "int(", "range(", "dict(", "list(", "coalesce(", "switch(",
        ".select(", ".where(", ".orderBy(", ".join(", ".split(", ".replace(", ".flatten()", ".sum()", ".first()",
        ".get(", ".set(", ".keys()", ".delete(", ".substring(", ".indexOf(", ".enumerate()", ".zip(", "ctx(", "ctx()",
        ".toDict(", ".selectMany(", "round(", "abs(", "'(a+)+$'", "`v`", "#", "'", "\\",
    ]

    func testRandomExpressionsNeverTrap() {
        var generator = SplitMix64(seed: 0x5EED_0001)
        let options = YAQLOptions(maxExpressionLength: 400, maxNestingDepth: 32, maxCollectionSize: 1_000, maxSteps: 20_000)
        let data: JSONValue = ["a": [1, "two", ["b": nil]], "x": 3]
        var values = 0, errors = 0
        for _ in 0..<50_000 {
            let count = Int(generator.next() % 12) + 1
            let expression = (0..<count).map { _ in Self.fragments[Int(generator.next() % UInt64(Self.fragments.count))] }
                .joined(separator: generator.next() % 2 == 0 ? " " : "")
            do {
                _ = try evaluate(expression, data: data, options: options)
                values += 1
            } catch let error as YAQLError {
                XCTAssertFalse(error.description.contains("\n"), "\(expression): \(error)")
                errors += 1
            } catch {
                XCTFail("\(expression): not a YAQLError: \(error)")
            }
        }
        // Both outcomes occur, so the soup does reach the evaluator.
        XCTAssertGreaterThan(values, 500)
        XCTAssertGreaterThan(errors, 500)
    }
}

/// A small seeded generator (SplitMix64), so that the same expressions are tried on every run.
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
