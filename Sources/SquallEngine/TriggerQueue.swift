import Foundation
import SquallModel

/// One dispatched trigger instance on its way to the rules.
public struct TriggerInstance: Sendable {
    public var id: String
    public var trigger: String
    public var payload: JSONValue
    /// For parameterised triggers (timers): the parameters of the trigger that fired.
    public var triggerParameters: [String: JSONValue]?
    public var occurredAt: Date
    /// An action trigger's big result kept as the child's text, absent from `payload`
    /// (ActionTriggerResultText); built into it only for rules that read it.
    public var resultText: JSONText? = nil
    /// Already recorded `pending` while it waited in the queue: its final record only updates the row.
    var announced = false
}

/// A bounded queue between the producers (sensors, timers, manual fires) and the rules worker.
/// When full, new instances are dropped and counted rather than letting memory grow.
final class TriggerQueue: @unchecked Sendable {
    private let condition = NSCondition()
    /// Taken instances are set to nil at once: the array is compacted only now and then, and each
    /// kept instance held its payload (an action trigger's holds the execution's whole result), so
    /// up to 1,024 handled payloads stayed in memory, ~4 KiB per trivial execution (issue 11).
    private var items: [TriggerInstance?] = []
    private var head = 0
    /// Items dropped from the front of `items` so far, and the absolute position up to which
    /// `takeUnannounced` has returned instances.
    private var removed = 0
    private var announcedThrough = 0
    private var closed = false
    let capacity: Int
    private(set) var dropped = 0

    init(capacity: Int) { self.capacity = capacity }

    /// Returns false when the instance was dropped (queue full or closed).
    func push(_ instance: TriggerInstance) -> Bool {
        condition.lock(); defer { condition.unlock() }
        guard !closed, items.count - head < capacity else { dropped += 1; return false }
        items.append(instance)
        condition.signal()
        return true
    }

    /// Blocks for the next instance; nil once closed and drained.
    func pop() -> TriggerInstance? {
        popBatch(limit: 1)?.first
    }

    /// Blocks for the next instances: at least one, at most `limit`; nil once closed and drained.
    func popBatch(limit: Int) -> [TriggerInstance]? {
        condition.lock(); defer { condition.unlock() }
        while head == items.count && !closed { condition.wait() }
        guard head < items.count else { return nil }
        let end = min(items.count, head + max(1, limit))
        let batch = items[head..<end].map { $0! }
        for index in head..<end { items[index] = nil }
        head = end
        if head > 1024 && head * 2 > items.count {
            items.removeFirst(head); removed += head; head = 0
        }
        return batch
    }

    /// Instances that have waited in the queue since `cutoff` or longer and that this has not
    /// returned before (to be recorded `pending`). The queue is in arrival order, so they are the
    /// oldest ones not yet returned.
    func takeUnannounced(waitingSince cutoff: Date) -> [TriggerInstance] {
        condition.lock(); defer { condition.unlock() }
        let start = max(head, announcedThrough - removed)
        var end = start
        while end < items.count && items[end]!.occurredAt <= cutoff {
            items[end]!.announced = true
            end += 1
        }
        announcedThrough = max(announcedThrough, removed + end)
        return items[start..<end].map { $0! }
    }

    func close() { condition.lock(); closed = true; condition.broadcast(); condition.unlock() }

    var depth: Int { condition.lock(); defer { condition.unlock() }; return items.count - head }
    /// Instances the queue still holds (taken ones are released): `depth`, or the queue leaks.
    var held: Int { condition.lock(); defer { condition.unlock() }; return items.reduce(0) { $0 + ($1 == nil ? 0 : 1) } }
    var droppedCount: Int { condition.lock(); defer { condition.unlock() }; return dropped }
}
