import Foundation
import SquallModel
import SquallPacks
import SquallRules

/// st2's webhooks for the HTTP API: a rule on `core.st2.webhook` with `parameters.url: NAME`
/// registers NAME (leading and trailing `/` ignored, as st2 strips them); a POST there becomes one
/// trigger instance per distinct set of trigger parameters, which the server's rules match.
extension Engine {
    /// Registered webhook names, sorted. As in st2, a rule registers its url while it exists,
    /// enabled or not (st2 keeps the rule's Trigger until the rule is deleted).
    public func webhooks() -> [String] {
        Array(Set(webhookRules().map(\.url))).sorted()
    }

    /// Handles `POST /webhooks/<name>`: dispatches `{headers, headers_lower, body}` to every
    /// trigger registered under `name`; returns how many instances went to the server.
    /// Not registered: not found, with st2's message.
    @discardableResult
    public func receiveWebhook(_ name: String, headers: [(name: String, value: String)], body: JSONValue) throws -> Int {
        let url = Self.normalizedWebhookURL(name)
        return try audited("webhook.receive", target: url, detail: { ["trigger_instances": .int($0)] }) {
            let parameterSets = webhookRules().filter { $0.url == url }.map(\.parameters)
            guard !parameterSets.isEmpty else { throw EngineError.notFound("Webhook \(url) not registered with st2") }
            let payload = WebhookPayload.make(headers: headers, body: body)
            if let schema = BuiltinTriggers.types[BuiltinTriggers.webhook]?.payloadSchema,
               let problem = PayloadSchema.firstViolation(of: payload, against: schema) {
                throw EngineError.badInput(problem)
            }
            var distinct: [[String: JSONValue]] = []
            for parameters in parameterSets where !distinct.contains(parameters) { distinct.append(parameters) }
            for parameters in distinct {
                try dispatchFromAPI(BuiltinTriggers.webhook, payload: payload, triggerParameters: parameters)
            }
            return distinct.count
        }
    }

    /// Handles st2's generic `POST /webhooks/st2` `{trigger, payload}`: any trigger type, its
    /// payload checked against the type's payload schema when it has one.
    public func receiveGenericWebhook(trigger: String, payload: JSONValue) throws {
        try audited("webhook.receive", target: "st2", detail: { _ in ["trigger": .string(trigger)] }) {
            let schema: JSONValue?
            if let declared = catalog.triggerTypes[trigger] {
                schema = declared.payloadSchema
            } else if let builtin = BuiltinTriggers.types[trigger] {
                schema = builtin.payloadSchema
            } else {
                throw EngineError.badInput("Trigger type with reference \"\(trigger)\" doesn't exist")
            }
            if let schema, let problem = PayloadSchema.firstViolation(of: payload, against: schema) {
                throw EngineError.badInput(problem)
            }
            try dispatchFromAPI(trigger, payload: payload, triggerParameters: nil)
        }
    }

    /// st2 strips leading and trailing `/` from both the posted url and the rules' `url`. By hand:
    /// Foundation's `trimmingCharacters(in:)` went through NSString, 3% of a webhook POST's time.
    public static func normalizedWebhookURL(_ url: String) -> String {
        let slash = UInt8(ascii: "/")
        let bytes = url.utf8
        guard let first = bytes.firstIndex(where: { $0 != slash }), let last = bytes.lastIndex(where: { $0 != slash }) else { return "" }
        return String(url[first..<bytes.index(after: last)])
    }

    /// Every rule in force on the webhook trigger with its normalized url and its exact parameters
    /// (the server's matcher compares those, so `/hook` and `hook` rules each get their instance).
    /// The server's rules when one runs in this process (every rule change reloads it before it
    /// returns: RuleEditor, PackRegistrar), else the rules read now.
    private func webhookRules() -> [WebhookRegistration] {
        servedWebhooks.withLock { $0 } ?? WebhookRegistration.all(in: rules())
    }

    /// Into the queue of the server running in this process (the API only runs in `squall server`).
    private func dispatchFromAPI(_ trigger: String, payload: JSONValue, triggerParameters: [String: JSONValue]?) throws {
        guard let dispatcher = triggerDispatcher.withLock({ $0 })?.dispatch else {
            throw EngineError.failure("no squall server runs in this process to take trigger '\(trigger)'")
        }
        // The payload was checked above: a drop means the queue is full or closing, a state that passes.
        guard dispatcher(trigger, payload, triggerParameters) else {
            throw EngineBusy("the server's trigger queue is full (or it is stopping): the '\(trigger)' instance was not taken; try again later")
        }
    }
}

/// The payload st2 gives a webhook's trigger instance.
enum WebhookPayload {
    /// Credentials are not passed on to rules; st2 also takes its trace tag out.
    static let withheldHeaders: Set<String> = ["x-auth-token", "st2-api-key", "cookie", "st2-trace-tag"]

    /// `headers` with names in WSGI's form (`X-Github-Event`), `headers_lower` with lower-case
    /// names; a header given twice is joined with `, ` as WSGI joins it.
    static func make(headers: [(name: String, value: String)], body: JSONValue) -> JSONValue {
        var canonical: [String: String] = [:]
        var lower: [String: String] = [:]
        for (name, value) in headers {
            let (lowered, wsgi) = names(name)
            guard !withheldHeaders.contains(lowered) else { continue }
            canonical[wsgi] = canonical[wsgi].map { $0 + ", " + value } ?? value
            lower[lowered] = canonical[wsgi]
        }
        return ["headers": .object(canonical.mapValues(JSONValue.string)),
                "headers_lower": .object(lower.mapValues(JSONValue.string)), "body": body]
    }

    /// A header's name in lower case and in WSGI's form (each `-`-separated part capitalized). In
    /// one pass over the bytes for ASCII names (HTTP's are): the String functions it replaces were
    /// a fifth of handing a webhook POST to the engine.
    static func names(_ name: String) -> (lower: String, wsgi: String) {
        guard name.utf8.allSatisfy({ $0 < 0x80 }) else {
            let lowered = name.lowercased()
            return (lowered, lowered.split(separator: "-", omittingEmptySubsequences: false)
                .map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: "-"))
        }
        var lowered = [UInt8](), wsgi = [UInt8]()
        lowered.reserveCapacity(name.utf8.count); wsgi.reserveCapacity(name.utf8.count)
        var startsPart = true
        for byte in name.utf8 {
            let low = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
            lowered.append(low)
            wsgi.append(startsPart && low >= UInt8(ascii: "a") && low <= UInt8(ascii: "z") ? low - 32 : low)
            startsPart = byte == UInt8(ascii: "-")
        }
        return (String(decoding: lowered, as: UTF8.self), String(decoding: wsgi, as: UTF8.self))
    }
}
