import Foundation

/// Execution ids shaped like MongoDB ObjectIds (24 lowercase hex characters): 4 bytes of
/// big-endian Unix seconds, then 8 random bytes, so ids sort by creation second.
public enum ExecutionID {
    public static func generate() -> String {
        generate(at: Date())
    }

    /// An id for the given creation time.
    public static func generate(at date: Date) -> String {
        let seconds = UInt32(clamping: Int64(date.timeIntervalSince1970.rounded(.down)))
        // One draw for the 8 random bytes (each draw is a getrandom system call), written as hex
        // straight into the string's storage: the rules engine makes several ids per trigger instance.
        var generator = SystemRandomNumberGenerator()
        let random = generator.next() as UInt64
        return String(unsafeUninitializedCapacity: 24) { buffer in
            let digits: StaticString = "0123456789abcdef"
            func put(_ value: UInt64, bytes: Int, at offset: Int) {
                for index in 0..<(bytes * 2) {
                    let nibble = Int((value >> UInt64(4 * (bytes * 2 - 1 - index))) & 0xf)
                    buffer[offset + index] = digits.utf8Start[nibble]
                }
            }
            put(UInt64(seconds), bytes: 4, at: 0)
            put(random, bytes: 8, at: 8)
            return 24
        }
    }

    /// The creation second encoded in an id, or nil if it is not a well-formed id.
    public static func timestamp(of id: String) -> Date? {
        guard isWellFormed(id), let seconds = UInt32(id.prefix(8), radix: 16) else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// 24 lowercase hex characters.
    public static func isWellFormed(_ id: String) -> Bool {
        id.utf8.count == 24 && id.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}
