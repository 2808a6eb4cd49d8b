import SquallModel
import SquallSandbox

/// st2's result shape and status rules for the shell runners.
enum ShellResult {
    static func outcome(_ completion: ChildSupervisor.Completion, timeoutSeconds: Int) -> RunnerOutcome {
        let returnCode: Int
        switch completion.termination {
        case .exited(let code): returnCode = Int(code)
        case .signaled(let signal): returnCode = -Int(signal)
        }
        var result: [String: JSONValue] = [
            "stdout": decoded(trimmed(completion.stdout)),
            "stderr": decoded(trimmed(completion.stderr)),
        ]
        let status: ExecutionStatus
        if completion.timedOut {
            status = .timeout
            result["return_code"] = -9
            result["error"] = .string(timeoutMessage(seconds: timeoutSeconds))
        } else {
            result["return_code"] = .int(returnCode)
            status = returnCode == 0 ? .succeeded : (returnCode == -15 ? .abandoned : .failed)
        }
        let code = result["return_code"]!.intValue!
        result["succeeded"] = .bool(code == 0)
        result["failed"] = .bool(code != 0)
        return RunnerOutcome(status: status, result: .object(result))
    }

    /// Removes one trailing "\n", then one trailing "\r", as st2 does.
    static func trimmed(_ text: String) -> String {
        // Scalars, not Characters: "\r\n" is a single Character in Swift.
        var scalars = Array(text.unicodeScalars)
        if scalars.last == "\n" { scalars.removeLast() }
        if scalars.last == "\r" { scalars.removeLast() }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars)
        return String(out)
    }

    /// Output that parses as JSON is returned decoded.
    static func decoded(_ text: String) -> JSONValue {
        guard !text.isEmpty, let value = try? JSONValue.parse(text) else { return .string(text) }
        return value
    }
}
