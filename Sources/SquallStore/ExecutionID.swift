public import Foundation
import Synchronization

/// Execution ids laid out like MongoDB ObjectIds (24 lowercase hex characters): 4 bytes of
/// big-endian Unix seconds, 5 random bytes drawn once per process, and a 3-byte counter that
/// starts at a random value. Ids sort by creation second, and one process's ids of one second
/// ascend: each table's id index grows at its end instead of at random places, which kept the
/// rules engine's writer dirtying hundreds of index pages per batch.
public enum ExecutionID {
    private static let processBytes: UInt64 = {
        var generator = SystemRandomNumberGenerator()
        return generator.next() & 0xff_ffff_ffff
    }()
    private static let counter = Atomic<UInt32>(UInt32.random(in: 0...0xff_ffff))

    public static func generate() -> String {
        generate(at: Date())
    }

    /// An id for the given creation time.
    public static func generate(at date: Date) -> String {
        let seconds = UInt32(clamping: Int64(date.timeIntervalSince1970.rounded(.down)))
        let count = counter.wrappingAdd(1, ordering: .relaxed).oldValue & 0xff_ffff
        let tail = processBytes << 24 | UInt64(count)
        // Written as hex straight into the string's storage: the rules engine makes several ids per trigger instance.
        return String(unsafeUninitializedCapacity: 24) { buffer in
            let digits: StaticString = "0123456789abcdef"
            func put(_ value: UInt64, bytes: Int, at offset: Int) {
                for index in 0..<(bytes * 2) {
                    let nibble = Int((value >> UInt64(4 * (bytes * 2 - 1 - index))) & 0xf)
                    buffer[offset + index] = digits.utf8Start[nibble]
                }
            }
            put(UInt64(seconds), bytes: 4, at: 0)
            put(tail, bytes: 8, at: 8)
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
