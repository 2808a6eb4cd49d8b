import ArgumentParser
import Foundation
import SquallCommandLine
import SquallEngine
import SquallModel

extension SensorCommand {
    /// `squall sensor get REF`: the sensor's metadata, and its state as the server last reported it.
    struct Get: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "get", abstract: "Show a sensor's metadata and the running server's view of it.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The sensor's ref (<pack>.<ClassName>).") var ref: String
        @Flag(name: [.customShort("j"), .long], help: "Print JSON.") var json = false

        func run() throws {
            let engine = try global.engine()
            let sensor = try reportingErrors { try engine.sensor(ref) }
            let description: JSONValue = [
                "ref": .string(sensor.ref), "pack": .string(sensor.pack), "class_name": .string(sensor.className),
                "entry_point": .string(sensor.entryPoint), "enabled": .bool(sensor.enabled),
                "description": sensor.description.map(JSONValue.string) ?? .null,
                "poll_interval": sensor.pollInterval.map(JSONValue.double) ?? .null,
                "trigger_types": .array(sensor.triggerTypes.map { .string($0.ref) }),
                "metadata_file": .string(sensor.metadataFile),
                "live": engine.sensorStatus(sensor.ref) ?? .null,
            ]
            if json { say(description.jsonString(pretty: true)); return }
            for key in ["ref", "enabled", "description", "entry_point", "poll_interval", "trigger_types", "metadata_file"] {
                let value = description[key] ?? .null
                say("\(key): " + (value.stringValue ?? value.jsonString()))
            }
            let live = description["live"] ?? .null
            guard live != .null else { say("live: no server status on this data directory"); return }
            say("server: pid \(live["server_pid"]?.intValue.map(String.init) ?? "?")" + (live["server_running"] == true ? " (running)" : " (not running)")
                + ", status of \(live["updated_at"]?.stringValue ?? "?")")
            say("state: \(live["state"]?.stringValue ?? "not hosted")  restarts: \(live["restarts"]?.intValue ?? 0)"
                + "  last exit: \(live["last_exit_code"]?.intValue.map(String.init) ?? "-")")
            if let error = live["last_error"]?.stringValue { say("last error: \(error)") }
        }
    }
}
