import Foundation
import SquallEngine
import SquallModel
import SquallRunners
import SquallStore
import XCTest

/// A line without a newline is stored in pieces of at most 1 MiB, each but the last marked as
/// split; the result's stdout keeps the whole text. Before, the supervisor rescanned the whole
/// unfinished line on every read (quadratic: 20 MB took 42 s) and stored it as one row.
final class LongLineOutputTests: EngineTestCase {
    func testALongLineIsStoredInMarkedPiecesAndTheResultKeepsIt() throws {
        // 2.5 MiB and no newline, then a short line on stderr; the 2-byte é straddles the first cut.
        let size = 5 << 19
        let xs = { (count: Int) in "head -c \(count) /dev/zero | tr '\\0' x" }
        let command = "\(xs((1 << 20) - 1)); printf 'é'; \(xs(size - (1 << 20) - 1)); echo short >&2"
        let execution = try harness.run(engine, "core.local", ["cmd": .string(command)])
        XCTAssertEqual(execution.status, .succeeded)
        let stdout = try XCTUnwrap(execution.result?["stdout"]?.stringValue)
        XCTAssertEqual(stdout.utf8.count, size, "the result keeps the whole line")

        let lines = try engine.store.output(executionId: execution.id, after: nil)
        let pieces = lines.filter { $0.stream == .stdout }.map(\.line)
        let marker = " [squall: line split at 1048576 bytes]"
        XCTAssertEqual(pieces.count, 3)
        XCTAssertEqual(pieces.dropLast().map { $0.hasSuffix(marker) }, [true, true])
        XCTAssertFalse(pieces.last?.hasSuffix(marker) ?? true)
        XCTAssertTrue(pieces.allSatisfy { $0.utf8.count <= (1 << 20) + marker.utf8.count })
        // Cut on character boundaries: the pieces, unmarked, are the line.
        XCTAssertEqual(pieces.map { $0.hasSuffix(marker) ? String($0.dropLast(marker.count)) : $0 }.joined(), stdout)
        XCTAssertFalse(pieces.joined().contains("\u{FFFD}"))
        XCTAssertEqual(pieces.first?.utf8.count, (1 << 20) - 1 + marker.utf8.count, "cut before the é, not through it")
        XCTAssertEqual(lines.filter { $0.stream == .stderr }.map(\.line), ["short"])
    }

    /// Past 16 MiB the result's stdout is cut, and says so (issue 15: it was cut silently).
    func testAResultCutAtItsLimitEndsWithAMarker() throws {
        let execution = try harness.run(engine, "core.local", ["cmd": "head -c 17000000 /dev/zero | tr '\\0' x"])
        XCTAssertEqual(execution.status, .succeeded)
        let stdout = try XCTUnwrap(execution.result?["stdout"]?.stringValue)
        let marker = "\n[squall: truncated at 16777216 bytes, \(17_000_000 - 16_777_216) more in the execution's output]"
        XCTAssertTrue(stdout.hasSuffix(marker), String(stdout.suffix(120)))
        XCTAssertEqual(stdout.utf8.count, 16_777_216 + marker.utf8.count)
    }
}
