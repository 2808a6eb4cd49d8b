import SquallModel
import XCTest

/// Object keys print in one order whatever order they are sorted from: Swift's String `<` alone
/// does not give that when decomposed and precomposed forms mix (see JSONKeyOrder).
final class JSONKeyOrderTests: XCTestCase {
    let keys = ["\u{15E9}", "e\u{301}", "\u{E9}1", "a", "\u{E9}"]

    func testEveryStartingOrderSortsTheSame() {
        let expected = keys.sortedAsJSONKeys()
        for first in keys.indices {
            for second in keys.indices where second != first {
                var start = keys
                start.swapAt(0, first)
                start.swapAt(1, second)
                XCTAssertEqual(start.sortedAsJSONKeys(), expected, "sorted from \(start.map { Array($0.unicodeScalars) })")
            }
        }
        // NFC scalar order: "a", then "é" (either spelling) before "é1", then U+15E9.
        XCTAssertEqual(expected.first, "a")
        XCTAssertEqual(expected.last, "\u{15E9}")
        XCTAssertTrue(JSONKeyOrder.precedes("e\u{301}", "\u{E9}1"))
        XCTAssertFalse(JSONKeyOrder.precedes("\u{E9}1", "e\u{301}"))
    }

    func testAnObjectPrintsTheSameWhateverItsInsertionOrder() throws {
        let text = #"{"\u15e9": 1, "e\u0301": 2, "\u00e91": [3]}"#
        let reordered = #"{"\u00e91": [3], "e\u0301": 2, "\u15e9": 1}"#
        XCTAssertEqual(try JSONValue.parse(text).jsonString(pretty: true), try JSONValue.parse(reordered).jsonString(pretty: true))
        XCTAssertEqual(try JSONValue.parse(text).jsonString(), #"{"e\#u{301}": 2, "\#u{E9}1": [3], "\#u{15E9}": 1}"#)
    }
}
