import Foundation
import Logging
import SquallModel
import SquallRules
import SquallTimers

/// Fires st2's timer triggers for the enabled rules that use them, each on its own schedule.
final class TimerService: @unchecked Sendable {
    struct Timer {
        var rule: String
        var triggerRef: String
        var parameters: [String: JSONValue]
        var schedule: TimerSchedule
        var next: Date?
        var last: Date?

        func same(as other: Timer) -> Bool {
            rule == other.rule && triggerRef == other.triggerRef && parameters == other.parameters
        }
    }

    private let condition = NSCondition()
    private var timers: [Timer] = []
    private var stopping = false
    private let logger: Logger
    private let fire: @Sendable (_ triggerRef: String, _ parameters: [String: JSONValue], _ at: Date) -> Void

    init(rules: [Rule], logger: Logger, fire: @escaping @Sendable (String, [String: JSONValue], Date) -> Void) {
        self.fire = fire
        self.logger = logger
        timers = makeTimers(rules, keeping: [], now: Date())
    }

    var count: Int { condition.lock(); defer { condition.unlock() }; return timers.count }

    /// Each timer's rule and next fire date (for tests and logs).
    var schedule: [(rule: String, next: Date?)] {
        condition.lock(); defer { condition.unlock() }
        return timers.map { ($0.rule, $0.next) }
    }

    /// Follows a rule change: timers whose rule, trigger type and parameters are unchanged keep
    /// their schedule (an interval timer is not restarted because another rule changed); the
    /// others are dropped or made. Returns how many timers were kept.
    @discardableResult
    func update(rules: [Rule]) -> Int {
        condition.lock(); defer { condition.unlock() }
        let previous = timers
        timers = makeTimers(rules, keeping: previous, now: Date())
        condition.broadcast()
        return timers.filter { timer in previous.contains { $0.same(as: timer) } }.count
    }

    private func makeTimers(_ rules: [Rule], keeping previous: [Timer], now: Date) -> [Timer] {
        var made: [Timer] = []
        for rule in rules where rule.enabled && TimerSchedule.triggerRefs.contains(rule.triggerType) {
            if let kept = previous.first(where: { $0.rule == rule.ref && $0.triggerRef == rule.triggerType && $0.parameters == rule.triggerParameters }) {
                made.append(kept)
                continue
            }
            do {
                let schedule = try TimerSchedule(triggerRef: rule.triggerType, parameters: rule.triggerParameters)
                made.append(Timer(rule: rule.ref, triggerRef: rule.triggerType, parameters: rule.triggerParameters,
                                  schedule: schedule, next: schedule.nextFireDate(after: nil, start: now)))
            } catch {
                logger.error("rule skipped: bad timer", metadata: ["rule": "\(rule.ref)", "file": "\(rule.file ?? RuleSet.createdRuleSource(rule.ref))", "error": "\(error)"])
            }
        }
        return made
    }

    func start() {
        let thread = Thread { [self] in loop() }
        thread.name = "squall-timers"
        thread.start()
    }

    func stop() { condition.lock(); stopping = true; condition.broadcast(); condition.unlock() }

    private func loop() {
        condition.lock()
        defer { condition.unlock() }
        while !stopping {
            let now = Date()
            for timer in timers where timer.next.map({ $0 <= now }) == true {
                condition.unlock()
                fire(timer.triggerRef, timer.parameters, now)
                condition.lock()
                // `update` may have replaced the list while this one fired.
                guard let index = timers.firstIndex(where: { $0.same(as: timer) }), let next = timers[index].next else { continue }
                timers[index].last = next
                timers[index].next = timer.schedule.nextFireDate(after: next, start: next)
                // A slow machine must not replay a backlog of missed interval fires.
                while let upcoming = timers[index].next, upcoming <= now {
                    timers[index].next = timer.schedule.nextFireDate(after: upcoming, start: upcoming)
                }
            }
            // Never a far date: NSCondition counts it in Int64 nanoseconds and traps after 2262.
            let latestWake = Date().addingTimeInterval(TimerLimits.longestWait)
            let wake = min(timers.compactMap(\.next).min() ?? latestWake, latestWake)
            _ = condition.wait(until: wake)
        }
    }
}
