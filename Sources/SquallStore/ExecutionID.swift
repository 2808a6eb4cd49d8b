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
        var bytes: [UInt8] = [
            UInt8(truncatingIfNeeded: seconds >> 24), UInt8(truncatingIfNeeded: seconds >> 16),
            UInt8(truncatingIfNeeded: seconds >> 8), UInt8(truncatingIfNeeded: seconds),
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<8 { bytes.append(UInt8.random(in: .min ... .max, using: &generator)) }
        return bytes.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
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
