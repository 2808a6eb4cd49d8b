import Foundation
import SquallModel
import SquallSandbox

/// The warm hosts of one server, one per pack (`warm_hosts` setting): started on a pack's first
/// Python execution, stopped after `idleSeconds` without one, replaced when what the host loaded
/// changes (its fingerprint: interpreter, virtualenv, squall's runtime, the pack's policy). A host
/// that fails to start or to fork costs only latency: the execution runs cold and the pack waits
/// a doubling backoff before the next start. Pack code and config are never in a host (each fork
/// imports the action and gets the config in its `execute` message), so they are never stale.
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

    let idleSeconds: TimeInterval
    private let lock = NSLock()
    private var hosts: [String: WarmHost] = [:]
    private var inFlight: [ObjectIdentifier: Int] = [:]
    private var retired: [WarmHost] = []
    private var backoff: [String: (until: Date, seconds: TimeInterval)] = [:]

    public init(idleSeconds: TimeInterval = 300) {
        self.idleSeconds = idleSeconds
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
        stale = collectIdle()
        if let host = hosts[pack] {
            if host.fingerprint == fingerprint && host.isAlive {
                inFlight[ObjectIdentifier(host), default: 0] += 1
                lock.unlock()
                return host
            }
            hosts[pack] = nil
            stale += retire(host)
        }
        if let wait = backoff[pack], wait.until > Date() {
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
            lock.withLock { problem = "\(error)" }
            noteFailure(pack: pack)
            return nil
        }
        lock.lock()
        if let existing = hosts[pack], existing.fingerprint == fingerprint {
            stale.append(host)
            inFlight[ObjectIdentifier(existing), default: 0] += 1
            lock.unlock()
            return existing
        }
        hosts[pack] = host
        inFlight[ObjectIdentifier(host), default: 0] += 1
        backoff[pack] = nil
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
            if let problem { self.problem = problem }
            if broken, hosts[host.pack] === host {
                hosts[host.pack] = nil
                stop += retire(host)
            }
            let done = retired.filter { (inFlight[ObjectIdentifier($0)] ?? 0) <= 0 }
            retired.removeAll { r in done.contains { $0 === r } }
            done.forEach { inFlight[ObjectIdentifier($0)] = nil }
            stop += done
        }
        if broken { noteFailure(pack: host.pack) }
        stop.forEach { $0.stop() }
    }

    /// Stops every host (server shutdown).
    public func stopAll() {
        let all = lock.withLock { () -> [WarmHost] in
            let all = Array(hosts.values) + retired
            hosts = [:]; retired = []
            return all
        }
        all.forEach { $0.stop() }
    }

    /// Stops hosts idle for `idleSeconds` (called on every check-out and by the server's housekeeping).
    public func stopIdle() {
        let idle = lock.withLock { collectIdle() }
        idle.forEach { $0.stop() }
    }

    /// A host is stopped only once no execution it forked is still being set up: stopping kills
    /// its pid namespace, and with it any fork still inside. (Caller holds `lock`.)
    private func retire(_ host: WarmHost) -> [WarmHost] {
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
            && -host.lastUsed.timeIntervalSinceNow > idleSeconds {
            hosts[pack] = nil
            idle += retire(host)
        }
        return idle
    }

    private func noteFailure(pack: String) {
        lock.withLock {
            let seconds = min((backoff[pack]?.seconds ?? 0.5) * 2, 60)
            backoff[pack] = (Date().addingTimeInterval(seconds), seconds)
        }
    }
}
