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
    }

    private let condition = NSCondition()
    private var timers: [Timer] = []
    private var stopping = false
    private let fire: @Sendable (_ triggerRef: String, _ parameters: [String: JSONValue], _ at: Date) -> Void

    init(rules: [Rule], logger: Logger, fire: @escaping @Sendable (String, [String: JSONValue], Date) -> Void) {
        self.fire = fire
        let start = Date()
        for rule in rules where rule.enabled && TimerSchedule.triggerRefs.contains(rule.triggerType) {
            do {
                let schedule = try TimerSchedule(triggerRef: rule.triggerType, parameters: rule.triggerParameters)
                timers.append(Timer(rule: rule.ref, triggerRef: rule.triggerType, parameters: rule.triggerParameters,
                                    schedule: schedule, next: schedule.nextFireDate(after: nil, start: start)))
            } catch {
                logger.error("rule skipped: bad timer", metadata: ["rule": "\(rule.ref)", "file": "\(rule.file ?? RuleSet.createdRuleSource(rule.ref))", "error": "\(error)"])
            }
        }
    }

    var count: Int { timers.count }

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
            for index in timers.indices {
                guard let next = timers[index].next, next <= now else { continue }
                let timer = timers[index]
                condition.unlock()
                fire(timer.triggerRef, timer.parameters, now)
                condition.lock()
                timers[index].last = next
                timers[index].next = timer.schedule.nextFireDate(after: next, start: next)
                // A slow machine must not replay a backlog of missed interval fires.
                while let upcoming = timers[index].next, upcoming <= now {
                    timers[index].next = timer.schedule.nextFireDate(after: upcoming, start: upcoming)
                }
            }
            let wake = timers.compactMap(\.next).min() ?? Date().addingTimeInterval(3600)
            _ = condition.wait(until: wake)
        }
    }
}
