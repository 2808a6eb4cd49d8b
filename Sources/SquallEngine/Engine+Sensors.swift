import Foundation
import SquallModel
import SquallPacks
import SquallStore

/// Sensors for front ends: their metadata, and their state as the running server last reported it.
extension Engine {
    /// The loaded sensors sorted by ref.
    public func sensors() -> [SensorDefinition] {
        catalog.sensors.values.sorted { $0.ref < $1.ref }
    }

    /// The loaded sensor with this ref (`<pack>.<ClassName>`).
    public func sensor(_ ref: String) throws -> SensorDefinition {
        guard let sensor = catalog.sensors[ref] else { throw EngineError.notFound("sensor '\(ref)' not found") }
        return sensor
    }

    /// The server's last status report on this data directory (`server-status.json`), if any.
    public func serverStatus() -> JSONValue? {
        let file = settings.dataDirectory + "/server-status.json"
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return nil }
        return try? JSONValue.parse(text)
    }

    /// The server's last report on this sensor (state, restarts, pid, last exit and error line),
    /// with whether that server still runs; nil when no server ever wrote a status here.
    public func sensorStatus(_ ref: String) -> JSONValue? {
        guard let status = serverStatus() else { return nil }
        var live = status["sensors"]?.arrayValue?.first { $0["ref"]?.stringValue == ref }?.objectValue
            ?? ["state": .null]   // the server did not host it (disabled, or loaded after it started)
        let pid = status["pid"]?.intValue
        live["server_pid"] = pid.map(JSONValue.int) ?? .null
        live["server_running"] = .bool(pid.map { ProcessLiveness.isAlive(pid: Int32($0), startTime: nil) } ?? false)
        live["updated_at"] = status["updated_at"] ?? .null
        return .object(live)
    }
}
