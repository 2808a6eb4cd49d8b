import Foundation
import Hummingbird
import SquallEngine
import SquallModel

/// `/api/v1/triggertypes`: the packs' trigger types and the built-in ones (`st2 trigger list`).
struct TriggerTypeController {
    let engine: Engine

    func addRoutes(to group: RouterGroup<APIRequestContext>) {
        group.get("triggertypes", use: list)
        group.get("triggertypes/{ref_or_id}", use: show)
    }

    @Sendable func list(request: Request, context: APIRequestContext) async throws -> Response {
        var types = engine.triggerTypes()
        if let pack = request.query("pack") { types = types.filter { Self.pack(of: $0.ref) == pack } }
        return try Paging.page(types.map(Self.document), request: request, defaultLimit: 100)
    }

    @Sendable func show(request: Request, context: APIRequestContext) async throws -> Response {
        let ref = ResourceID.ref(try context.parameters.require("ref_or_id"))
        guard let type = try? engine.triggerType(ref) else { throw APIError(.notFound, "Resource with a reference or id \"\(ref)\" not found") }
        return JSONResponse.make(Self.document(type))
    }

    static func pack(of ref: String) -> String {
        ref.split(separator: ".", maxSplits: 1).first.map(String.init) ?? ref
    }

    static func document(_ entry: TriggerTypeEntry) -> JSONValue {
        let pack = pack(of: entry.ref)
        let name = String(entry.ref.dropFirst(pack.count + 1))
        return .compact([
            "id": .string(ResourceID.of(entry.ref)), "ref": .string(entry.ref), "uid": .string("trigger_type:\(pack):\(name)"),
            "pack": .string(pack), "name": .string(name),
            "description": entry.declared?.description.map(JSONValue.string) ?? (entry.isBuiltin ? .string("squall built-in trigger") : nil),
            "payload_schema": entry.declared?.payloadSchema ?? .object([:]),
            "parameters_schema": entry.declared?.parametersSchema ?? .object([:]),
        ])
    }
}
