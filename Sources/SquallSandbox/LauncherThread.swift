import Foundation

/// The one thread that creates every child. PR_SET_PDEATHSIG fires when the *creating thread*
/// exits, and the threads of Swift's global executor come and go; children created on them
/// would be killed at random. This thread lives as long as the process.
final class LauncherThread: @unchecked Sendable {
    static let shared = LauncherThread()

    private final class Job {
        private var work: (() -> Void)?
        var finished = false
        init(work: @escaping () -> Void) { self.work = work }

        /// Runs and drops the work: the caller's closure must not outlive its call.
        func perform() {
            work?()
            work = nil
        }
    }

    private let condition = NSCondition()
    private var pending: [Job] = []

    private init() {
        let thread = Thread { [unowned self] in self.serve() }
        thread.name = "squall-launcher"
        thread.start()
    }

    /// Runs `body` on the launcher thread (or right here on the main thread, which lives as long
    /// as the process anyway) and returns its result.
    func run<Result>(_ body: () -> Result) -> Result {
        if Thread.isMainThread { return body() }
        return withoutActuallyEscaping(body) { escapingBody in
            var result: Result?
            let job = Job { result = escapingBody() }
            condition.lock()
            pending.append(job)
            condition.broadcast()
            while !job.finished { condition.wait() }
            condition.unlock()
            return result!
        }
    }

    private func serve() {
        while true {
            condition.lock()
            while pending.isEmpty { condition.wait() }
            let job = pending.removeFirst()
            condition.unlock()

            job.perform()

            condition.lock()
            job.finished = true
            condition.broadcast()
            condition.unlock()
        }
    }
}
