import Foundation
import SquallModel
import XCTest
@testable import squall

/// A big result printed from its text (JSONTextSlice, JSONTextRendering) orders and spells its keys
/// as printing its value does, for keys mixing decomposed and precomposed forms (FuzzLargeResult's
/// find) and canonically equal keys (the value's Dictionary keeps the first spelling, the last value).
final class JSONTextKeyOrderTests: XCTestCase {
    func testKeysPrintAsTheValuePrintsThem() throws {
        for input in [
            #"{"type": true, "result": {"\u15e9": 1, "e\u0301": 2, "é1": [3]}}"#,
            #"{"é": 1, "e\u0301": 2, "a": {"e\u0301": [], "é": {}}}"#,
        ] {
            let bytes = Data(input.utf8)
            let value = try JSONValue.parse(bytes)
            let text = try JSONText(validating: bytes)
            let index = try XCTUnwrap(JSONTextIndex(text, depthLimit: 16))
            var json = ResultTextBuffer(), lines = ResultTextBuffer(), valueLines = ResultTextBuffer()
            withExtendedLifetime(index) {
                text.bytes.withUnsafeBytes { raw in
                    let slice = JSONTextSlice(root: raw.baseAddress!.assumingMemoryBound(to: UInt8.self), count: raw.count, index: index)
                    JSONTextRendering.writeJSON(slice, indent: 0, to: &json)
                    JSONTextRendering.textEntry(slice, indent: 2, to: &lines)
                }
            }
            ResultText.entry(value, indent: 2, to: &valueLines)
            XCTAssertEqual(json.text, value.jsonString(pretty: true), input)
            XCTAssertEqual(lines.text, valueLines.text, input)
        }
    }
}
