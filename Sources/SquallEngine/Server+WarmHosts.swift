import Foundation
import SquallRunners

extension Server {
    /// With `warm_hosts` on: the pool (idle time `warm_host_idle_seconds`), and a host started at
    /// once, on a thread of its own, for each pack whose enabled rules run Python actions; other
    /// packs get theirs at their first execution.
    func startWarmHosts() {
        guard engine.settings.warmHosts else { return }
        engine.useWarmHosts(WarmHostPool(idleSeconds: engine.settings.warmHostIdleSeconds))
        let packs = engine.packsRunningPython(for: rules)
        guard !packs.isEmpty else { return }
        let engine = self.engine, logger = self.logger
        let starter = Thread {
            for pack in packs {
                if let problem = engine.prestartWarmHost(pack: pack) {
                    logger.info("warm host not started ahead", metadata: ["pack": "\(pack)", "reason": "\(problem)"])
                }
            }
        }
        starter.name = "squall-warm-hosts"
        starter.start()
    }
}
