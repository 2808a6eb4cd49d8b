import Foundation
import Hummingbird
import SquallEngine
import SquallModel

/// `/api/v1/webhooks`: the webhook urls rules listen on (`st2 webhook list`). Posting to them comes later.
struct WebhookController {
    let engine: Engine
    static let webhookTrigger = "core.st2.webhook"

    func addRoutes(to group: RouterGroup<APIRequestContext>) {
        group.get("webhooks", use: list)
    }

    @Sendable func list(request: Request, context: APIRequestContext) async throws -> Response {
        var urls: [String] = []
        for rule in engine.rules().rules where rule.triggerType == Self.webhookTrigger {
            guard let url = rule.triggerParameters["url"]?.stringValue else { continue }
            let trimmed = url.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            if !urls.contains(trimmed) { urls.append(trimmed) }
        }
        return JSONResponse.list(urls.sorted().map(Self.document))
    }

    /// st2 lists a webhook as the Trigger its rules made (type core.st2.webhook, parameters.url).
    static func document(url: String) -> JSONValue {
        let id = ResourceID.of("webhook:" + url)
        return [
            "id": .string(id), "ref": .string("core.\(id)"), "name": .string(id), "pack": "core",
            "type": .string(webhookTrigger), "parameters": ["url": .string(url)], "description": .string("webhook /api/v1/webhooks/\(url)"),
        ]
    }
}
