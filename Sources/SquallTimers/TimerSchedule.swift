import Foundation
import SquallModel

/// The schedule behind one of st2's built-in timer triggers, built from a rule's trigger parameters.
public enum TimerSchedule: Sendable {
    /// core.st2.IntervalTimer: every `seconds`, the first one interval after the timer starts.
    case interval(seconds: TimeInterval)
    /// core.st2.DateTimer: once, at `date` (a date in the past never fires).
    case date(Date)
    /// core.st2.CronTimer.
    case cron(CronSchedule)

    public static let intervalTimerRef = "core.st2.IntervalTimer"
    public static let dateTimerRef = "core.st2.DateTimer"
    public static let cronTimerRef = "core.st2.CronTimer"
    public static let triggerRefs: Set<String> = [intervalTimerRef, dateTimerRef, cronTimerRef]

    public init(triggerRef: String, parameters: [String: JSONValue]) throws {
        switch triggerRef {
        case Self.intervalTimerRef: self = try Self.interval(parameters)
        case Self.dateTimerRef: self = try Self.date(parameters)
        case Self.cronTimerRef: self = .cron(try CronSchedule(parameters: parameters))
        default: throw TimerError(parameter: "type", message: "'\(triggerRef)' is not a timer trigger")
        }
    }

    /// When to fire next, after `previous` (or after `start` for the first time); nil: never again.
    public func nextFireDate(after previous: Date?, start: Date) -> Date? {
        switch self {
        case .interval(let seconds):
            return (previous ?? start).addingTimeInterval(seconds)
        case .date(let date):
            return previous == nil && date > start ? date : nil
        case .cron(let schedule):
            return schedule.nextFireDate(after: previous ?? start)
        }
    }

    static let unitSeconds: [String: TimeInterval] = ["weeks": 604_800, "days": 86_400, "hours": 3_600, "minutes": 60, "seconds": 1]

    private static func interval(_ parameters: [String: JSONValue]) throws -> TimerSchedule {
        try rejectUnknown(parameters, known: ["unit", "delta", "timezone"])
        guard let unit = parameters["unit"]?.stringValue else {
            throw TimerError(parameter: "unit", message: "is required: one of weeks, days, hours, minutes, seconds")
        }
        guard let perUnit = unitSeconds[unit] else {
            throw TimerError(parameter: "unit", message: "'\(unit)' is not one of weeks, days, hours, minutes, seconds")
        }
        guard let delta = parameters["delta"]?.doubleValue, delta > 0, delta.isFinite else {
            throw TimerError(parameter: "delta", message: "is required and must be a positive number")
        }
        let seconds = delta * perUnit
        guard seconds >= TimerLimits.shortestInterval else {
            throw TimerError(parameter: "delta", message: "\(delta) \(unit) is shorter than the shortest interval, \(Int(TimerLimits.shortestInterval)) second")
        }
        guard seconds <= TimerLimits.longestInterval else {
            throw TimerError(parameter: "delta", message: "\(delta) \(unit) is longer than the longest interval, 100 years (\(Int(TimerLimits.longestInterval)) seconds)")
        }
        _ = try TimerTimeZone.parse(parameters["timezone"])
        return .interval(seconds: seconds)
    }

    private static func date(_ parameters: [String: JSONValue]) throws -> TimerSchedule {
        try rejectUnknown(parameters, known: ["date", "timezone"])
        guard let text = parameters["date"]?.stringValue else {
            throw TimerError(parameter: "date", message: "is required, e.g. \"2030-01-01 12:00:00\"")
        }
        let zone = try TimerTimeZone.parse(parameters["timezone"])
        guard let date = TimerDateParser.parse(text, timeZone: zone) else {
            throw TimerError(parameter: "date", message: "'\(text)' is not a date (YYYY-MM-DD HH:MM:SS, optionally with an offset)")
        }
        guard date < TimerLimits.latestFireDate else {
            throw TimerError(parameter: "date", message: "'\(text)' is too far ahead: timers fire before \(TimerLimits.latestYear + 1)-01-01")
        }
        return .date(date)
    }

    private static func rejectUnknown(_ parameters: [String: JSONValue], known: Set<String>) throws {
        if let unknown = parameters.keys.sorted().first(where: { !known.contains($0) }) {
            throw TimerError(parameter: unknown, message: "is not a parameter of this timer")
        }
    }
}

/// Dates as st2 users write them for DateTimer: "YYYY-MM-DD HH:MM[:SS[.ffffff]]" or ISO 8601 with
/// "T", with an optional "Z" or ±HH:MM offset; without an offset the timer's timezone applies.
enum TimerDateParser {
    static func parse(_ text: String, timeZone: TimeZone) -> Date? {
        var body = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "T", with: " ")
        var zone = timeZone
        if body.hasSuffix("Z") {
            body.removeLast(); zone = TimeZone(identifier: "UTC")!
        } else if body.count > 6 {
            let tail = body.suffix(6)
            if (tail.first == "+" || tail.first == "-"), tail.dropFirst().count == 5, tail.dropFirst().dropFirst(2).first == ":",
               let hours = Int(tail.dropFirst().prefix(2)), let minutes = Int(tail.suffix(2)) {
                let sign = tail.first == "-" ? -1 : 1
                guard let fixed = TimeZone(secondsFromGMT: sign * (hours * 3600 + minutes * 60)) else { return nil }
                zone = fixed
                body.removeLast(6)
            }
        }
        let halves = body.split(separator: " ")
        guard halves.count == 2 || halves.count == 1 else { return nil }
        let ymd = halves[0].split(separator: "-").compactMap { Int($0) }
        guard ymd.count == 3 else { return nil }
        var seconds = 0.0
        var hms: [Int] = [0, 0]
        if halves.count == 2 {
            let parts = halves[1].split(separator: ":")
            guard parts.count == 2 || parts.count == 3, let h = Int(parts[0]), let m = Int(parts[1]) else { return nil }
            hms = [h, m]
            // Checked before Int(seconds): "1e20" or "nan" would trap there.
            if parts.count == 3 { guard let s = Double(parts[2]), s >= 0, s < 61 else { return nil }; seconds = s }
        }
        // Calendar is handed only values it can hold (a year of 10^18 is not a date).
        guard (1...9999).contains(ymd[0]), (1...12).contains(ymd[1]), (1...31).contains(ymd[2]),
              (0...23).contains(hms[0]), (0...59).contains(hms[1]) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let components = DateComponents(year: ymd[0], month: ymd[1], day: ymd[2], hour: hms[0], minute: hms[1], second: Int(seconds))
        guard components.isValidDate(in: calendar), let whole = calendar.date(from: components) else { return nil }
        return whole.addingTimeInterval(seconds - floor(seconds))
    }
}

/// The payload of a timer's trigger instance: `{executed_at, schedule}` as st2 sends it.
public enum TimerPayload {
    public static func make(firedAt date: Date) -> JSONValue {
        ["executed_at": .string(executedAt(date)), "schedule": .null]
    }

    /// Python's str() of an aware UTC datetime: "2024-01-01 00:00:00.123456+00:00" (no fraction
    /// when the microseconds are zero).
    static func executedAt(_ date: Date) -> String {
        var text = Timestamps.format(date)          // 2024-01-01T00:00:00.123456Z
        if text.hasSuffix(".000000Z") { text = String(text.dropLast(8)) + "Z" }
        return text.replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: "+00:00")
    }
}
