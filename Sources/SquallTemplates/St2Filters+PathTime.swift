import SquallModel
import SquallPython

extension TemplateEnvironment {
    /// An environment as st2 renders action parameters: StrictUndefined plus st2's filters.
    public static func st2(yamlLoader: St2Filters.YAMLLoader? = nil) -> TemplateEnvironment {
        // st2 renders a missing datastore key as "" (its KeyValueLookup), strict or not.
        let environment = TemplateEnvironment(options: .init(strictUndefined: true, lookupNamespaces: ["st2kv.system", "st2kv.user"]))
        St2Filters.register(in: environment, yamlLoader: yamlLoader)
        return environment
    }
}

extension St2Filters {
    static let pathAndTimeFilters: [String: TemplateFilter] = [
        "basename": { value, _, _ in
            let path = try pathText(value)
            guard let slash = path.lastIndex(of: "/") else { return .string(path) }
            return .string(String(path[path.index(after: slash)...]))
        },
        "dirname": { value, _, _ in .string(posixDirname(try pathText(value))) },
        "to_human_time_from_seconds": { value, _, _ in .string(try HumanTime.format(value)) },
    ]

    private static func pathText(_ value: JSONValue) throws -> String {
        guard case .string(let path) = value else {
            throw TemplateError("expected str, bytes or os.PathLike object, not \(Python.typeName(value))")
        }
        return path
    }

    /// posixpath.dirname: everything up to the last slash, trailing slashes dropped unless all slashes.
    static func posixDirname(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        let head = String(path[...slash])
        if head.allSatisfy({ $0 == "/" }) { return head }
        var trimmed = Substring(head)
        while trimmed.last == "/" { trimmed = trimmed.dropLast() }
        return String(trimmed)
    }
}

/// st2's to_human_time_from_seconds: "1y12d16h36m37s". It adds the seconds to 0001-01-01 and reads
/// the date back, so months are silently dropped (days are the day of the month minus one), as in st2.
enum HumanTime {
    static func format(_ value: JSONValue) throws -> String {
        let seconds: Int
        switch value {
        case .bool(let b):
            seconds = b ? 1 : 0
        case .int(let i):
            seconds = i
        case .double(let d):
            if d == 0 { return "0s" }
            if d < 1 { return "\(Python.floatRepr(d))\u{03BC}s" }
            guard d.isFinite, d < 9.2e18 else { throw TemplateError("cannot convert float \(Python.floatRepr(d)) to integer") }
            seconds = Int(d.rounded(.toNearestOrEven))
        default:
            throw TemplateError("AssertionError: to_human_time_from_seconds needs a number, not \(Python.typeName(value))")
        }
        if seconds == 0 { return "0s" }
        if seconds < 1 { return "\(seconds)\u{03BC}s" }
        let (days, secondOfDay) = seconds.quotientAndRemainder(dividingBy: 86_400)
        // datetime tops out at 9999-12-31: 3_652_059 days after 0001-01-01.
        guard days < 3_652_059 else { throw TemplateError("OverflowError: date value out of range") }
        let date = civilDate(daysSinceEpochOfYearOne: days)
        let parts = [date.year - 1, date.day - 1, secondOfDay / 3600, secondOfDay % 3600 / 60, secondOfDay % 60]
        guard let first = parts.firstIndex(where: { $0 != 0 }) else { return "0s" }
        let units = ["y", "d", "h", "m", "s"]
        return (first..<parts.count).map { "\(parts[$0])\(units[$0])" }.joined()
    }

    /// The proleptic Gregorian date `days` after 0001-01-01 (days-to-civil over 400-year eras).
    static func civilDate(daysSinceEpochOfYearOne days: Int) -> (year: Int, month: Int, day: Int) {
        // Shift to an era that starts on 0000-03-01 so leap days fall at the end of each year.
        let z = days + 306
        let era = z / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }
}
