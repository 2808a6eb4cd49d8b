import Foundation
import SquallModel

/// `fire_text` (ControlClient+FireWithText): another process's action trigger whose result comes
/// as the child's text after the request line. It is checked without building the value and
/// queued as text, as this server's own executions' are (Engine+ActionTriggerText).
extension Server {
    /// Raw bytes wait for the answer `send`, so nothing past the request line is buffered yet.
    func serveFireWithText(_ request: JSONValue, _ connection: ControlConnection) {
        let fd = connection.fd
        guard request["trigger"]?.stringValue == BuiltinTriggers.actionTrigger else {
            _ = ControlSocket.answer(fd, ControlSocket.refusal("fire_text: \"trigger\" must be \(BuiltinTriggers.actionTrigger)"))
            return
        }
        guard let payload = request["payload"], case .object = payload else {
            _ = ControlSocket.answer(fd, ControlSocket.refusal("fire_text: \"payload\" must be a JSON object"))
            return
        }
        guard let count = request["result_text_bytes"]?.intValue, count > 0, count <= Self.maxFiredResultTextBytes else {
            _ = ControlSocket.answer(fd, ControlSocket.refusal(
                "fire_text: \"result_text_bytes\" must be a size from 1 to \(Self.maxFiredResultTextBytes) bytes"))
            return
        }
        guard ControlSocket.answer(fd, ["ok": true, "send": .int(count)]) else { return }
        var reader = ControlLineReader(fd: fd)
        guard let bytes = reader.bytes(count, deadline: Date().addingTimeInterval(Self.firedResultTextTimeout)) else {
            _ = ControlSocket.answer(fd, ControlSocket.refusal("fire_text: the connection ended before the result's \(count) bytes came"))
            return
        }
        let text: JSONText
        do { text = try JSONText(validating: bytes) } catch {
            _ = ControlSocket.answer(fd, ControlSocket.refusal("fire_text: the result is not JSON: \(error)"))
            return
        }
        switch enqueue(trigger: BuiltinTriggers.actionTrigger, payload: payload, resultText: text) {
        case .success(let id): _ = ControlSocket.answer(fd, ["ok": true, "trigger_instance": .string(id)])
        case .failure(let dropped): _ = ControlSocket.answer(fd, ControlSocket.refusal("trigger '\(BuiltinTriggers.actionTrigger)' not dispatched: \(dropped.reason)"))
        }
    }

    /// Far above any result a child may send (its frames are bounded well below this).
    static let maxFiredResultTextBytes = 1 << 30
    /// Enough for a gigabyte over a unix socket on a loaded host; a stalled peer is let go after it.
    static let firedResultTextTimeout: TimeInterval = 120
}
