import Foundation

/// st2-style ISO 8601 timestamps with microseconds and an explicit UTC offset.
public enum Timestamps {
    public static func format(_ date: Date) -> String {
        // Whole microseconds rounded as the store keeps them (StoredTimestamp), so a record prints the
        // same before and after it is stored; a fraction that rounds up to a whole second carries.
        let total = (date.timeIntervalSince1970 * 1_000_000).rounded()
        let whole = (total / 1_000_000).rounded(.down)
        let micros = Int(total - whole * 1_000_000)
        var t = time_t(whole)
        var parts = tm()
        gmtime_r(&t, &parts)
        // Digits written by hand: String(format:) went through NSString per call, and list replies
        // format several timestamps per record.
        var out: [UInt8] = []
        out.reserveCapacity(27)
        digits(Int(parts.tm_year) + 1900, 4, &out); out.append(UInt8(ascii: "-"))
        digits(Int(parts.tm_mon) + 1, 2, &out); out.append(UInt8(ascii: "-"))
        digits(Int(parts.tm_mday), 2, &out); out.append(UInt8(ascii: "T"))
        digits(Int(parts.tm_hour), 2, &out); out.append(UInt8(ascii: ":"))
        digits(Int(parts.tm_min), 2, &out); out.append(UInt8(ascii: ":"))
        digits(Int(parts.tm_sec), 2, &out); out.append(UInt8(ascii: "."))
        digits(micros, 6, &out); out.append(UInt8(ascii: "Z"))
        return String(decoding: out, as: UTF8.self)
    }

    /// `value` zero-padded to at least `width` digits, as `%0<width>d` does (a negative year keeps its sign).
    private static func digits(_ value: Int, _ width: Int, _ out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        // Most significant digit first, by dividing: no scratch array to allocate per call.
        var rest = value.magnitude
        var count = 1
        var divisor: UInt = 1
        while rest / divisor >= 10 { divisor *= 10; count += 1 }
        var padding = width - (value < 0 ? 1 : 0) - count
        while padding > 0 { out.append(UInt8(ascii: "0")); padding -= 1 }
        while divisor > 0 {
            out.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }
}
