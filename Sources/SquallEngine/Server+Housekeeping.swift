import Foundation

/// The server's periodic work, one task owned by the running server and cancelled by stop():
/// the status file every second, inquiries past their TTL timed out every `inquiry_check_interval` seconds, and the
/// garbage collector when retention is configured.
extension Server {
    static let statusInterval: TimeInterval = 1

    func startHousekeeping() -> Task<Void, Never> {
        let retention = engine.settings.retention
        let inquiryCheckInterval = TimeInterval(engine.settings.inquiryCheckIntervalSeconds)
        return Task.detached { [self] in
            await withDiscardingTaskGroup { group in
                group.addTask { await Self.every(Self.statusInterval, after: 0) {
                    self.writeStatus()
                    self.engine.warmHostPool?.stopIdle()
                } }
                group.addTask { await Self.every(inquiryCheckInterval, after: inquiryCheckInterval) {
                    self.engine.expireInquiries(continuing: .inThisProcess)
                } }
                if retention.isEnabled {
                    group.addTask {
                        await Self.every(Retention.collectionInterval, after: Self.firstCollectionDelay) {
                            self.collectGarbage(retention)
                        }
                    }
                }
            }
        }
    }

    /// Cancels the housekeeping and waits (until `deadline`) for a collection under way to end.
    func stopHousekeeping(_ task: Task<Void, Never>, deadline: DispatchTime) {
        task.cancel()
        let ended = DispatchSemaphore(value: 0)
        Task.detached { await task.value; ended.signal() }
        if ended.wait(timeout: deadline) == .timedOut { logger.warning("housekeeping still busy at stop") }
    }

    /// Runs `work` after `delay`, then every `interval`, until cancelled. The work blocks (file
    /// writes, SQLite deletes), so it runs on a global queue, not on the cooperative pool.
    static func every(_ interval: TimeInterval, after delay: TimeInterval, _ work: @escaping @Sendable () -> Void) async {
        var wait = delay
        while true {
            if wait > 0 { try? await Task.sleep(nanoseconds: UInt64(wait * 1_000_000_000)) }
            if Task.isCancelled { return }
            await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                DispatchQueue.global(qos: .utility).async { work(); done.resume() }
            }
            wait = interval
        }
    }
}
