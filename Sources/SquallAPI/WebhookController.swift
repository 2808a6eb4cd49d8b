import Foundation
import Hummingbird
import SquallEngine
import SquallModel

/// `/api/v1/webhooks`: the webhook urls rules listen on (`st2 webhook list`), and posting to them
/// (`POST /api/v1/webhooks/<url>`, `<url>` may hold `/`), which fires those rules' trigger.
struct WebhookController {
    let engine: Engine
    static let webhookTrigger = "core.st2.webhook"

    func addRoutes(to group: RouterGroup<APIRequestContext>) {
        group.get("webhooks", use: list)
        group.get("webhooks/**", use: show)
        group.post("webhooks/**", use: receive)
    }

    @Sendable func list(request: Request, context: APIRequestContext) async throws -> Response {
        JSONResponse.list(engine.webhooks().map(Self.document))
    }

    @Sendable func show(request: Request, context: APIRequestContext) async throws -> Response {
        let url = Self.url(context)
        guard engine.webhooks().contains(url) else { throw APIError(.notFound, "Webhook \(url) not registered with st2") }
        return JSONResponse.make(Self.document(url: url))
    }

    /// st2 answers 202 with the body it parsed; `st2` is its generic `{trigger, payload}` hook.
    /// The engine is called on the request's task, without `blocking`'s hop to a thread: it reads
    /// no store (the rules are the server's, in memory), only puts the instance in the server's
    /// bounded queue (a full one is 503 at once, never a wait) and appends the audit line; the hop's
    /// two thread switches cost more than that work.
    @Sendable func receive(request: Request, context: APIRequestContext) async throws -> Response {
        var request = request
        let url = Self.url(context)
        let body = try await WebhookBody.read(&request, maxBytes: engine.settings.api.maxBodyBytes)
        let engine = self.engine
        if url == "st2" {
            guard let object = body.objectValue else {
                throw APIError(.badRequest, "Webhook body needs to be an object, got: \(body.schemaTypeName)")
            }
            guard let trigger = object["trigger"]?.stringValue, !trigger.isEmpty else {
                throw APIError(.badRequest, "Trigger not specified.")
            }
            let payload = object["payload"].flatMap { $0.isNull ? nil : $0 } ?? .object([:])
            try engine.receiveGenericWebhook(trigger: trigger, payload: payload)
        } else {
            let headers = request.headers.map { (name: $0.name.canonicalName, value: $0.value) }
            try engine.receiveWebhook(url, headers: headers, body: body)
        }
        return JSONResponse.make(body, status: .accepted)
    }

    /// The path after `webhooks/`, leading and trailing `/` ignored as st2 does.
    static func url(_ context: APIRequestContext) -> String {
        Engine.normalizedWebhookURL(context.parameters.getCatchAll().joined(separator: "/"))
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
