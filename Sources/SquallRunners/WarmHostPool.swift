import Foundation
import SquallModel
import SquallSandbox

/// The warm hosts of one server, one per pack (`warm_hosts` setting): started on a pack's first
/// Python execution (or at server start for packs with enabled rules: `prestartWarmHost`), stopped after
/// `idleSeconds` (`warm_host_idle_seconds`) without one, replaced when what the host loaded
/// changes (its fingerprint: interpreter, virtualenv, squall's runtime, the pack's policy). A host
/// that fails to start, dies, or does not answer a fork request (wedged) costs only latency: the
/// execution runs cold and the pack waits a backoff before the next start, doubling with each
/// failure of a host that had not lived `backoff.maximum` (so a host that keeps dying is not
/// restarted in a loop). Pack code and config are never in a host (each fork imports the action
/// and gets the config in its `execute` message), so they are never stale.
public final class WarmHostPool: @unchecked Sendable {
    public struct HostStatus: Sendable {
        public let pack: String
        /// The host interpreter's pid (under its squall-init).
        public let pid: Int32
        public let ageSeconds: Double
        public let executionsServed: Int
        /// Resident memory of the host interpreter (VmRSS), nil once it is gone.
        public var rssKiB: Int? {
            guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
                  let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else { return nil }
            return line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first.flatMap { Int($0) }
        }
    }

    /// Waits before a pack's next host start after failures: `first`, doubling up to `maximum`.
    public struct Backoff: Sendable {
        public var first: TimeInterval
        public var maximum: TimeInterval
        public init(first: TimeInterval = 1, maximum: TimeInterval = 60) { self.first = first; self.maximum = maximum }
    }

    let idleSeconds: TimeInterval
    let backoffPolicy: Backoff
    /// The pool's clock (backoff and idle times); tests move it instead of sleeping.
    private let now: @Sendable () -> Date
    private let lock = NSLock()
    private var hosts: [String: WarmHost] = [:]
    private var inFlight: [ObjectIdentifier: Int] = [:]
    private var retired: [WarmHost] = []
    private var backoff: [String: (until: Date, seconds: TimeInterval, failures: Int)] = [:]
    private var started = 0
    /// When each host last finished setting up an execution (the pool's clock).
    private var lastUsed: [ObjectIdentifier: Date] = [:]
    /// After stopAll (server stop): no host starts again, one starting meanwhile is stopped.
    private var closed = false
    /// The cgroups of this server's warm executions, reused instead of made and removed for each.
    public let cgroups = CgroupLeasePool()

    public init(idleSeconds: TimeInterval = 300, backoff: Backoff = Backoff(), now: @escaping @Sendable () -> Date = { Date() }) {
        self.idleSeconds = idleSeconds
        self.backoffPolicy = backoff
        self.now = now
    }

    /// How many hosts this pool has started (restarts included).
    public var hostsStarted: Int { lock.withLock { started } }

    /// The pack's current backoff: consecutive failures and the seconds waited after the last; nil when none.
    public func backoff(pack: String) -> (failures: Int, seconds: TimeInterval)? {
        lock.withLock { backoff[pack].map { ($0.failures, $0.seconds) } }
    }

    public var status: [HostStatus] {
        lock.withLock {
            hosts.values.map { HostStatus(pack: $0.pack, pid: $0.process.programPid, ageSeconds: -$0.started.timeIntervalSinceNow,
                                          executionsServed: $0.served) }.sorted { $0.pack < $1.pack }
        }
    }

    /// The pack's host for this fingerprint, started if needed; nil while the pack backs off.
    func checkOut(pack: String, fingerprint: String, start: () throws -> WarmHost) -> WarmHost? {
        var stale: [WarmHost] = []
        defer { stale.forEach { $0.stop() } }
        lock.lock()
        guard !closed else { lock.unlock(); return nil }
        stale = collectIdle()
        if let host = hosts[pack] {
            let alive = host.isAlive
            if host.fingerprint == fingerprint && alive {
                inFlight[ObjectIdentifier(host), default: 0] += 1
                lock.unlock()
                return host
            }
            hosts[pack] = nil
            stale += retire(host)
            // A host that died by itself is a failure: one that keeps dying must not restart at every execution.
            if !alive { noteFailure(pack: pack, hostAge: -host.started.timeIntervalSinceNow) }
        }
        if let wait = backoff[pack], wait.until > now() {
            lock.unlock()
            return nil
        }
        lock.unlock()
        // Started outside the lock (a host start takes tens of milliseconds); two racing starts
        // keep the first and stop the second.
        let host: WarmHost
        do {
            host = try start()
        } catch {
            lock.withLock { problem = "\(error)"; noteFailure(pack: pack, hostAge: nil) }
            return nil
        }
        lock.lock()
        started += 1
        if closed {
            lock.unlock()
            host.stop()
            return nil
        }
        if let existing = hosts[pack] {
            if existing.fingerprint == fingerprint {
                stale.append(host)
                inFlight[ObjectIdentifier(existing), default: 0] += 1
                lock.unlock()
                return existing
            }
            stale += retire(existing)
        }
        hosts[pack] = host
        inFlight[ObjectIdentifier(host), default: 0] += 1
        lastUsed[ObjectIdentifier(host)] = now()
        lock.unlock()
        return host
    }

    /// The last reason a host failed to start or fork (for status and tests).
    public var lastProblem: String? { lock.withLock { problem } }
    private var problem: String?

    /// After an execution forked from `host` (or failed to: `problem`, which stops the host).
    func checkIn(_ host: WarmHost, problem: String?) {
        let broken = problem != nil
        var stop: [WarmHost] = []
        lock.withLock {
            inFlight[ObjectIdentifier(host), default: 1] -= 1
            if hosts[host.pack] === host { lastUsed[ObjectIdentifier(host)] = now() }
            if let problem { self.problem = problem }
            // A host that served well for longer than the longest wait has recovered from any earlier failures.
            if !broken, -host.started.timeIntervalSinceNow > backoffPolicy.maximum { backoff[host.pack] = nil }
            if broken, hosts[host.pack] === host {
                hosts[host.pack] = nil
                stop += retire(host)
                noteFailure(pack: host.pack, hostAge: -host.started.timeIntervalSinceNow)
            }
            let done = retired.filter { (inFlight[ObjectIdentifier($0)] ?? 0) <= 0 }
            retired.removeAll { r in done.contains { $0 === r } }
            done.forEach { inFlight[ObjectIdentifier($0)] = nil }
            stop += done
        }
        stop.forEach { $0.stop() }
    }

    /// Stops every host (server shutdown).
    public func stopAll() {
        let all = lock.withLock { () -> [WarmHost] in
            let all = Array(hosts.values) + retired
            hosts = [:]; retired = []
            closed = true
            return all
        }
        all.forEach { $0.stop() }
        cgroups.drain()
    }

    /// Stops hosts idle for `idleSeconds` (called on every check-out and by the server's housekeeping).
    public func stopIdle() {
        let idle = lock.withLock { collectIdle() }
        idle.forEach { $0.stop() }
    }

    /// A host is stopped only once no execution it forked is still being set up: stopping kills
    /// its pid namespace, and with it any fork still inside. (Caller holds `lock`.)
    private func retire(_ host: WarmHost) -> [WarmHost] {
        lastUsed[ObjectIdentifier(host)] = nil
        if (inFlight[ObjectIdentifier(host)] ?? 0) <= 0 {
            inFlight[ObjectIdentifier(host)] = nil
            return [host]
        }
        retired.append(host)
        return []
    }

    private func collectIdle() -> [WarmHost] {
        var idle: [WarmHost] = []
        for (pack, host) in hosts where (inFlight[ObjectIdentifier(host)] ?? 0) <= 0
            && now().timeIntervalSince(lastUsed[ObjectIdentifier(host)] ?? .distantPast) >= idleSeconds {
            hosts[pack] = nil
            idle += retire(host)
        }
        return idle
    }

    /// A host of `pack` failed (`hostAge`: how long it had run; nil when it never started). A
    /// host that ran longer than the longest wait had recovered: its failure starts a new count.
    /// (Caller holds `lock`.)
    private func noteFailure(pack: String, hostAge: TimeInterval?) {
        var failures = (backoff[pack]?.failures ?? 0) + 1
        if let hostAge, hostAge > backoffPolicy.maximum { failures = 1 }
        let seconds = min(backoffPolicy.first * pow(2, Double(min(failures - 1, 30))), backoffPolicy.maximum)
        backoff[pack] = (now().addingTimeInterval(seconds), seconds, failures)
    }
}
