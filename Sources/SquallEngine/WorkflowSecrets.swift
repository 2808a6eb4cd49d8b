import Foundation
import SquallModel
import SquallRunners
import SquallStore

/// The values of a workflow's secret parameters, held only in memory while it runs: its saved
/// state (`WorkflowDurability`) has each occurrence replaced by a token naming the parameter
/// (`********[name]`), and a resumed run puts the values back from parameters it derived again.
/// A value is found as a whole JSON value or, for strings, inside any string (`"Bearer " + token`);
/// a value transformed by an expression (upper-cased, encoded) is not recognized, nor a secret that
/// is a number or a boolean.
struct WorkflowSecrets {
    private var strings: [(token: String, value: String)] = []
    private var others: [(token: String, value: JSONValue)] = []

    init(action: Action, parameters: [String: JSONValue]) {
        for name in action.secretParameterNames.sorted() {
            let token = Self.token(name)
            switch parameters[name] {
            case .string(let value)? where !value.isEmpty && value != maskedSecret: strings.append((token, value))
            case .array(let values)? where !values.isEmpty: others.append((token, .array(values)))
            case .object(let object)? where !object.isEmpty: others.append((token, .object(object)))
            // A number or boolean is left as it is: masking every equal number would garble the state.
            default: break
            }
        }
        // A secret containing another is replaced first, so the shorter cannot split it.
        strings.sort { $0.value.count > $1.value.count }
    }

    static func token(_ name: String) -> String { "\(maskedSecret)[\(name)]" }

    var isEmpty: Bool { strings.isEmpty && others.isEmpty }

    /// `json` with every secret value replaced by its token.
    func mask(_ json: JSONValue) -> JSONValue {
        if isEmpty { return json }
        if let found = others.first(where: { $0.value == json }) { return .string(found.token) }
        switch json {
        case .string(var text):
            for secret in strings where text.contains(secret.value) {
                text = text.replacingOccurrences(of: secret.value, with: secret.token)
            }
            return .string(text)
        case .array(let values): return .array(values.map(mask))
        case .object(let object): return .object(object.mapValues(mask))
        default: return json
        }
    }

    /// `json` with every token replaced by its secret value again.
    func unmask(_ json: JSONValue) -> JSONValue {
        if isEmpty { return json }
        switch json {
        case .string(var text):
            guard text.contains(maskedSecret) else { return json }
            if let found = others.first(where: { $0.token == text }) { return found.value }
            for secret in strings where text.contains(secret.token) {
                text = text.replacingOccurrences(of: secret.token, with: secret.value)
            }
            return .string(text)
        case .array(let values): return .array(values.map(unmask))
        case .object(let object): return .object(object.mapValues(unmask))
        default: return json
        }
    }
}

extension Engine {
    /// The parameters a workflow runs with, and which of its secret ones its action's defaults
    /// give again (saved with its state, by name). A resumed run (one with a saved state) gets
    /// those secrets derived again: the record keeps them masked, and st2 too renders them again.
    /// A secret the caller gave is stored nowhere, so its resume fails naming it.
    func workflowParameters(_ job: RunnerJob, saved: WorkflowStateRecord?) throws -> (parameters: [String: JSONValue], derivable: Set<String>) {
        let secretNames = job.action.secretParameterNames
        guard !secretNames.isEmpty else { return (job.parameters, []) }
        guard let saved else {
            let again = (try? secretsDerivedAgain(job, names: secretNames)) ?? [:]
            // A secret without a value (null) is derived again as null.
            return (job.parameters, Set(secretNames.filter { (job.parameters[$0] ?? .null) == (again[$0] ?? .null) }))
        }
        let derivable = Set(saved.state["derivable_secrets"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        let masked = secretNames.filter { job.parameters[$0] == .string(maskedSecret) }
        if let lost = masked.sorted().first(where: { !derivable.contains($0) }) {
            throw EngineError.badInput("parameter '\(lost)' is secret and was not stored, so the workflow cannot go on after its process ended; run it again")
        }
        guard !masked.isEmpty else { return (job.parameters, derivable) }
        let again = try secretsDerivedAgain(job, names: masked)
        var parameters = job.parameters
        for name in masked { parameters[name] = again[name] ?? .null }
        return (parameters, derivable)
    }

    /// The values the action's defaults give `names` when the other parameters are as in `job`.
    private func secretsDerivedAgain(_ job: RunnerJob, names: Set<String>) throws -> [String: JSONValue] {
        let others = job.parameters.filter { name, _ in
            !job.action.secretParameterNames.contains(name) && job.action.parameters[name]?.immutable != true
        }
        let context = (try store.execution(id: job.executionId))?.context ?? [:]
        let prepared = try prepare(ExecutionRequest(actionRef: job.action.ref, parameters: others, user: job.user, context: context))
        return prepared.parameters.filter { names.contains($0.key) && job.action.parameters[$0.key]?.defaultValue != nil }
    }
}
