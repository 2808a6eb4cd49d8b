import Foundation
import SquallModel

/// A handed-off run whose action result is big (kept as the child's text, issue 15): its record is
/// sent without building the result's tree, the text following the answer line as raw bytes, and
/// the CLI prints it from the text as a foreground run does (ResultTextPrinting).
extension Server {
    func answerWithResultText(_ executed: Execution, fd: Int32, textAccepted: Bool) {
        let id = executed.id
        var done: [String: JSONValue] = ["ok": true, "done": true, "execution_id": .string(id),
                                         "status": .string(executed.status.rawValue)]
        // The stored record (its times as stored, so it prints as `execution get` does), read
        // without its result; the result's other members and its text are the run's.
        guard textAccepted, let text = executed.actionResultText,
              var record = (try? engine.executions(ids: [id], includeResults: false))?.first,
              record.status == executed.status else {
            // An older CLI, or a record changed meanwhile: it reads the record from the store.
            _ = ControlSocket.answer(fd, .object(done))
            return
        }
        done["status"] = .string(record.status.rawValue)
        record.result = executed.result
        done["execution"] = record.controlWire
        done["result_text_bytes"] = .int(text.bytes.count)
        guard ControlSocket.answer(fd, .object(done)) else { return }
        _ = ControlSocket.writeBytes(fd, text.bytes)
    }
}
