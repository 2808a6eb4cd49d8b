import Foundation
import SquallModel
import SquallRules

/// A url rules listen on (`core.st2.webhook` with `parameters.url`), with the rule's exact trigger
/// parameters (the server's matcher compares those).
struct WebhookRegistration: Sendable, Equatable {
    var url: String
    var parameters: [String: JSONValue]

    static func all(in set: RuleSet) -> [WebhookRegistration] {
        set.rules.compactMap { rule in
            guard rule.triggerType == BuiltinTriggers.webhook, let url = rule.triggerParameters["url"]?.stringValue else { return nil }
            return WebhookRegistration(url: Engine.normalizedWebhookURL(url), parameters: rule.triggerParameters)
        }
    }
}

extension Engine {
    /// Called by the server whenever its rules change: webhook POSTs then look their url up here
    /// instead of reading every rule file again (that was over a third of each POST's time).
    func serveWebhooks(of set: RuleSet) {
        let registrations = WebhookRegistration.all(in: set)
        servedWebhooks.withLock { $0 = registrations }
    }
}
