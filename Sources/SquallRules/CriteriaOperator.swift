import Foundation
import SquallModel
import SquallPython

/// st2's criteria operators, with st2's quirks: Python 3 semantics for `==`, `<` and `in`,
/// false for a None pattern (except nequals, exists, nexists), errors where Python raises.
public enum CriteriaOperator: String, Sendable, CaseIterable {
    case equals, nequals, iequals
    case contains, icontains, ncontains, incontains
    case startswith, istartswith, endswith, iendswith
    case lessthan, greaterthan
    case matchwildcard, matchregex, regex, iregex
    case timediffLessThan = "timediff_lt", timediffGreaterThan = "timediff_gt"
    case exists, nexists
    case inside, ninside
    case search

    private static let aliases: [String: CriteriaOperator] = [
        "eq": .equals, "neq": .nequals, "ieq": .iequals, "lt": .lessthan, "gt": .greaterthan,
        "td_lt": .timediffLessThan, "td_gt": .timediffGreaterThan, "in": .inside, "nin": .ninside,
    ]

    /// The operator for a criterion's `type`, case-insensitively; unknown names are errors.
    public static func named(_ name: String) throws -> CriteriaOperator {
        let lowered = name.lowercased()
        if let op = CriteriaOperator(rawValue: lowered) ?? aliases[lowered] { return op }
        throw CriteriaError("Invalid operator: \(lowered)")
    }

    /// Every accepted name, aliases included.
    public static var allNames: [String] { (allCases.map(\.rawValue) + aliases.keys).sorted() }

    /// `op(value, pattern)` as st2 computes it; nil stands for Python's None. Throws where Python
    /// raises (st2 then records the error and the rule does not match). `search` needs item
    /// criteria and a condition: evaluate it through `Criteria`.
    public func evaluate(_ value: JSONValue?, _ pattern: JSONValue?, now: Date = Date()) throws -> Bool {
        try evaluate(value ?? .null, pattern ?? .null, regex: nil, now: now)
    }

    /// The regular-expression flavour of the regex operators (nil for the others).
    var regexFlavor: PythonRegex.Flavor? {
        switch self {
        case .matchregex: return .match
        case .regex: return .search
        case .iregex: return .searchIgnoringCase
        default: return nil
        }
    }

    /// `regex` is the pattern already compiled (criteria with constant patterns compile once).
    func evaluate(_ value: JSONValue, _ pattern: JSONValue, regex: PythonRegex?, now: Date) throws -> Bool {
        do {
            return try apply(value, pattern, regex: regex, now: now)
        } catch let error as PythonError {
            throw CriteriaError(error)
        }
    }

    private func apply(_ value: JSONValue, _ pattern: JSONValue, regex: PythonRegex?, now: Date) throws -> Bool {
        switch self {
        case .nequals: return !Python.equal(value, pattern)
        case .exists: return !value.isNull
        case .nexists: return value.isNull
        default: break
        }
        if pattern.isNull { return false }
        switch self {
        case .equals:
            return Python.equal(value, pattern)
        case .iequals:
            return Python.stringsEqual(try lowered(value), try lowered(pattern))
        case .contains:
            return try Python.contains(value, pattern)
        case .ncontains:
            return try !Python.contains(value, pattern)
        case .icontains:
            return try Python.contains(.string(lowered(value)), .string(lowered(pattern)))
        case .incontains:
            return try !Python.contains(.string(lowered(value)), .string(lowered(pattern)))
        case .startswith:
            return Python.startsWith(try Python.requireString(value, method: "startswith"),
                                    try Python.requireStringArgument(pattern, method: "startswith"))
        case .endswith:
            return Python.endsWith(try Python.requireString(value, method: "endswith"),
                                    try Python.requireStringArgument(pattern, method: "endswith"))
        case .istartswith:
            return Python.startsWith(try lowered(value), try lowered(pattern))
        case .iendswith:
            return Python.endsWith(try lowered(value), try lowered(pattern))
        case .lessthan:
            return try Python.compare(value, .less, pattern)
        case .greaterthan:
            return try Python.compare(value, .greater, pattern)
        case .matchwildcard:
            return WildcardPattern(try fnmatchArgument(pattern)).matches(try fnmatchArgument(value))
        case .matchregex, .regex, .iregex:
            let text = try regexArgument(value, role: "string")
            let compiled = try regex ?? RegexCache.shared.regex(regexArgument(pattern, role: "pattern"), flavor: regexFlavor!)
            return compiled.matches(text)
        case .timediffLessThan:
            return try secondsSince(value, now: now) < Python.float(pattern)
        case .timediffGreaterThan:
            return try secondsSince(value, now: now) > Python.float(pattern)
        case .inside:
            return try Python.contains(pattern, value)
        case .ninside:
            return try !Python.contains(pattern, value)
        case .search:
            throw CriteriaError("the search operator needs a condition and item criteria (evaluate it through Criteria)")
        case .nequals, .exists, .nexists:
            preconditionFailure("handled above")
        }
    }

    private func lowered(_ value: JSONValue) throws -> String {
        Python.lower(try Python.requireString(value, method: "lower"))
    }

    /// fnmatch calls os.path.normcase, which accepts only str (or bytes, which st2 decodes first).
    private func fnmatchArgument(_ value: JSONValue) throws -> String {
        guard case .string(let s) = value else {
            throw CriteriaError.typeError("expected str, bytes or os.PathLike object, not \(Python.typeName(value))")
        }
        return s
    }

    private func regexArgument(_ value: JSONValue, role: String) throws -> String {
        guard case .string(let s) = value else {
            throw CriteriaError.typeError("expected \(role) or bytes-like object, got '\(Python.typeName(value))'")
        }
        return s
    }

    /// `(utcnow - parse(value)).total_seconds()`.
    private func secondsSince(_ value: JSONValue, now: Date) throws -> Double {
        guard case .string(let text) = value else {
            throw CriteriaError.typeError("Parser must be a string or character stream, not \(Python.typeName(value))")
        }
        return now.timeIntervalSince(try ISODateTime.parse(text))
    }
}
