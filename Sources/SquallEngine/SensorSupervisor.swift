import Foundation
import Logging
import SquallModel
import SquallRunners
import SquallSandbox
import SquallTransport

/// Keeps one sensor running for as long as the server runs: a child that exits, crashes or hangs
/// in setup() is started again after an exponential backoff (capped), never left dead; its state
/// is visible.
public final class SensorSupervisor: @unchecked Sendable {
    public enum State: String, Sendable { case starting, running, backoff, stopped }

    /// What `squall sensor list` shows.
    public struct Status: Sendable {
        public var sensor: String
        public var state: State
        public var restarts: Int
        public var pid: Int32?
        public var lastExitCode: Int32?
        public var lastErrorLine: String?
    }

    public struct Backoff: Sendable {
        public var initial: TimeInterval
        public var maximum: TimeInterval
        /// A child that stayed up this long is healthy again: the next delay starts from `initial`.
        public var resetAfter: TimeInterval
        /// A child that has not finished setup() this long after launch is killed and restarted
        /// like a crashed one (it showed `starting` for ever before).
        public var setupTimeout: TimeInterval
        public init(initial: TimeInterval = 1, maximum: TimeInterval = 60, resetAfter: TimeInterval = 60, setupTimeout: TimeInterval = 60) {
            self.initial = initial; self.maximum = maximum; self.resetAfter = resetAfter; self.setupTimeout = setupTimeout
        }
    }

    let sensor: SensorDefinition
    let fingerprint: SensorFingerprint
    let makeChild: (_ instanceId: String) throws -> SensorChild
    let backoff: Backoff
    let logger: Logger
    /// Called with each restart's exit, for `core.st2.sensor.process_exit`.
    let onExit: @Sendable (_ exitCode: Int32) -> Void
    let onSpawn: @Sendable (_ pid: Int32) -> Void

    private let lock = NSCondition()
    private var status: Status
    private var stopping = false
    private var child: SensorChild?
    private var thread: Thread?
    /// The trigger dicts the sensor should know about now; each new child starts with them.
    private var triggers: [JSONValue]

    init(sensor: SensorDefinition, fingerprint: SensorFingerprint, triggers: [JSONValue], backoff: Backoff, logger: Logger,
         onSpawn: @escaping @Sendable (Int32) -> Void, onExit: @escaping @Sendable (Int32) -> Void,
         makeChild: @escaping (String) throws -> SensorChild) {
        self.sensor = sensor; self.fingerprint = fingerprint; self.triggers = triggers
        self.backoff = backoff; self.logger = logger
        self.onSpawn = onSpawn; self.onExit = onExit; self.makeChild = makeChild
        status = Status(sensor: sensor.ref, state: .starting, restarts: 0)
    }

    public var currentStatus: Status { lock.lock(); defer { lock.unlock() }; return status }

    func start() {
        let thread = Thread { [self] in superviseLoop() }
        thread.name = "sensor \(sensor.ref)"
        self.thread = thread
        thread.start()
    }

    /// Replaces the sensor's trigger dicts and tells the current child what changed (st2's
    /// add_trigger / update_trigger / remove_trigger). A child being started gets the new list
    /// whole: the list and the child are swapped under one lock, so no change falls in between.
    func setTriggers(_ new: [JSONValue]) {
        lock.lock()
        defer { lock.unlock() }
        let old = triggers
        triggers = new
        guard let child else { return }
        for message in Self.triggerUpdates(from: old, to: new) { child.send(message) }
    }

    /// The updates that turn one list of trigger dicts into another, matched by their `id`.
    static func triggerUpdates(from old: [JSONValue], to new: [JSONValue]) -> [SupervisorMessage] {
        func byId(_ dicts: [JSONValue]) -> [String: JSONValue] {
            Dictionary(dicts.map { ($0["id"]?.stringValue ?? "", $0) }, uniquingKeysWith: { _, last in last })
        }
        let before = byId(old), after = byId(new)
        var messages: [SupervisorMessage] = []
        for id in before.keys.sorted() where after[id] == nil {
            messages.append(.triggerUpdate(operation: .remove, trigger: before[id]!))
        }
        for id in after.keys.sorted() {
            if let previous = before[id] {
                if previous != after[id]! { messages.append(.triggerUpdate(operation: .update, trigger: after[id]!)) }
            } else {
                messages.append(.triggerUpdate(operation: .add, trigger: after[id]!))
            }
        }
        return messages
    }

    /// Stops the child (cleanup, then kill after the grace period) and the restarts; waits for the end.
    func stop() {
        lock.lock()
        stopping = true
        let child = self.child
        lock.broadcast()
        lock.unlock()
        child?.stop()
        lock.lock()
        while status.state != .stopped { lock.wait() }
        lock.unlock()
    }

    private func superviseLoop() {
        var delay = backoff.initial
        var instance = 0
        while true {
            lock.lock()
            if stopping { status.state = .stopped; lock.broadcast(); lock.unlock(); return }
            status.state = .starting
            lock.unlock()
            instance += 1
            let started = Date()
            var ending: SensorChild.Ending?
            do {
                let child = try makeChild("\(sensor.ref)-\(getpid())-\(instance)")
                lock.lock()
                // Stopped while the child was being prepared (a venv build can take long): never launch it.
                if stopping { status.state = .stopped; lock.broadcast(); lock.unlock(); return }
                child.setInitialTriggers(triggers)
                self.child = child
                lock.unlock()
                watchSetup(of: child)
                ending = try child.run()
            } catch {
                logger.error("sensor could not start", metadata: ["sensor": "\(sensor.ref)", "error": "\(error)"])
                lock.lock(); status.lastErrorLine = "\(error)"; lock.unlock()
            }
            lock.lock()
            self.child = nil
            status.pid = nil
            if let ending {
                switch ending.termination {
                case .exited(let code): status.lastExitCode = code
                case .signaled(let signal): status.lastExitCode = -signal
                }
                if let line = ending.lastErrorLine { status.lastErrorLine = line }
            }
            let exitCode = status.lastExitCode ?? -1
            if stopping { status.state = .stopped; lock.broadcast(); lock.unlock(); onExit(exitCode); return }
            status.restarts += 1
            status.state = .backoff
            if Date().timeIntervalSince(started) >= backoff.resetAfter { delay = backoff.initial }
            logger.warning("sensor exited; restarting", metadata: [
                "sensor": "\(sensor.ref)", "exit_code": "\(exitCode)", "restart_in_s": "\(delay)",
                "last_error": "\(status.lastErrorLine ?? "")"])
            _ = lock.wait(until: Date().addingTimeInterval(delay))
            lock.unlock()
            onExit(exitCode)
            delay = min(delay * 2, backoff.maximum)
        }
    }

    /// Kills `child` if it is still in setup() after `backoff.setupTimeout`; the loop then sees it
    /// exit and restarts it with the usual backoff.
    private func watchSetup(of child: SensorChild) {
        let timeout = backoff.setupTimeout
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { [weak self, weak child] in
            guard let self, let child else { return }
            self.lock.lock()
            let current = self.child === child && self.status.state == .starting && !self.stopping
            self.lock.unlock()
            guard current else { return }
            let reason = "setup() did not finish within \(Self.seconds(timeout)) s"
            if child.abandonSetup(reason: reason) {
                self.logger.error("sensor killed: stuck in setup()", metadata: ["sensor": "\(self.sensor.ref)", "timeout_s": "\(Self.seconds(timeout))"])
            }
        }
    }

    private static func seconds(_ interval: TimeInterval) -> String {
        interval == interval.rounded() && Swift.abs(interval) < 1e15 ? String(Int(interval)) : String(interval)
    }

    /// Records the pid once the child is up (called from the child's start event).
    func markRunning(pid: Int32?) {
        lock.lock()
        status.state = .running
        status.pid = pid
        lock.unlock()
        if let pid { onSpawn(pid) }
    }
}
