import Foundation
import SquallModel
import SquallPacks
import SquallRules
import SquallTimers

/// A running server follows rule and pack changes made by other processes (`squall rule ...`,
/// `squall pack register`) without a restart: they ask for a reload through the control socket.
extension Server {
    public enum ReloadScope: String, Sendable {
        /// Rules only (rule create/enable/disable/delete).
        case rules
        /// Packs, configs and rules (pack register).
        case packs
    }

    /// Asks the server running on this data directory, if any, to reload, and returns once it has
    /// (so the change is live when the command ends). With no server running there is nothing to
    /// tell: the next server reads everything at start. Returns why a running server did not reload.
    @discardableResult
    public static func requestReload(_ scope: ReloadScope = .rules, dataDirectory: String) -> String? {
        do {
            try ControlClient(dataDirectory: dataDirectory).reload(scope)
            return nil
        } catch ControlClient.Failure.noServer {
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// A reload asked for through the control socket: nil (and nothing done) once the server stops.
    func reloadUnlessStopping(_ scope: ReloadScope) -> Int? {
        reloadLock.withLock {
            guard lifecycleState == .running else { return nil }
            reload(scope)
            return stateLock.withLock { reloads }
        }
    }

    /// Re-reads the rules (and, for `.packs`, the packs and configs), then brings sensors, the
    /// matcher and the timers in line. One reload at a time (under `reloadLock`).
    func reload(_ scope: ReloadScope) {
        if scope == .packs { reloadPacks() } else { apply(RuleSet.load(catalog: engine.catalog, store: engine.store)) }
        stateLock.withLock { reloads += 1 }
    }

    /// Swaps in the new rules: a new matcher, the sensors told which triggers appeared, changed or
    /// went, and the timers of changed timer rules remade.
    func apply(_ set: RuleSet) {
        let matcher = RuleMatcher(rules: set.enabled, templates: ParameterRenderer.st2Environment(cipher: engine.secretCipher))
        let (oldRules, running, triggers) = stateLock.withLock { () -> ([Rule], [SensorSupervisor], TriggerIdentities) in
            let old = ruleSet.enabled
            ruleSet = set
            currentMatcher = matcher
            triggerIdentities.assign(set.enabled)
            return (old, Array(supervisors.values), triggerIdentities)
        }
        for problem in set.problems where !ruleProblemsLogged.contains(problem) {
            logger.error("rule skipped", metadata: ["problem": "\(problem)"])
        }
        ruleProblemsLogged = Set(set.problems)
        for supervisor in running {
            supervisor.setTriggers(triggers.dicts(for: supervisor.sensor))
        }
        // Only the timers of changed timer rules are remade: the others keep their schedules.
        if Self.timerRules(oldRules) != Self.timerRules(set.enabled), let timers = stateLock.withLock({ lifecycle.state == .running ? self.timers : nil }) {
            let kept = timers.update(rules: set.enabled)
            logger.info("timers updated", metadata: ["timers": "\(timers.count)", "kept": "\(kept)"])
        }
        logger.info("rules reloaded", metadata: ["rules": "\(set.enabled.count)", "problems": "\(set.problems.count)"])
    }

    /// The timer rules as the TimerService sees them: a change means rebuilding the timers.
    static func timerRules(_ rules: [Rule]) -> [Rule] {
        rules.filter { TimerSchedule.triggerRefs.contains($0.triggerType) }.sorted { $0.ref < $1.ref }
    }

    /// `pack register`: new packs' sensors start, removed or disabled ones stop, and sensors whose
    /// metadata, entry-point code or config changed restart; the rest keep running.
    private func reloadPacks() {
        let catalog = engine.reloadPacks()
        for error in catalog.errors { logger.error("pack problem", metadata: ["problem": "\(error)"]) }
        let wanted = Dictionary(uniqueKeysWithValues: catalog.sensors.values.filter(\.enabled).map { ($0.ref, $0) })
        let running = stateLock.withLock { supervisors }
        var restart: [SensorDefinition] = []
        var leaving: [SensorSupervisor] = []
        for (ref, supervisor) in running.sorted(by: { $0.key < $1.key }) {
            let sensor = wanted[ref]
            if let sensor, SensorFingerprint(sensor: sensor, config: sensorConfig(sensor, catalog: catalog),
                                                packSensors: catalog.sensors.values) == supervisor.fingerprint {
                continue
            }
            logger.info(sensor == nil ? "sensor removed" : "sensor changed; restarting", metadata: ["sensor": "\(ref)"])
            leaving.append(supervisor)
            if let sensor { restart.append(sensor) }
        }
        Self.stopSideBySide(leaving)
        stateLock.withLock {
            for supervisor in leaving where supervisors[supervisor.sensor.ref] === supervisor { supervisors[supervisor.sensor.ref] = nil }
        }
        apply(RuleSet.load(catalog: catalog, store: engine.store))
        let fresh = wanted.values.filter { running[$0.ref] == nil }
        for sensor in (restart + fresh).sorted(by: { $0.ref < $1.ref }) { startSensor(sensor) }
    }

    /// Stops sensors side by side: each stop waits for its child's cleanup (up to the grace
    /// period), and a pack's sensors stopped one after another made `pack register` wait for the sum.
    static func stopSideBySide(_ supervisors: [SensorSupervisor]) {
        let group = DispatchGroup()
        for supervisor in supervisors {
            group.enter()
            // A thread each: the stops block, and the global queue would run only a few at a time.
            Thread.detachNewThread { supervisor.stop(); group.leave() }
        }
        group.wait()
    }
}
