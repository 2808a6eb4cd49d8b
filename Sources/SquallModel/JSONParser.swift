import Foundation

/// Why JSON text was refused, with the byte offset where the parser stopped.
public struct JSONParseError: Error, CustomStringConvertible, Equatable {
    public let reason: String
    public let offset: Int
    public var description: String { "\(reason) at byte \(offset)" }
}

/// A strict RFC 8259 parser from UTF-8 bytes straight to `JSONValue`.
///
/// It replaced JSONSerialization plus bridging, which dominated the API's list route, and which on
/// Linux read some 17-digit doubles imprecisely. What it accepts is what JSONSerialization (with
/// fragments allowed) accepted, minus its trailing commas:
/// - any value at the top level, surrounded by RFC whitespace, after an optional UTF-8 byte-order mark;
/// - duplicate keys: the last one wins (as Python's json and JSONSerialization);
/// - `1` is an Int, `1.0` and `1e2` are Doubles; integers beyond Int64 become the nearest Double (as
///   before: JSONSerialization handed them over as doubles); doubles are correctly rounded; a number
///   too large for a Double (`1e400`) is refused, one too small becomes 0;
/// - invalid UTF-8, lone surrogate escapes (`\ud800`), control characters in strings, leading zeros,
///   `NaN`/`Infinity` are refused;
/// - containers nest at most `maxDepth` deep (512, JSONSerialization's limit). The parser keeps
///   its own stack, so no input can overflow the thread's stack.
/// Every path is linear in the input's length.
public struct JSONParser {
    public static let maxDepth = 512

    private let base: UnsafePointer<UInt8>
    private let end: Int
    private var index = 0

    /// Values of the open containers, in order; a container takes its own off the top when it closes.
    private var values: [JSONValue] = []
    /// Keys of the open objects' members, parallel to their values.
    private var keys: [String] = []
    private var frames: [Frame] = []
    /// Reused for strings with escapes.
    private var scratch: [UInt8] = []
    /// False when only checking (`topLevelMembers`): no containers are built, so checking a big
    /// document costs no more memory than its deepest nesting.
    private var building = true
    /// Where each member of a top-level object starts and ends, kept while checking.
    private var topLevelRanges: [String: Range<Int>] = [:]
    private var topLevelKey = ""
    private var topLevelValueStart = 0

    private struct Frame {
        let isObject: Bool
        let firstValue: Int
        let firstKey: Int
    }

    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONParseError) -> JSONValue {
        guard let start = bytes.baseAddress, bytes.count > 0 else {
            throw JSONParseError(reason: "unexpected end of input", offset: 0)
        }
        var parser = JSONParser(base: start.assumingMemoryBound(to: UInt8.self), end: bytes.count)
        return try parser.document()
    }

    /// Checks `bytes` as `parse` would, without building the value, and returns the byte range of
    /// each member's value when the document is an object (nil for any other value). A big child
    /// result is kept as its text this way instead of as a tree many times its size.
    public static func topLevelMembers(_ bytes: UnsafeRawBufferPointer) throws(JSONParseError) -> [String: Range<Int>]? {
        guard let start = bytes.baseAddress, bytes.count > 0 else {
            throw JSONParseError(reason: "unexpected end of input", offset: 0)
        }
        var parser = JSONParser(base: start.assumingMemoryBound(to: UInt8.self), end: bytes.count)
        parser.building = false
        var position = 0
        while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains(bytes[position]) { position += 1 }
        let isObject = position < bytes.count && bytes[position] == UInt8(ascii: "{")
        _ = try parser.document()
        return isObject ? parser.topLevelRanges : nil
    }

    /// `topLevelMembers` of `data`'s bytes.
    public static func topLevelMembers(of data: Data) throws(JSONParseError) -> [String: Range<Int>]? {
        let outcome = data.withUnsafeBytes { raw in Result { () throws(JSONParseError) in try topLevelMembers(raw) } }
        return try outcome.get()
    }

    private init(base: UnsafePointer<UInt8>, end: Int) {
        self.base = base
        self.end = end
    }

    private mutating func document() throws(JSONParseError) -> JSONValue {
        if end >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF { index = 3 }
        let value = try valueTree()
        skipWhitespace()
        if index < end { throw failure("unexpected \(describe(base[index])) after the JSON value") }
        return value
    }

    /// Reads one value, containers included, with an explicit stack instead of recursion.
    private mutating func valueTree() throws(JSONParseError) -> JSONValue {
        expectValue: while true {
            skipWhitespace()
            guard index < end else { throw failure("unexpected end of input") }
            if !building && frames.count == 1 { topLevelValueStart = index }
            var value: JSONValue
            switch base[index] {
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                let isObject = base[index] == UInt8(ascii: "{")
                if frames.count >= JSONParser.maxDepth {
                    throw failure("nested deeper than \(JSONParser.maxDepth) levels")
                }
                index += 1
                frames.append(Frame(isObject: isObject, firstValue: values.count, firstKey: keys.count))
                skipWhitespace()
                if index < end && base[index] == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    index += 1
                    value = closeContainer()
                } else {
                    if isObject { try memberKey() }
                    continue expectValue
                }
            case UInt8(ascii: "\""): value = .string(try string())
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): value = try number()
            case UInt8(ascii: "t"): try literal("true"); value = .bool(true)
            case UInt8(ascii: "f"): try literal("false"); value = .bool(false)
            case UInt8(ascii: "n"): try literal("null"); value = .null
            default: throw failure("unexpected \(describe(base[index])) where a value should start")
            }
            // A value is complete: hand it to the open container, or return it.
            while let frame = frames.last {
                if building {
                    values.append(value)
                } else if frames.count == 1 && frame.isObject {
                    topLevelRanges[topLevelKey] = topLevelValueStart..<index
                }
                skipWhitespace()
                guard index < end else { throw failure("unexpected end of input") }
                let byte = base[index]
                if byte == UInt8(ascii: ",") {
                    index += 1
                    if frame.isObject { try memberKey() }
                    continue expectValue
                }
                if byte == (frame.isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    index += 1
                    value = closeContainer()
                    continue
                }
                throw failure("unexpected \(describe(byte)) after \(frame.isObject ? "an object member" : "an array element")")
            }
            return value
        }
    }

    /// Reads `"key" :` of an object member.
    private mutating func memberKey() throws(JSONParseError) {
        skipWhitespace()
        guard index < end else { throw failure("unexpected end of input") }
        guard base[index] == UInt8(ascii: "\"") else { throw failure("unexpected \(describe(base[index])) where an object key should start") }
        let key = try string()
        if building { keys.append(key) } else if frames.count == 1 { topLevelKey = key }
        skipWhitespace()
        guard index < end else { throw failure("unexpected end of input") }
        guard base[index] == UInt8(ascii: ":") else { throw failure("unexpected \(describe(base[index])) after an object key") }
        index += 1
    }

    private mutating func closeContainer() -> JSONValue {
        let frame = frames.removeLast()
        guard building else { return .null }
        let count = values.count - frame.firstValue
        if !frame.isObject {
            let elements = Array(values[frame.firstValue...])
            values.removeLast(count)
            return .array(elements)
        }
        var members: [String: JSONValue] = [:]
        members.reserveCapacity(count)
        var position = 0
        while position < count {
            members[keys[frame.firstKey + position]] = values[frame.firstValue + position]
            position += 1
        }
        values.removeLast(count)
        keys.removeLast(count)
        return .object(members)
    }

    private mutating func skipWhitespace() {
        while index < end {
            let byte = base[index]
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
            index += 1
        }
    }

    private mutating func literal(_ word: StaticString) throws(JSONParseError) {
        let count = word.utf8CodeUnitCount
        var offset = 0
        while offset < count {
            guard index + offset < end else { index += offset; throw failure("unexpected end of input") }
            guard base[index + offset] == word.utf8Start[offset] else {
                index += offset
                throw failure("unexpected \(describe(base[index])) in a literal (expected \(word))")
            }
            offset += 1
        }
        index += count
    }

    // MARK: Numbers

    private mutating func number() throws(JSONParseError) -> JSONValue {
        let start = index
        if base[index] == UInt8(ascii: "-") { index += 1 }
        guard index < end, isDigit(base[index]) else { throw failure(index < end ? "expected a digit after '-', got \(describe(base[index]))" : "unexpected end of input") }
        if base[index] == UInt8(ascii: "0") {
            index += 1
            if index < end && isDigit(base[index]) { throw failure("number with a leading zero") }
        } else {
            while index < end && isDigit(base[index]) { index += 1 }
        }
        var isInteger = true
        if index < end && base[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard index < end, isDigit(base[index]) else { throw failure(index < end ? "expected a digit after '.', got \(describe(base[index]))" : "unexpected end of input") }
            while index < end && isDigit(base[index]) { index += 1 }
        }
        if index < end && (base[index] == UInt8(ascii: "e") || base[index] == UInt8(ascii: "E")) {
            isInteger = false
            index += 1
            if index < end && (base[index] == UInt8(ascii: "+") || base[index] == UInt8(ascii: "-")) { index += 1 }
            guard index < end, isDigit(base[index]) else { throw failure(index < end ? "expected a digit in the exponent, got \(describe(base[index]))" : "unexpected end of input") }
            while index < end && isDigit(base[index]) { index += 1 }
        }
        let negative = base[start] == UInt8(ascii: "-")
        let digitCount = index - start - (negative ? 1 : 0)
        if isInteger && digitCount <= 18 {
            // At most 18 digits cannot overflow an Int64: no checked arithmetic on the common path.
            var magnitude = 0
            var position = start + (negative ? 1 : 0)
            while position < index {
                magnitude = magnitude &* 10 &+ Int(base[position] &- UInt8(ascii: "0"))
                position += 1
            }
            return .int(negative ? -magnitude : magnitude)
        }
        let text = String(decoding: UnsafeBufferPointer(start: base + start, count: index - start), as: UTF8.self)
        if isInteger, let integer = Int(text) { return .int(integer) }
        // Swift's Double(String) rounds correctly (JSONSerialization on Linux did not for some 17-digit values).
        guard let double = Double(text), double.isFinite else {
            index = start
            throw failure("number \(text.prefix(40)) is too large for a double")
        }
        return .double(double)
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    // MARK: Strings

    /// Reads a string starting at its opening quote.
    private mutating func string() throws(JSONParseError) -> String {
        index += 1
        let start = index
        var asciiOnly = true
        // The common case: no escapes, so the bytes between the quotes are the string.
        while index < end {
            let byte = base[index]
            if byte == UInt8(ascii: "\"") {
                let run = UnsafeBufferPointer(start: base + start, count: index - start)
                if !asciiOnly { try validateUTF8(run, at: start) }
                index += 1
                return String(decoding: run, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw failure("control character \(describe(byte)) in a string (it must be escaped)") }
            if byte >= 0x80 { asciiOnly = false }
            index += 1
        }
        guard index < end else { throw failure("unterminated string") }
        return try escapedString(from: start, asciiOnly: asciiOnly)
    }

    /// The rest of a string that has escapes, decoded into `scratch`.
    private mutating func escapedString(from start: Int, asciiOnly: Bool) throws(JSONParseError) -> String {
        scratch.removeAll(keepingCapacity: true)
        var runStart = start
        var runIsASCII = asciiOnly
        while index < end {
            let byte = base[index]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                let run = UnsafeBufferPointer(start: base + runStart, count: index - runStart)
                if !runIsASCII { try validateUTF8(run, at: runStart) }
                scratch.append(contentsOf: run)
                if byte == UInt8(ascii: "\"") {
                    index += 1
                    return String(decoding: scratch, as: UTF8.self)
                }
                try escape()
                runStart = index
                runIsASCII = true
                continue
            }
            if byte < 0x20 { throw failure("control character \(describe(byte)) in a string (it must be escaped)") }
            if byte >= 0x80 { runIsASCII = false }
            index += 1
        }
        throw failure("unterminated string")
    }

    /// Decodes one escape sequence at `index` (its backslash) into `scratch`.
    private mutating func escape() throws(JSONParseError) {
        let escapeStart = index
        index += 1
        guard index < end else { throw failure("unterminated string") }
        let byte = base[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(byte)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hexQuad()
            if scalar >= 0xD800 && scalar <= 0xDBFF {
                guard index + 1 < end, base[index] == UInt8(ascii: "\\"), base[index + 1] == UInt8(ascii: "u") else {
                    index = escapeStart
                    throw failure("lone surrogate escape (a high surrogate not followed by a low one)")
                }
                index += 2
                let low = try hexQuad()
                guard low >= 0xDC00 && low <= 0xDFFF else {
                    index = escapeStart
                    throw failure("lone surrogate escape (a high surrogate not followed by a low one)")
                }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if scalar >= 0xDC00 && scalar <= 0xDFFF {
                index = escapeStart
                throw failure("lone surrogate escape (a low surrogate without a high one)")
            }
            UTF8Scalar.append(scalar, to: &scratch)
        default:
            index = escapeStart
            throw failure("invalid escape \\\(describe(byte, quoted: false)) in a string")
        }
    }

    private mutating func hexQuad() throws(JSONParseError) -> UInt32 {
        var scalar: UInt32 = 0
        var count = 0
        while count < 4 {
            guard index < end else { throw failure("unterminated string") }
            let byte = base[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure("\\u escape needs four hex digits, got \(describe(byte))")
            }
            scalar = scalar << 4 | UInt32(digit)
            index += 1
            count += 1
        }
        return scalar
    }

    /// Refuses what String(decoding:) would silently repair: stray, overlong, surrogate or out-of-range sequences.
    private func validateUTF8(_ run: UnsafeBufferPointer<UInt8>, at offset: Int) throws(JSONParseError) {
        var position = 0
        let count = run.count
        while position < count {
            let lead = run[position]
            if lead < 0x80 { position += 1; continue }
            let length: Int
            var lower: UInt8 = 0x80, upper: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; upper = 0x9F
            case 0xF0: length = 4; lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; upper = 0x8F
            default: throw JSONParseError(reason: "invalid UTF-8 byte 0x\(hex(lead)) in a string", offset: offset + position)
            }
            guard position + length <= count else {
                throw JSONParseError(reason: "truncated UTF-8 sequence in a string", offset: offset + position)
            }
            let second = run[position + 1]
            var valid = second >= lower && second <= upper
            var continuation = 2
            while valid && continuation < length {
                valid = run[position + continuation] & 0xC0 == 0x80
                continuation += 1
            }
            guard valid else { throw JSONParseError(reason: "invalid UTF-8 sequence in a string", offset: offset + position) }
            position += length
        }
    }

    // MARK: Errors

    private func failure(_ reason: String) -> JSONParseError {
        JSONParseError(reason: reason, offset: index)
    }

    private func describe(_ byte: UInt8, quoted: Bool = true) -> String {
        if byte >= 0x21 && byte < 0x7F {
            let character = String(UnicodeScalar(byte))
            return quoted ? "'\(character)'" : character
        }
        return "byte 0x\(hex(byte))"
    }

    private func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }
}
