import SquallModel

/// Where each container ({...} or [...]) of checked JSON text ends, found in one pass, so that
/// JSONTextSlice steps over a nested value instead of scanning it again at every enclosing level
/// (that rescan was the largest cost of `execution get` of a 4 MiB result, issue 11).
/// Containers are numbered in document order (an opening bracket's order among all of them).
final class JSONTextIndex {
    /// For container k: the offset just past its closing bracket.
    private(set) var ends: [Int32] = []
    /// For container k: the number of the first container after it (past all it holds).
    private(set) var nexts: [Int32] = []

    /// Nil when the text nests deeper than `depthLimit` (printed from its value instead) or is
    /// too big for 32-bit offsets.
    init?(_ text: JSONText, depthLimit: Int) {
        guard text.bytes.count < Int(Int32.max) else { return nil }
        let built: Bool = text.bytes.withUnsafeBytes { raw in
            var open: [Int32] = []
            open.reserveCapacity(depthLimit)
            var inString = false, escaped = false
            var offset = 0
            for byte in raw {
                defer { offset += 1 }
                if inString {
                    if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                    continue
                }
                switch byte {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    if open.count == depthLimit { return false }
                    open.append(Int32(ends.count))
                    ends.append(0)
                    nexts.append(0)
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    let container = Int(open.removeLast())
                    ends[container] = Int32(offset + 1)
                    nexts[container] = Int32(ends.count)
                default: break
                }
            }
            return true
        }
        guard built else { return nil }
    }
}
