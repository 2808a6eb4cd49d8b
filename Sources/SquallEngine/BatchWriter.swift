import Foundation

/// Writes the rules thread's batches on a thread of its own, so that matching and rendering the
/// next batch overlaps writing this one (they take about as long, and the machine has two cores).
/// At most `depth` batches wait; beyond that `submit` blocks the rules thread, which is the
/// back-pressure. `written` runs on the writer thread once a batch is committed (or failed).
final class BatchWriter: @unchecked Sendable {
    private let processor: TriggerProcessor
    private let written: (TriggerProcessor.Outcome) -> Void
    private let depth: Int
    private let condition = NSCondition()
    private var waiting: [TriggerProcessor.Outcome] = []
    private var busy = false
    private var finished = false
    private var stopped = false

    init(processor: TriggerProcessor, depth: Int = 2, written: @escaping (TriggerProcessor.Outcome) -> Void) {
        self.processor = processor
        self.depth = max(1, depth)
        self.written = written
        let thread = Thread { [self] in run() }
        thread.name = "squall-rules-writer"
        thread.start()
    }

    func submit(_ outcome: TriggerProcessor.Outcome) {
        condition.lock(); defer { condition.unlock() }
        while waiting.count >= depth { condition.wait() }
        waiting.append(outcome)
        condition.broadcast()
    }

    /// Writes what was submitted, then ends the writer thread.
    func finish() {
        condition.lock(); defer { condition.unlock() }
        finished = true
        condition.broadcast()
        while !stopped { condition.wait() }
    }

    private func run() {
        while true {
            condition.lock()
            while waiting.isEmpty && !finished { condition.wait() }
            guard !waiting.isEmpty else {
                stopped = true
                condition.broadcast()
                condition.unlock()
                return
            }
            var outcome = waiting.removeFirst()
            condition.broadcast()
            condition.unlock()
            let cpuStart = Self.threadCPUSeconds()
            processor.write(&outcome)
            written(outcome)
            condition.lock()
            cpuSeconds += Self.threadCPUSeconds() - cpuStart
            condition.unlock()
        }
    }

    /// CPU time the writer thread spent writing so far (the benchmark reports it).
    var writingCPUSeconds: Double { condition.lock(); defer { condition.unlock() }; return cpuSeconds }
    private var cpuSeconds = 0.0

    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
