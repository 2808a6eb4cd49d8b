import XCTest
import SquallModel
import Yams
@testable import SquallPacks

/// YAMLScalarType replaces Yams' default (regex) resolver for plain scalars: it must type every
/// string exactly as that resolver does, for the types squall distinguishes.
final class YAMLScalarTypeTests: XCTestCase {
    /// What Yams' default resolver makes of `text` as a plain scalar, folded into squall's types.
    private func yamsType(_ text: String) -> YAMLScalarType {
        switch Tag.Name(rawValue: Node(text).tag.rawValue) {
        case .bool: return .bool
        case .int: return .int
        case .float: return .float
        case .null: return .null
        default: return .string
        }
    }

    func testAgreesWithYamsDefaultResolverOnEveryShortStringOverNumberAlphabet() {
        // Every string up to 4 characters over the characters the int/float/null patterns care about.
        let alphabet = Array("0158_.:+-eExbo~")
        var strings: [String] = [""]
        var frontier: [String] = [""]
        for _ in 1...4 {
            frontier = frontier.flatMap { prefix in alphabet.map { prefix + String($0) } }
            strings += frontier
        }
        var disagreements: [String] = []
        for text in strings where YAMLScalarType(plain: text) != yamsType(text) {
            disagreements.append("\(text): ours \(YAMLScalarType(plain: text)), Yams \(yamsType(text))")
        }
        XCTAssertGreaterThan(strings.count, 50_000)
        XCTAssertEqual(disagreements, [], "\(disagreements.prefix(20))")
    }

    func testAgreesWithYamsOnNamedCases() {
        let cases = [
            "yes", "No", "TRUE", "off", "On", "oN", "y", "n", "truE",
            "0", "00", "007", "0o17", "0o", "08", "0b1010", "0b", "-0b1", "0x1F", "0xg", "+0x_", "1_000", "-12",
            "1:30", "190:20:30", "1:60", "1:5:", "0:30", "1:30.5", "0:30.5", "-1:30.25", "1:3", "1:03",
            "1.5", "1.", ".5", "._5", ".5e+3", ".5e3", "1e5", "1e+5", "1E-05", "1.5e", "-.5", "+1.0",
            ".inf", "-.Inf", "+.INF", ".nan", ".NaN", "-.nan", ".iNf",
            "~", "null", "Null", "NULL", "nULL", "", "<<", "=", "2024-01-02", "2001-12-14t21:59:43.10-05:00",
            "1.2.3", "v1", "abc", "١٢", "0x١",
        ]
        for text in cases {
            XCTAssertEqual(YAMLScalarType(plain: text), yamsType(text), text)
        }
    }

    /// Found by fuzzing: Yams trapped (arithmetic overflow) on a base-60 integer past Int.
    func testABase60IntegerPastIntStaysTextInsteadOfTrapping() throws {
        let value = try YAMLDocument.parse("""
            big: 346646466664666666:6
            tagged: !!int -346646466664666666:6
            parts: 3:1:3:4:42:51:4:42:5:43:5
            small: 1:30
            """, file: "t.yaml")
        XCTAssertEqual(value["big"], .string("346646466664666666:6"))
        // Eleven parts: Yams' place value (60^11) overflows though the total would fit.
        XCTAssertEqual(value["parts"], .string("3:1:3:4:42:51:4:42:5:43:5"))
        XCTAssertEqual(value["tagged"], .string("-346646466664666666:6"))
        XCTAssertEqual(value["small"], .int(90))
    }

    func testDocumentsTypeQuotedAndTaggedScalarsAsWrittenNotByTheirText() throws {
        let value = try YAMLDocument.parse("""
        plain_int: 42
        quoted_int: "42"
        single_quoted_bool: 'yes'
        bool: yes
        tagged_str: !!str 3.5
        tagged_float: !!float 7
        nothing:
        tilde: ~
        float: 1e5
        date: 2024-01-02
        list: [1, "1", on, .nan]
        """, file: "t.yaml")
        guard case .object(let object) = value else { return XCTFail("not a mapping: \(value)") }
        XCTAssertEqual(object["plain_int"], .int(42))
        XCTAssertEqual(object["quoted_int"], .string("42"))
        XCTAssertEqual(object["single_quoted_bool"], .string("yes"))
        XCTAssertEqual(object["bool"], .bool(true))
        XCTAssertEqual(object["tagged_str"], .string("3.5"))
        XCTAssertEqual(object["tagged_float"], .double(7))
        XCTAssertEqual(object["nothing"], .null)
        XCTAssertEqual(object["tilde"], .null)
        XCTAssertEqual(object["float"], .double(100_000))
        XCTAssertEqual(object["date"], .string("2024-01-02"))
        guard case .array(let list) = object["list"], list.count == 4 else { return XCTFail("list: \(String(describing: object["list"]))") }
        XCTAssertEqual(Array(list.prefix(3)), [.int(1), .string("1"), .bool(true)])
        guard case .double(let nan) = list[3], nan.isNaN else { return XCTFail("not NaN: \(list[3])") }
    }
}
