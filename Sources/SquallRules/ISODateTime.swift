import Foundation
import SquallPython

/// Parses the date-times st2's `date_utils.parse` (dateutil) is given in practice: ISO 8601
/// `YYYY-MM-DD`, optionally `T` or a space and `HH:MM[:SS[.fraction]]`, optionally `Z`/`UTC` or an
/// offset `+HH:MM`, `+HHMM`, `+HH`. A value without an offset is UTC (st2 adds UTC to naive times).
/// dateutil accepts far more free-form text; those forms are errors here.
enum ISODateTime {
    static func parse(_ text: String) throws -> Date {
        guard let date = parseOrNil(Array(Python.strip(text).utf8)) else {
            throw CriteriaError("ValueError: unknown date-time format: '\(text)'")
        }
        return date
    }

    private static func parseOrNil(_ b: [UInt8]) -> Date? {
        var i = 0
        func digits(_ count: Int) -> Int? {
            guard i + count <= b.count else { return nil }
            var value = 0
            for k in i..<(i + count) {
                guard b[k] >= 48 && b[k] <= 57 else { return nil }
                value = value * 10 + Int(b[k] - 48)
            }
            i += count
            return value
        }
        func consume(_ c: Character) -> Bool {
            if i < b.count && b[i] == c.asciiValue! { i += 1; return true }
            return false
        }
        guard let year = digits(4), consume("-"), let month = digits(2), consume("-"), let day = digits(2),
              (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day)
        else { return nil }
        var seconds = Double(daysFromCivil(year: year, month: month, day: day)) * 86_400
        if i < b.count && (b[i] == UInt8(ascii: "T") || b[i] == UInt8(ascii: " ")) {
            i += 1
            guard let hour = digits(2), hour < 24, consume(":"), let minute = digits(2), minute < 60 else { return nil }
            seconds += Double(hour * 3600 + minute * 60)
            if consume(":") {
                guard let second = digits(2), second < 60 else { return nil }
                seconds += Double(second)
                if consume(".") || consume(",") {
                    var scale = 0.1, fraction = 0.0, count = 0
                    while i < b.count && b[i] >= 48 && b[i] <= 57 {
                        fraction += Double(b[i] - 48) * scale
                        scale /= 10; i += 1; count += 1
                    }
                    guard count > 0 else { return nil }
                    seconds += fraction
                }
            }
            while i < b.count && b[i] == UInt8(ascii: " ") { i += 1 }
            if i < b.count {
                guard let offset = parseOffset(Array(b[i...])) else { return nil }
                seconds -= Double(offset)
                i = b.count
            }
        }
        guard i == b.count else { return nil }
        return Date(timeIntervalSince1970: seconds)
    }

    /// The offset east of UTC in seconds.
    private static func parseOffset(_ b: [UInt8]) -> Int? {
        let text = String(decoding: b, as: UTF8.self)
        if text == "Z" || text == "z" || text == "UTC" || text == "GMT" { return 0 }
        guard let sign = b.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return nil }
        let rest = text.dropFirst().replacingOccurrences(of: ":", with: "")
        guard rest.allSatisfy(\.isASCII), rest.allSatisfy(\.isNumber), rest.count == 2 || rest.count == 4,
              let number = Int(rest) else { return nil }
        let hours = rest.count == 2 ? number : number / 100
        let minutes = rest.count == 2 ? 0 : number % 100
        guard hours < 24, minutes < 60 else { return nil }
        let offset = hours * 3600 + minutes * 60
        return sign == UInt8(ascii: "-") ? -offset : offset
    }

    private static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's algorithm).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
