import Foundation
import SquallSandbox

extension Server {
    /// The cgroup side of the orphan sweep: the empty, old cgroups that killed supervisors left
    /// behind are removed (CgroupStaleSweep), on a thread of its own so thousands of rmdirs do not
    /// hold up the start. One summary line; never fatal.
    func sweepStaleCgroups() {
        let host = CgroupHost.shared, logger = self.logger
        guard host.availability.isAvailable else { return }
        let sweeper = Thread {
            let outcome = host.sweepStale()
            logger.info("stale cgroups swept", metadata: ["result": "\(outcome.summary)"])
        }
        sweeper.name = "squall-cgroup-sweep"
        sweeper.start()
    }
}
