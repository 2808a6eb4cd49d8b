import SquallModel
import XCTest

@testable import SquallRules

final class KeyPathTests: XCTestCase {
    let root: [String: JSONValue] = [
        "trigger": [
            "body": ["name": "x", "tags": ["a", "b"], "my-key": 1, "items": [["id": 1], ["id": 2]]],
            "list": [10, 20], "text": "hey", "empty": [:], "count": 5,
        ],
        "system": ["kv1": "v"],
    ]

    func value(_ key: String) throws -> JSONValue? { try KeyPath(key).firstMatch(in: root) }

    func testDottedAndIndexedPaths() throws {
        XCTAssertEqual(try value("trigger.body.name"), "x")
        XCTAssertEqual(try value("trigger.list[1]"), 20)
        XCTAssertEqual(try value("trigger.body.tags[0]"), "a")
        XCTAssertEqual(try value("trigger.body.my-key"), 1, "jsonpath_rw identifiers may contain '-'")
        XCTAssertEqual(try value("trigger.body.items[1].id"), 2)
        XCTAssertEqual(try value("trigger.'body'.\"name\""), "x")
        XCTAssertEqual(try value("trigger.body['name']"), "x")
        XCTAssertEqual(try value("system.kv1"), "v")
        XCTAssertEqual(try value("trigger.text[1]"), "e", "an index on a string picks a character")
    }

    func testMissingIsNone() throws {
        XCTAssertNil(try value("trigger.nope"))
        XCTAssertNil(try value("trigger.list[5]"))
        XCTAssertNil(try value("trigger.body.name.deeper"))
        XCTAssertNil(try value("nothing"))
    }

    func testHashSuffixIsIgnored() throws {
        XCTAssertEqual(try value("trigger.body.name#second check"), "x")
        XCTAssertEqual(try KeyPath("trigger.a#1").description, "trigger.a")
    }

    func testWildcardsTakeTheFirstMatch() throws {
        XCTAssertEqual(try value("trigger.body.items[*].id"), 1)
        XCTAssertEqual(try value("trigger.list[*]"), 10)
    }

    func testBadPathsAndBadIndexingAreErrors() {
        XCTAssertThrowsError(try KeyPath("trigger..a"))
        XCTAssertThrowsError(try KeyPath("trigger.a["))
        XCTAssertThrowsError(try KeyPath("trigger.a[-1]"))
        XCTAssertThrowsError(try KeyPath("trigger."))
        XCTAssertThrowsError(try KeyPath("#only a comment"))
        XCTAssertThrowsError(try value("trigger.body[0]"), "jsonpath_rw raises KeyError indexing a dict")
        XCTAssertThrowsError(try value("trigger.count[0]"))
        XCTAssertNil(try value("trigger.empty[0]"), "falsy values select nothing")
    }
}
