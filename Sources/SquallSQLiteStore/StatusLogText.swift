import Foundation

/// Status logs (an execution's, a trigger instance's) as stored: the JSON array
/// `[{"status": S, "timestamp": microseconds}]`, written as `JSONValue.jsonString` would write it
/// (statuses need no escaping), as bytes and without building the values: the rules engine writes
/// two per trigger instance, and concatenating Strings cost ~20,000 instructions per log.
enum StatusLogText {
    static func text<Entry>(_ log: [Entry], _ parts: (Entry) -> (status: String, timestamp: Date)) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(2 + log.count * 56)
        bytes.append(UInt8(ascii: "["))
        for (index, entry) in log.enumerated() {
            let (status, timestamp) = parts(entry)
            if index > 0 { bytes.append(contentsOf: ", ".utf8) }
            bytes.append(contentsOf: #"{"status": ""#.utf8)
            bytes.append(contentsOf: status.utf8)
            bytes.append(contentsOf: #"", "timestamp": "#.utf8)
            appendDecimal(StoredTimestamp.microseconds(timestamp), to: &bytes)
            bytes.append(UInt8(ascii: "}"))
        }
        bytes.append(UInt8(ascii: "]"))
        return String(decoding: bytes, as: UTF8.self)
    }

    static func appendDecimal(_ number: Int64, to bytes: inout [UInt8]) {
        if number < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = number.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = digits.count
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }
}
