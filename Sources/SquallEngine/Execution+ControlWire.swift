import Foundation
import SquallModel

/// An execution record as the control op `run` sends it back to the CLI (Server+HandedOffRuns),
/// so the CLI prints it without opening the store. Times travel as seconds since the reference
/// date, the Date's own value, so they come back exact.
extension Execution {
    /// Records above this size are not sent (the CLI reads them from the store): an answer line
    /// must stay under `ControlSocket.maxLineBytes`.
    static let controlWireLimit = 512 * 1024

    var controlWire: JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(id), "action": .string(action), "runner": .string(runner),
            "parameters": .object(parameters), "status": .string(status.rawValue),
            "log": .array(log.map { ["status": .string($0.status.rawValue), "at": .double($0.timestamp.timeIntervalSinceReferenceDate)] }),
            "start": .double(startTimestamp.timeIntervalSinceReferenceDate),
            "result": result ?? .null, "has_result": .bool(result != nil), "context": .object(context),
        ]
        if let endTimestamp { object["end"] = .double(endTimestamp.timeIntervalSinceReferenceDate) }
        if let supervisorPid { object["supervisor_pid"] = .int(Int(supervisorPid)) }
        return .object(object)
    }

    /// The record `controlWire` describes; nil when it is not one (then the CLI reads the store).
    init?(controlWire wire: JSONValue) {
        guard let id = wire["id"]?.stringValue, let action = wire["action"]?.stringValue,
              let runner = wire["runner"]?.stringValue, let parameters = wire["parameters"]?.objectValue,
              let status = wire["status"]?.stringValue.flatMap(ExecutionStatus.init(rawValue:)),
              let start = wire["start"]?.doubleValue, let context = wire["context"]?.objectValue,
              let entries = wire["log"]?.arrayValue else { return nil }
        var log: [StatusTransition] = []
        for entry in entries {
            guard let state = entry["status"]?.stringValue.flatMap(ExecutionStatus.init(rawValue:)),
                  let at = entry["at"]?.doubleValue else { return nil }
            log.append(StatusTransition(status: state, timestamp: Date(timeIntervalSinceReferenceDate: at)))
        }
        self.init(id: id, action: action, runner: runner, parameters: parameters, status: status, log: log,
                  startTimestamp: Date(timeIntervalSinceReferenceDate: start),
                  endTimestamp: wire["end"]?.doubleValue.map(Date.init(timeIntervalSinceReferenceDate:)),
                  result: wire["has_result"] == true ? wire["result"] : nil, context: context,
                  supervisorPid: wire["supervisor_pid"]?.intValue.map(Int32.init))
    }
}
