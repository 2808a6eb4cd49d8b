import Foundation
import Hummingbird
import SquallEngine
import SquallModel

/// `/api/v1/packs`: the loaded packs (`st2 pack list|get`).
struct PackController {
    let engine: Engine

    func addRoutes(to group: RouterGroup<APIRequestContext>) {
        group.get("packs", use: list)
        group.get("packs/{ref_or_id}", use: show)
    }

    @Sendable func list(request: Request, context: APIRequestContext) async throws -> Response {
        try Paging.page(engine.packs().map(Self.document), request: request, defaultLimit: 100)
    }

    @Sendable func show(request: Request, context: APIRequestContext) async throws -> Response {
        let ref = ResourceID.ref(try context.parameters.require("ref_or_id"))
        guard let pack = try? engine.pack(ref) else { throw APIError(.notFound, "Resource with a reference or id \"\(ref)\" not found") }
        return JSONResponse.make(Self.document(pack))
    }

    static func document(_ pack: Pack) -> JSONValue {
        .compact([
            "id": .string(ResourceID.of(pack.ref)), "ref": .string(pack.ref), "uid": .string("pack:\(pack.ref)"),
            "name": .string(pack.name), "description": .string(pack.description), "version": .string(pack.version),
            "author": .string(pack.author), "email": pack.email.map(JSONValue.string),
            "keywords": .array(pack.keywords.map(JSONValue.string)), "dependencies": .array(pack.dependencies.map(JSONValue.string)),
            "python_versions": .array(pack.pythonVersions.map(JSONValue.string)),
        ])
    }
}
