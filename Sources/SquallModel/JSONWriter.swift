import Foundation

extension JSONValue {
    /// Compact JSON text with sorted keys (stable output for records and tests).
    public func jsonString(pretty: Bool = false) -> String {
        var sink = JSONByteSink()
        write(to: &sink, pretty: pretty, indent: 0)
        return sink.withBytes { String(decoding: $0, as: UTF8.self) }
    }

    /// The same text as `jsonString`, handed over as bytes (for replies that go out as bytes).
    public func withJSONBytes<T>(pretty: Bool = false, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        var sink = JSONByteSink()
        write(to: &sink, pretty: pretty, indent: 0)
        return try sink.withBytes { try body(UnsafeRawBufferPointer($0)) }
    }

    private func write(to out: inout JSONByteSink, pretty: Bool, indent: Int) {
        switch self {
        case .null: out.append("null")
        case .bool(let b): out.append(b ? "true" : "false")
        case .int(let i): out.appendDecimal(i)
        case .double(let d):
            if d.isNaN || d.isInfinite { out.append("null") }
            else if d.rounded() == d && abs(d) < 1e15 {
                // As "%.1f" prints it (the digits, then ".0"), without going through String(format:).
                if d == 0 && d.sign == .minus { out.append("-") }
                out.appendDecimal(Int(d))
                out.append(".0")
            }
            else { var text = "\(d)"; text.withUTF8 { out.append($0) } }
        case .string(let s): out.appendEscaped(s)
        case .array(let a):
            if a.isEmpty { out.append("[]"); return }
            out.append(0x5B)  // [
            // Plain loops and counters here and below: `enumerated()` and range iterators are generic
            // calls per element in debug builds, where they were most of list replies' encoding time.
            var first = true
            for v in a {
                if !first { out.append(pretty ? "," : ", ") }
                if pretty { out.newline(indent + 1) }
                first = false
                v.write(to: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { out.newline(indent) }
            out.append(0x5D)  // ]
        case .object(let o):
            if o.isEmpty { out.append("{}"); return }
            out.append(0x7B)  // {
            // Sorting the keys alone: sorting (key, value) pairs instantiated tuple metadata per
            // comparison in debug builds (a quarter of `GET /api/v1/actions`' profile).
            var first = true
            for key in o.keys.sortedAsJSONKeys() {
                if !first { out.append(pretty ? "," : ", ") }
                if pretty { out.newline(indent + 1) }
                out.appendEscaped(key)
                out.append(": ")
                first = false
                o[key]!.write(to: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { out.newline(indent) }
            out.append(0x7D)  // }
        }
    }
}

/// The writer's output buffer. Not an [UInt8]: its generic append(contentsOf:) went through type
/// metadata per piece in debug builds (the API's list route, benchmarked in debug, spent a tenth
/// of its time there), and growing by realloc lets glibc move a big buffer (a 40 MB result) by
/// remapping pages instead of holding the old and the new copy at once.
struct JSONByteSink: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity = 256

    init() { base = malloc(256)!.assumingMemoryBound(to: UInt8.self) }

    deinit { free(base) }

    func withBytes<T>(_ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
        try body(UnsafeBufferPointer(start: base, count: count))
    }

    private mutating func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        var grown = capacity * 2
        while grown < count + extra { grown *= 2 }
        // Out of memory here is out of memory anywhere else in Swift: a trap.
        base = realloc(base, grown)!.assumingMemoryBound(to: UInt8.self)
        capacity = grown
    }

    mutating func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        (base + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    /// A literal's bytes straight from the binary.
    mutating func append(_ literal: StaticString) {
        append(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    mutating func newline(_ indent: Int) {
        append(0x0A)
        reserve(2 * indent)
        var spaces = 2 * indent
        while spaces > 0 { base[count] = 0x20; count += 1; spaces -= 1 }
    }

    /// `value` in decimal, as String(value) writes it.
    mutating func appendDecimal(_ value: Int) {
        if value < 0 { append(0x2D) }  // -
        var rest = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for UInt64.max's 20 digits
        let length = withUnsafeMutableBytes(of: &digits) { scratch -> Int in
            var position = 24
            repeat {
                position -= 1
                scratch[position] = UInt8(truncatingIfNeeded: 0x30 &+ rest % 10)
                rest /= 10
            } while rest > 0
            append(UnsafeBufferPointer(start: scratch.baseAddress!.assumingMemoryBound(to: UInt8.self) + position, count: 24 - position))
            return 24 - position
        }
        _ = length
    }

    /// `s` as a JSON string: only ASCII bytes need escaping, so the text between them is copied in whole runs.
    mutating func appendEscaped(_ s: String) {
        append(0x22)
        var s = s
        s.withUTF8 { bytes in
            guard let start = bytes.baseAddress else { return }
            var runStart = 0
            var index = 0
            while index < bytes.count {
                let byte = start[index]
                index += 1
                guard byte == 0x22 || byte == 0x5C || byte < 0x20 else { continue }
                append(UnsafeBufferPointer(start: start + runStart, count: index - 1 - runStart))
                append(0x5C)  // backslash
                switch byte {
                case 0x22, 0x5C: append(byte)
                case 0x0A: append(0x6E)  // n
                case 0x0D: append(0x72)  // r
                case 0x09: append(0x74)  // t
                default:
                    let digits: StaticString = "0123456789abcdef"
                    append("u00")
                    append(digits.utf8Start[Int(byte >> 4)])
                    append(digits.utf8Start[Int(byte & 0xf)])
                }
                runStart = index
            }
            append(UnsafeBufferPointer(start: start + runStart, count: bytes.count - runStart))
        }
        append(0x22)
    }
}
