import Foundation
import SquallModel
import SquallPython
import SquallTemplates

/// A rule's criteria, compiled once: `{"<key>": {"type": op, "pattern": p}}`, all ANDed.
/// Keys are paths into `{"trigger": payload, "system": datastore}`; patterns are rendered with
/// `trigger`, `system` and `st2kv.system` (and `item` inside a search).
public struct Criteria: Sendable {
    let criteria: [Criterion]

    /// The criteria's keys as written, in evaluation order.
    public var keys: [String] { criteria.map(\.key) }
    public var isEmpty: Bool { criteria.isEmpty }

    /// Compiles criteria. Throws on a criterion that is not an object, has no `type`, or names
    /// an unknown operator (st2 rejects such rules when they are registered). Template errors in
    /// patterns surface at evaluation, as in st2.
    public init(_ raw: [String: JSONValue], templates: TemplateEnvironment) throws {
        // st2 walks the dict in its YAML order; ours has none, so keys are sorted for a stable
        // order (only which failure gets reported can differ, never the result).
        criteria = try raw.keys.sorted().map { key in try Criterion(key: key, spec: raw[key]!, templates: templates) }
    }

    init(compiled: [Criterion]) { criteria = compiled }

    /// Gives these (freshly compiled) criteria slots in the per-instance caches of
    /// `EvaluationScope`, shared with every other criteria given the same tables.
    func sharingLookups(paths: inout [String: Int], outcomes: inout [Criterion.OutcomeKey: Int]) -> Criteria {
        for criterion in criteria {
            criterion.pathSlot = paths[criterion.path.description] ?? {
                paths[criterion.path.description] = paths.count
                return paths.count - 1
            }()
            if let key = criterion.outcomeKey {
                criterion.outcomeSlot = outcomes[key] ?? {
                    outcomes[key] = outcomes.count
                    return outcomes.count - 1
                }()
            }
        }
        return self
    }

    /// Criteria from a rule's `criteria` value: null or absent means none.
    public init(json: JSONValue?, templates: TemplateEnvironment) throws {
        switch json {
        case nil, .null?: self.init(compiled: [])
        case .object(let raw)?: try self.init(raw, templates: templates)
        case let other?: throw CriteriaError("criteria must be an object, not \(other.schemaTypeName)")
        }
    }

    /// Whether the payload satisfies every criterion. Never throws: an error is a non-match
    /// carrying the reason.
    public func evaluate(payload: JSONValue, datastore: [String: JSONValue] = [:], now: Date = Date()) -> CriteriaResult {
        if criteria.isEmpty { return .match }
        // st2: non-empty criteria never match an empty (falsy) payload.
        if !Criteria.isTruthy(payload) { return .noMatch(key: nil) }
        return evaluate(root: Criteria.root(payload: payload, datastore: datastore), datastore: datastore, now: now)
    }

    /// The lookup root for keys: built once per trigger instance by the matcher.
    static func root(payload: JSONValue, datastore: [String: JSONValue]) -> [String: JSONValue] {
        ["trigger": payload, "system": .object(datastore)]
    }

    /// `evaluate(payload:...)` with the root already built (`root["trigger"]` is the payload).
    func evaluate(root: [String: JSONValue], datastore: [String: JSONValue], now: Date) -> CriteriaResult {
        if criteria.isEmpty { return .match }
        if !Criteria.isTruthy(root["trigger"] ?? .null) { return .noMatch(key: nil) }
        var scope = EvaluationScope(root: root, datastore: datastore, now: now)
        return evaluate(in: &scope)
    }

    func evaluate(in scope: inout EvaluationScope) -> CriteriaResult {
        for criterion in criteria {
            do {
                if try !criterion.holds(in: &scope) { return .noMatch(key: criterion.key) }
            } catch {
                return .failure(key: criterion.key, "\(error)")
            }
        }
        return .match
    }

    /// Python truthiness of a payload.
    static func isTruthy(_ value: JSONValue) -> Bool {
        Python.isTruthy(value)
    }
}

/// What criteria see while evaluating: the lookup root and, built only when a template needs
/// it, the template context.
struct EvaluationScope {
    let root: [String: JSONValue]
    let datastore: [String: JSONValue]
    let now: Date
    private var cachedContext: [String: JSONValue]?
    /// Per trigger instance: the value at each shared path, and the outcome of each shared criterion.
    private var values: [Result<JSONValue?, Error>?]
    private var outcomes: [Result<Bool, Error>?]

    init(root: [String: JSONValue], datastore: [String: JSONValue], now: Date, pathSlots: Int = 0, outcomeSlots: Int = 0) {
        self.root = root
        self.datastore = datastore
        self.now = now
        values = Array(repeating: nil, count: pathSlots)
        outcomes = Array(repeating: nil, count: outcomeSlots)
    }

    mutating func value(at path: KeyPath, slot: Int) throws -> JSONValue? {
        guard slot >= 0, slot < values.count else { return try path.firstMatch(in: root) }
        if let known = values[slot] { return try known.get() }
        let found = Result { try path.firstMatch(in: root) }
        values[slot] = found
        return try found.get()
    }

    func outcome(_ slot: Int) -> Result<Bool, Error>? {
        slot >= 0 && slot < outcomes.count ? outcomes[slot] : nil
    }

    mutating func remember(_ outcome: Result<Bool, Error>, slot: Int) {
        if slot >= 0, slot < outcomes.count { outcomes[slot] = outcome }
    }

    mutating func templateContext() -> [String: JSONValue] {
        if let cachedContext { return cachedContext }
        var context = root
        context["st2kv"] = .object(["system": .object(datastore)])
        cachedContext = context
        return context
    }
}
