import Foundation
import XCTest
import SquallModel

/// JSONParser against Python's json module on thousands of generated documents, valid and mutated
/// (PythonJSON/json_oracle.py generates them and compares; see there for the deliberate differences).
/// Also checks the writer: squall's typed reading goes back to Python as JSON text written by JSONValue.
final class JSONParserPythonTests: XCTestCase {
    let oracle = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("PythonJSON/json_oracle.py").path

    func python(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", oracle] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    /// The form json_oracle.py compares: kinds explicit, doubles by bit pattern.
    func typed(_ value: JSONValue) -> JSONValue {
        switch value {
        case .null: return ["n"]
        case .bool(let b): return ["b", .bool(b)]
        case .int(let i): return ["i", .string(String(i))]
        case .double(let d): return ["d", .string(String(d.bitPattern))]
        case .string(let s): return ["s", .string(s)]
        case .array(let a): return ["a", .array(a.map(typed))]
        case .object(let o): return ["o", .object(o.mapValues(typed))]
        }
    }

    func testAgreesWithPythonsJSONModule() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("json-oracle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let docs = directory.appendingPathComponent("docs").path, expected = directory.appendingPathComponent("expected").path
        let actual = directory.appendingPathComponent("actual").path

        for seed in 1...3 {
            let generated = try python(["generate", String(seed), "3000", docs, expected])
            XCTAssertEqual(generated.status, 0, generated.output)
            var lines: [String] = []
            var accepted = 0
            // Not omitting empty lines: an empty document (base64 "") is one of the cases.
            for line in try String(contentsOfFile: docs, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
                let document = try XCTUnwrap(Data(base64Encoded: String(line)))
                guard let value = try? JSONValue.parse(document) else { lines.append("error"); continue }
                accepted += 1
                lines.append(typed(value).jsonString())
                XCTAssertEqual(try JSONValue.parse(value.jsonString()), value, "written and read back")
            }
            try (lines.joined(separator: "\n") + "\n").write(toFile: actual, atomically: true, encoding: .utf8)
            let compared = try python(["compare", expected, actual, docs])
            XCTAssertEqual(compared.status, 0, "seed \(seed): \(compared.output)")
            XCTAssertGreaterThan(accepted, 1_500, "most generated documents are valid")
            XCTAssertLessThan(accepted, 2_900, "some are refused")
        }
    }
}
