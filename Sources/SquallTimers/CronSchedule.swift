import Foundation
import SquallModel

/// st2's core.st2.CronTimer: APScheduler's CronTrigger fields, evaluated in the timer's timezone.
public struct CronSchedule: Sendable {
    let fields: [CronField.Kind: CronField]
    public let timeZone: TimeZone

    /// `parameters` as a rule gives them: year, month, day, week, day_of_week, hour, minute, second
    /// (strings or integers) and timezone. Fields more significant than the least significant one
    /// given default to `*`, less significant ones to their minimum (APScheduler's rule).
    public init(parameters: [String: JSONValue]) throws {
        let known = Set(CronField.Kind.allCases.map(\.rawValue)).union(["timezone"])
        if let unknown = parameters.keys.sorted().first(where: { !known.contains($0) }) {
            throw TimerError(parameter: unknown, message: "is not a cron field")
        }
        timeZone = try TimerTimeZone.parse(parameters["timezone"])
        var remaining = Set(parameters.keys).subtracting(["timezone"])
        var fields: [CronField.Kind: CronField] = [:]
        for kind in CronField.Kind.allCases {
            let expression: String
            if let value = parameters[kind.rawValue], !value.isNull {
                remaining.remove(kind.rawValue)
                switch value {
                case .string(let text): expression = text
                case .int(let number): expression = String(number)
                default: throw TimerError(parameter: kind.rawValue, message: "must be a string or an integer")
                }
            } else {
                expression = remaining.isEmpty ? kind.defaultWhenUnspecified : "*"
            }
            fields[kind] = try CronField(kind: kind, expression: expression)
        }
        self.fields = fields
    }

    /// The first whole second strictly after `date` that matches every field; nil when none exists
    /// (e.g. a year in the past).
    public func nextFireDate(after date: Date) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        var isoCalendar = Calendar(identifier: .iso8601)
        isoCalendar.timeZone = timeZone
        var candidate = Date(timeIntervalSince1970: floor(date.timeIntervalSince1970) + 1)
        // Each step moves to the start of the next unit that could match, so this ends quickly.
        for _ in 0..<100_000 {
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: candidate)
            guard let year = c.year, let month = c.month, let day = c.day, let hour = c.hour,
                  let minute = c.minute, let second = c.second, let weekday = c.weekday else { return nil }
            if year > CronField.Kind.year.range.upperBound { return nil }
            if !fields[.year]!.matches(year) {
                if let later = fields[.year]!.nextYear(after: year) {
                    candidate = calendar.date(from: DateComponents(year: later, month: 1, day: 1))!
                    continue
                }
                return nil
            }
            if !fields[.month]!.matches(month) {
                candidate = startOfNext(.month, from: candidate, calendar: calendar)
                continue
            }
            let lastDay = calendar.range(of: .day, in: .month, for: candidate)?.count ?? 31
            let mondayFirstWeekday = (weekday + 5) % 7   // Calendar: Sunday 1 ... Saturday 7; APScheduler: Monday 0
            let week = isoCalendar.component(.weekOfYear, from: candidate)
            if !fields[.day]!.matches(day, lastDay: lastDay) || !fields[.dayOfWeek]!.matches(mondayFirstWeekday)
                || !fields[.week]!.matches(week) {
                candidate = startOfNext(.day, from: candidate, calendar: calendar)
                continue
            }
            if !fields[.hour]!.matches(hour) { candidate = startOfNext(.hour, from: candidate, calendar: calendar); continue }
            if !fields[.minute]!.matches(minute) { candidate = startOfNext(.minute, from: candidate, calendar: calendar); continue }
            if !fields[.second]!.matches(second) { candidate = candidate.addingTimeInterval(1); continue }
            return candidate
        }
        return nil
    }

    private func startOfNext(_ unit: Calendar.Component, from date: Date, calendar: Calendar) -> Date {
        let start = calendar.dateInterval(of: unit, for: date)!
        return start.end
    }
}

extension CronField {
    func nextYear(after year: Int) -> Int? {
        ((year + 1)...Kind.year.range.upperBound).first { matches($0) }
    }
}
