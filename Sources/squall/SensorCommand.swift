import ArgumentParser
import Foundation
import SquallCommandLine
import SquallModel

/// `squall sensor list|get`: what the running server reports about its sensors.
struct SensorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sensor", abstract: "Sensors and their supervision state.", subcommands: [List.self, Get.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List sensors with state, restarts, last exit code and last error line.")
        @OptionGroup var global: GlobalOptions
        @Flag(name: [.customShort("j"), .long], help: "Print JSON.") var json = false

        func run() throws {
            let settings = try global.settings()
            let statusFile = settings.dataDirectory + "/server-status.json"
            guard let text = try? String(contentsOfFile: statusFile, encoding: .utf8),
                  let status = try? JSONValue.parse(text) else {
                throw CLIError.badInput("no server status at \(statusFile): is `squall server` running on this data directory?")
            }
            let sensors = status["sensors"]?.arrayValue ?? []
            if json { say(JSONValue.array(sensors).jsonString(pretty: true)); return }
            var table = TextTable(["ref", "state", "restarts", "last_exit_code", "last_error"])
            for sensor in sensors {
                table.add([sensor["ref"]?.stringValue ?? "?", sensor["state"]?.stringValue ?? "?", "\(sensor["restarts"]?.intValue ?? 0)",
                           sensor["last_exit_code"]?.intValue.map(String.init) ?? "-", sensor["last_error"]?.stringValue ?? ""])
            }
            table.print()
        }
    }
}
