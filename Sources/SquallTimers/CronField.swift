import Foundation

/// One field of an APScheduler-style cron schedule (st2's core.st2.CronTimer): a comma-separated
/// list of expressions `*`, `*/n`, `a`, `a-b`, `a-b/n`, `last` (day only), with month and weekday
/// names where they apply.
struct CronField: Sendable, Equatable {
    enum Kind: String, Sendable, CaseIterable {
        case year, month, day, week, dayOfWeek = "day_of_week", hour, minute, second

        var range: ClosedRange<Int> {
            switch self {
            case .year: return 1970...TimerLimits.latestYear
            case .month: return 1...12
            case .day: return 1...31
            case .week: return 1...53
            case .dayOfWeek: return 0...6   // APScheduler: 0 is Monday
            case .hour: return 0...23
            case .minute, .second: return 0...59
            }
        }

        /// The value a field takes when less significant than every field given (APScheduler).
        var defaultWhenUnspecified: String {
            switch self {
            case .year, .week, .dayOfWeek: return "*"
            case .month, .day: return "1"
            case .hour, .minute, .second: return "0"
            }
        }

        var names: [String: Int] {
            switch self {
            case .month:
                return ["jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
                        "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12]
            case .dayOfWeek:
                return ["mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6]
            default:
                return [:]
            }
        }
    }

    enum Term: Sendable, Equatable {
        case range(ClosedRange<Int>, step: Int)
        case lastDayOfMonth
    }

    let kind: Kind
    let terms: [Term]
    let isWildcard: Bool

    init(kind: Kind, expression: String) throws {
        self.kind = kind
        var terms: [Term] = []
        for part in expression.lowercased().split(separator: ",", omittingEmptySubsequences: false) {
            terms.append(try Self.parseTerm(part.trimmingCharacters(in: .whitespaces), kind: kind))
        }
        self.terms = terms
        isWildcard = terms == [.range(kind.range, step: 1)]
    }

    private static func parseTerm(_ text: String, kind: Kind) throws -> Term {
        func fail(_ why: String) -> TimerError { TimerError(parameter: kind.rawValue, message: "'\(text)': \(why)") }
        if text == "last" {
            guard kind == .day else { throw fail("'last' is only valid for day") }
            return .lastDayOfMonth
        }
        var body = Substring(text)
        var step = 1
        if let slash = body.firstIndex(of: "/") {
            guard let parsed = Int(body[body.index(after: slash)...]), parsed > 0 else { throw fail("the step must be a positive integer") }
            step = parsed
            body = body[..<slash]
        }
        let range: ClosedRange<Int>
        if body == "*" {
            range = kind.range
        } else if let dash = body.dropFirst().firstIndex(of: "-") {
            let low = try value(body[..<dash], kind: kind, fail: fail)
            let high = try value(body[body.index(after: dash)...], kind: kind, fail: fail)
            guard low <= high else { throw fail("the range is reversed") }
            range = low...high
        } else {
            let single = try value(body, kind: kind, fail: fail)
            // "5/10" means from 5 to the end in steps of 10, like cron.
            range = step > 1 ? single...kind.range.upperBound : single...single
        }
        return .range(range, step: step)
    }

    private static func value(_ text: Substring, kind: Kind, fail: (String) -> TimerError) throws -> Int {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let number = Int(trimmed) ?? kind.names[trimmed]
        guard let number else { throw fail("not a number\(kind.names.isEmpty ? "" : " or a name")") }
        guard kind.range.contains(number) else {
            throw fail("\(number) is outside \(kind.range.lowerBound)-\(kind.range.upperBound)")
        }
        return number
    }

    /// Whether `value` is allowed; `lastDay` is the number of days in the month being matched.
    func matches(_ value: Int, lastDay: Int = 31) -> Bool {
        terms.contains { term in
            switch term {
            case .lastDayOfMonth:
                return value == lastDay
            case .range(let range, let step):
                return range.contains(value) && (value - range.lowerBound) % step == 0
            }
        }
    }
}

