import Foundation
import SquallModel
import SquallStore

/// Consecutive output lines of one execution packed into one `output_chunks` row. A row per line
/// cost ~4x the output: lines of ~1 KB did not fit a WITHOUT ROWID page's local payload and each
/// took a 4 KB overflow page of its own. A chunk's blob fills its overflow pages.
///
/// Blob layout, per line in sequence order: varint(sequence - previous sequence) (the first line's
/// previous is the row's `first_sequence`), one stream byte (0 stdout, 1 stderr), zigzag
/// varint(timestamp µs - previous timestamp µs) (the first line's previous is 0), varint(byte
/// count), the line's UTF-8 bytes. About 5 bytes per line besides its text.
enum OutputChunk {
    /// A chunk is closed when its blob reaches this size (one line longer than that has a chunk of its own).
    static let targetBytes = 64 * 1024
    /// A batch appends to the execution's last chunk while that chunk is below this size: lines
    /// trickling in one flush at a time then share rows, and rewriting one costs about a page.
    static let growBytes = 4 * 1024

    struct Line {
        var sequence: Int
        var stream: OutputStreamKind
        var timestampMicros: Int64
        var text: String
    }

    static func encode(_ lines: [Line], firstSequence: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(lines.reduce(0) { $0 + $1.text.utf8.count + 8 })
        var previousSequence = firstSequence
        var previousMicros: Int64 = 0
        for line in lines {
            appendVarint(UInt64(line.sequence - previousSequence), to: &bytes)
            bytes.append(line.stream == .stdout ? 0 : 1)
            appendVarint(zigzag(line.timestampMicros &- previousMicros), to: &bytes)
            let text = line.text.utf8
            appendVarint(UInt64(text.count), to: &bytes)
            bytes.append(contentsOf: text)
            previousSequence = line.sequence
            previousMicros = line.timestampMicros
        }
        return bytes
    }

    static func decode(_ bytes: [UInt8], firstSequence: Int, executionId: String) throws -> [Line] {
        var lines: [Line] = []
        var position = 0
        var sequence = firstSequence
        var micros: Int64 = 0
        func corrupt() -> StoreError {
            StoreError(.corruptRecord, "output of \(executionId): chunk at sequence \(firstSequence) is malformed at byte \(position)")
        }
        func varint() throws -> UInt64 {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while position < bytes.count, shift < 64 {
                let byte = bytes[position]
                position += 1
                value |= UInt64(byte & 0x7f) << shift
                if byte & 0x80 == 0 { return value }
                shift += 7
            }
            throw corrupt()
        }
        while position < bytes.count {
            let step = try varint()
            guard step <= UInt64(Int.max) else { throw corrupt() }
            let (next, overflow) = sequence.addingReportingOverflow(Int(step))
            guard !overflow else { throw corrupt() }
            sequence = next
            guard position < bytes.count, bytes[position] <= 1 else { throw corrupt() }
            let stream: OutputStreamKind = bytes[position] == 0 ? .stdout : .stderr
            position += 1
            micros = micros &+ unzigzag(try varint())
            let count = try varint()
            guard count <= UInt64(bytes.count - position) else { throw corrupt() }
            let end = position + Int(count)
            let text = String(decoding: bytes[position..<end], as: UTF8.self)
            position = end
            lines.append(Line(sequence: sequence, stream: stream, timestampMicros: micros, text: text))
        }
        return lines
    }

    private static func appendVarint(_ value: UInt64, to bytes: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7f) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    private static func zigzag(_ value: Int64) -> UInt64 { UInt64(bitPattern: (value << 1) ^ (value >> 63)) }
    private static func unzigzag(_ value: UInt64) -> Int64 { Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1) }
}
