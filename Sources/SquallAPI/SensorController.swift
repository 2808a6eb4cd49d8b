import Foundation
import Hummingbird
import SquallEngine
import SquallModel

/// `/api/v1/sensortypes`: the loaded sensors (`st2 sensor list`).
struct SensorController {
    let engine: Engine

    func addRoutes(to group: RouterGroup<APIRequestContext>) {
        group.get("sensortypes", use: list)
        group.get("sensortypes/{ref_or_id}", use: show)
    }

    @Sendable func list(request: Request, context: APIRequestContext) async throws -> Response {
        var sensors = engine.sensors()
        if let pack = request.query("pack") { sensors = sensors.filter { $0.pack == pack } }
        if let enabled = try request.queryBool("enabled") { sensors = sensors.filter { $0.enabled == enabled } }
        return try Paging.page(sensors.map(Self.document), request: request, defaultLimit: nil)
    }

    @Sendable func show(request: Request, context: APIRequestContext) async throws -> Response {
        let ref = ResourceID.ref(try context.parameters.require("ref_or_id"))
        guard let sensor = try? engine.sensor(ref) else { throw APIError(.notFound, "Resource with a reference or id \"\(ref)\" not found") }
        return JSONResponse.make(Self.document(sensor))
    }

    static func document(_ sensor: SensorDefinition) -> JSONValue {
        .compact([
            "id": .string(ResourceID.of(sensor.ref)), "ref": .string(sensor.ref), "uid": .string("sensor_type:\(sensor.pack):\(sensor.className)"),
            "pack": .string(sensor.pack), "name": .string(sensor.className), "class_name": .string(sensor.className),
            "description": sensor.description.map(JSONValue.string), "enabled": .bool(sensor.enabled),
            "entry_point": .string(sensor.entryPoint), "poll_interval": sensor.pollInterval.map(JSONValue.double),
            "trigger_types": .array(sensor.triggerTypes.map { .string($0.ref) }),
        ])
    }
}
