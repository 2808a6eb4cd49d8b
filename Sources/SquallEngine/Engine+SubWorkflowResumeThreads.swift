import Foundation
import SquallModel
import SquallWorkflows

extension Engine {
    /// Resumes each sub-workflow a restored parent took over (`claimSubWorkflow`) on a thread of
    /// its own, posting its end as its task's completion: the parent's other restored tasks go on
    /// meanwhile, as they did before its process died.
    func resumeSubWorkflows(_ resuming: [(request: TaskRequest, child: Execution)], posting completions: TaskCompletions) {
        for (request, child) in resuming {
            Thread { [self] in
                let ended = resumeClaimedSubWorkflow(child)
                completions.post(request.id, child: ended.id, status: ended.status, result: ended.result ?? .null)
            }.start()
        }
    }
}
