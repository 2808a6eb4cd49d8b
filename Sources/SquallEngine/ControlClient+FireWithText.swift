import Foundation
import SquallModel

/// An action trigger whose result is big (kept as the child's text, issue 15) sent to the server
/// as that text: `fire_text` announces the payload without its action result and the text's size,
/// the server answers `send`, then the text follows as raw bytes (no JSON line of 40 MB, and no
/// tree of it on either side). Waiting for `send` lets an older server refuse the op first.
extension ControlClient {
    /// The instance's id; nil when the server does not know `fire_text` (the caller sends the value).
    func fireActionTrigger(payload: JSONValue, resultText: JSONText) throws -> String? {
        let path = ControlSocket.path(dataDirectory: dataDirectory)
        let fd = try connected()
        defer { close(fd) }
        ControlSocket.setTimeouts(fd, seconds: timeout)
        _ = ControlSocket.writeLine(fd, JSONValue.object([
            "op": "fire_text", "trigger": .string(BuiltinTriggers.actionTrigger), "payload": payload,
            "result_text_bytes": .int(resultText.bytes.count),
        ]).jsonString())
        var reader = ControlLineReader(fd: fd)
        func answer() throws -> JSONValue {
            guard case .line(let bytes) = reader.next(deadline: Date().addingTimeInterval(timeout)),
                  let answer = try? JSONValue.parse(Data(bytes)) else {
                throw Failure.refused("the server at \(path) did not answer a fire_text request")
            }
            return answer
        }
        let ready = try answer()
        guard ready["ok"] == true else {
            if ready["error"]?.stringValue?.hasPrefix("unknown op") == true { return nil }
            throw Failure.refused(ready["error"]?.stringValue ?? "the server refused the request")
        }
        guard ControlSocket.writeBytes(fd, resultText.bytes) else {
            throw Failure.refused("the server at \(path) closed the connection while the result was sent")
        }
        let done = try answer()
        guard done["ok"] == true else { throw Failure.refused(done["error"]?.stringValue ?? "the server refused the request") }
        return done["trigger_instance"]?.stringValue ?? ""
    }
}
