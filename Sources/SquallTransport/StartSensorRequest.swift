import SquallModel

/// What a sensor child needs to start its sensor (config travels only here, never in argv or env).
public struct StartSensorRequest: Sendable, Equatable {
    public var sensorId: String
    /// The sensor's ref, "<pack>.<ClassName>".
    public var sensor: String
    public var pack: String
    public var entryPoint: String
    public var className: String
    public var config: [String: JSONValue]
    /// For PollingSensors: seconds between polls (nil: the class's default).
    public var pollInterval: Double?
    /// st2 trigger dicts of the enabled rules that use the sensor's trigger types.
    public var triggers: [JSONValue]
    public var logLevel: String

    public init(sensorId: String, sensor: String, pack: String, entryPoint: String, className: String,
                config: [String: JSONValue] = [:], pollInterval: Double? = nil, triggers: [JSONValue] = [],
                logLevel: String = "DEBUG") {
        self.sensorId = sensorId; self.sensor = sensor; self.pack = pack; self.entryPoint = entryPoint
        self.className = className; self.config = config; self.pollInterval = pollInterval
        self.triggers = triggers; self.logLevel = logLevel
    }
}
