import Foundation
import Hummingbird
import SquallEngine
import SquallModel
import SquallPacks

/// `/api/v1/runnertypes`: the runners (`st2 runner list`; `st2 run` reads one by name to cast parameters).
struct RunnerController {
    let engine: Engine

    func addRoutes(to group: RouterGroup<APIRequestContext>) {
        group.get("runnertypes", use: list)
        group.get("runnertypes/{name_or_id}", use: show)
    }

    @Sendable func list(request: Request, context: APIRequestContext) async throws -> Response {
        var runners = engine.runnerTypes()
        if let name = request.query("name") { runners = runners.filter { $0.rawValue == name } }
        return try Paging.page(runners.map(Self.document), request: request, defaultLimit: 100)
    }

    @Sendable func show(request: Request, context: APIRequestContext) async throws -> Response {
        let name = ResourceID.ref(try context.parameters.require("name_or_id"))
        guard let runner = engine.runnerTypes().first(where: { $0.rawValue == name }) else {
            throw APIError(.notFound, "Resource with a name or id \"\(name)\" not found")
        }
        return JSONResponse.make(Self.document(runner))
    }

    static func document(_ runner: RunnerType) -> JSONValue {
        [
            "id": .string(ResourceID.of(runner.rawValue)), "name": .string(runner.rawValue), "uid": .string("runner_type:\(runner.rawValue)"),
            "description": .string("squall's \(runner.rawValue) runner"), "enabled": true,
            "runner_parameters": ParameterSpec.st2Schemas(runner.parameters), "output_key": "result",
        ]
    }
}
