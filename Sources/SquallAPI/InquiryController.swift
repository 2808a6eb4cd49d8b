import Foundation
import Hummingbird
import SquallEngine
import SquallModel

/// `/api/v1/inquiries` (`st2 inquiry list|get|respond`): st2's InquiriesController. A workflow
/// paused on an answered inquiry goes on in the server's own process.
struct InquiryController {
    let engine: Engine

    func addRoutes(to group: RouterGroup<APIRequestContext>) {
        group.get("inquiries", use: list)
        group.get("inquiries/{id}", use: show)
        group.put("inquiries/{id}", use: respond)
    }

    @Sendable func list(request: Request, context: APIRequestContext) async throws -> Response {
        let limit = try request.queryLimit(default: nil)
        let engine = self.engine
        let page = try await blocking { try engine.inquiries(limit: limit ?? Int(Int32.max), continuing: .inThisProcess) }
        return JSONResponse.list(page.items.map(\.document), total: page.total, limit: limit)
    }

    /// As st2: only an open inquiry is shown (an answered or timed-out one is a 400 saying so).
    @Sendable func show(request: Request, context: APIRequestContext) async throws -> Response {
        let inquiry = try await find(try context.parameters.require("id"))
        try Engine.checkOpen(inquiry)
        return JSONResponse.make(inquiry.document)
    }

    /// Body `{"id": ..., "response": {...}}`; answers `{"id", "response"}` as st2 does.
    @Sendable func respond(request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        var request = request
        let body = try await request.jsonObject(maxBytes: engine.settings.api.maxBodyBytes)
        guard let response = body["response"], response.objectValue != nil else {
            throw APIError(.badRequest, "response: a JSON object is required")
        }
        let inquiry = try await find(id)
        try Engine.checkOpen(inquiry)
        guard inquiry.permits(user: principal.user) else {
            throw APIError(.forbidden, "User \"\(principal.user)\" does not have permission to respond to inquiry \"\(id)\".")
        }
        let engine = self.engine
        try await blocking { try engine.respond(id: id, response: response, requester: principal.user, continuing: .inThisProcess) }
        return JSONResponse.make(["id": .string(id), "response": response])
    }

    private func find(_ id: String) async throws -> Inquiry {
        let engine = self.engine
        return try await blocking { try engine.inquiry(id: id, continuing: .inThisProcess) }
    }
}
