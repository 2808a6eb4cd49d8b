import Foundation
import SquallModel
import SquallPacks
import SquallRunners
import SquallWorkflows

/// A chain node whose child waits (core.ask's inquiry `pending`, or a sub-workflow `paused` on
/// one) pauses the chain, as st2's action-chain runner does; the inquiry's answer resumes it
/// (Engine+Inquiries) and the node's end is taken in from the saved state.
extension Execution {
    /// A child that is neither running nor finished: it ends only when someone answers or resumes it.
    var isAwaited: Bool { status == .pending || status == .paused }
}

extension ChainRun {
    /// The paused chain's result: the tasks so far and the waiting node's entry (st2 shows it `pending`).
    func waitingOutcome(_ node: ChainNode, child: Execution, createdAt: Date) -> RunnerOutcome {
        var result: [String: JSONValue] = [
            "tasks": .array(tasks + [ActionChainRunner.taskEntry(node, child: child, error: nil, createdAt: createdAt)]),
        ]
        if displayPublished { result["published"] = .object(published) }
        return RunnerOutcome(status: .paused, result: .object(result))
    }

    /// st2 keeps the result a waiting node had when the chain paused and adds the final one under
    /// `result` (so chains write `{{ ask.result.response.x }}`); the final result's own keys stay too.
    static func resumedResult(_ result: JSONValue?) -> JSONValue {
        guard var object = result?.objectValue else { return result ?? .null }
        object["result"] = .object(object)
        return .object(object)
    }
}
