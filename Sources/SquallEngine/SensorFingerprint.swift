import Foundation
import SquallModel

/// What a sensor child was started from: its metadata, its entry point's code and its pack config.
/// When `pack register` changes any of them, a running server restarts the sensor; otherwise the
/// sensor keeps running and only hears about trigger changes.
struct SensorFingerprint: Equatable, Sendable {
    var sensor: SensorDefinition
    var code: Data?
    var config: [String: JSONValue]

    init(sensor: SensorDefinition, config: [String: JSONValue]) {
        self.sensor = sensor
        code = FileManager.default.contents(atPath: sensor.entryPointPath)
        self.config = config
    }
}
