import Foundation
import Logging
import SquallModel
import SquallPacks
import SquallRules
import SquallRunners
import SquallStore
import SquallTemplates
import SquallTimers
import SquallTransport

/// `squall server`: hosts every enabled sensor, fires timers, matches trigger instances against
/// the enabled rules and runs the resulting executions, at most `concurrency` at a time.
public final class Server: @unchecked Sendable {
    public struct Options: Sendable {
        public var concurrency: Int
        public var queueCapacity: Int
        public var backoff: SensorSupervisor.Backoff
        public init(concurrency: Int = 4, queueCapacity: Int = 10_000, backoff: SensorSupervisor.Backoff = .init()) {
            self.concurrency = concurrency; self.queueCapacity = queueCapacity; self.backoff = backoff
        }
    }

    /// Counters shown in the status file (`squall sensor list` and friends read it).
    public struct Counters: Sendable {
        public var received = 0, invalid = 0, matched = 0, executionsStarted = 0, enforcementFailures = 0
        /// Deleted by the garbage collector since start (Server+Retention).
        public var purgedTriggerInstances = 0, purgedRuleEnforcements = 0, purgedExecutions = 0
    }

    public let engine: Engine
    let options: Options
    let logger: Logger
    /// Enabled rules that passed every check; the problems of the others, one line each.
    public var rules: [Rule] { stateLock.withLock { ruleSet.enabled } }
    public var ruleProblems: [String] { stateLock.withLock { ruleSet.problems } }
    /// Rules, matcher, sensors and timers change together when the server reloads (Server+Reload).
    let stateLock = NSLock()
    var ruleSet: RuleSet { didSet { engine.serveWebhooks(of: ruleSet) } }
    var currentMatcher: RuleMatcher
    /// The ids of the triggers the enabled rules use, shared between rules as st2 shares them.
    var triggerIdentities = TriggerIdentities()
    var matcher: RuleMatcher { stateLock.withLock { currentMatcher } }
    let queue: TriggerQueue
    var supervisors: [String: SensorSupervisor] = [:]
    var timers: TimerService?
    /// Where the server is in its life (Server+Lifecycle); changes under `stateLock`.
    var lifecycle = Lifecycle.created
    /// One reload at a time; stop() takes it too, so a reload under way ends before sensors stop.
    let reloadLock = NSLock()
    /// How many reloads have been applied (shown in the status file).
    var reloads = 0
    /// Rule problems already logged, so a reload logs only new ones (touched under `reloadLock`).
    var ruleProblemsLogged: Set<String> = []
    /// Executions under way (rule- and API-started): stop waits for them within its grace period.
    let executions = DispatchGroup()
    /// Left when the rules thread has handled and written everything queued before `stop`.
    private let rulesThread = DispatchGroup()
    /// The `concurrency` execution slots, shared by rule- and API-started executions.
    let slots: DispatchSemaphore
    private let countersLock = NSLock()
    private var counters = Counters()

    public init(engine: Engine, options: Options = .init(), logger: Logger = Logger(label: "squall.server")) {
        self.engine = engine; self.options = options; self.logger = logger
        queue = TriggerQueue(capacity: options.queueCapacity)
        slots = DispatchSemaphore(value: max(1, options.concurrency))
        ruleSet = RuleSet.load(catalog: engine.catalog, store: engine.store)
        currentMatcher = RuleMatcher(rules: ruleSet.enabled, templates: ParameterRenderer.st2Environment(cipher: engine.secretCipher))
        triggerIdentities.assign(ruleSet.enabled)
    }

    // MARK: - Life cycle

    /// Takes the data directory (one server each), starts the rules thread, sensors, timers, the
    /// control socket and the housekeeping task; then the server is `running`.
    public func start() throws {
        try transition(from: .created, to: .starting)
        let lock: ServerLock
        let control: ControlServer
        do {
            lock = try ServerLock(dataDirectory: engine.settings.dataDirectory)
            do {
                try engine.store.beginLongRunningWriter()
                control = try ControlServer(path: controlSocketPath, logger: logger, converse: { [weak self] request, connection in
                    self?.converseControl(request, connection) ?? false
                }) { [weak self] request in
                    self?.answerControl(request) ?? ControlSocket.refusal("the server is gone")
                }
            } catch {
                lock.release()
                throw error
            }
        } catch {
            stateLock.withLock { lifecycle = .stopped }
            throw error
        }
        // Listening from here on: a request that comes while the server starts waits in the backlog
        // and is answered once it runs. A rule changed since init() would not be reloaded: read again.
        reloadRulesQuietly()
        startWarmHosts()
        for problem in ruleProblems { logger.error("rule skipped", metadata: ["problem": "\(problem)"]) }
        ruleProblemsLogged = Set(ruleProblems)
        // Actions of this server's executions (core.inject_trigger, action triggers) and the API's webhooks go straight into its queue.
        engine.setTriggerDispatcher { [weak self] trigger, payload, parameters in
            self?.dispatch(trigger: trigger, payload: payload, triggerParameters: parameters) ?? false
        }
        // A big result stays text through the queue and the store (TriggerProcessor builds it for rules that read it).
        engine.setActionTriggerTextDispatcher { [weak self] payload, text in
            guard case .success = self?.enqueue(trigger: BuiltinTriggers.actionTrigger, payload: payload, resultText: text) else { return false }
            return true
        }
        // The API's executions take this server's slots and are waited for at stop (Server+APIExecutions).
        engine.setBackgroundLauncher { [weak self] execution in
            guard let self else { return execution.abandon() }
            self.startFromAPI(execution)
        }
        rulesThread.enter()
        let dispatcher = Thread { [self] in dispatchLoop(); rulesThread.leave() }
        dispatcher.name = "squall-rules"
        dispatcher.start()
        for sensor in engine.catalog.sensors.values.sorted(by: { $0.ref < $1.ref }) where sensor.enabled {
            startSensor(sensor)
        }
        let timers = makeTimers(rules: rules)
        stateLock.withLock { self.timers = timers }
        timers.start()
        let housekeeping = startHousekeeping()
        stateLock.withLock { lifecycle = .running(.init(lock: lock, control: control, housekeeping: housekeeping)) }
        control.start()
        // Instances fired while no server ran (listening first: a firer that finds this socket now delivers).
        PendingTriggers.drain(dataDirectory: engine.settings.dataDirectory, dispatch: { dispatch(trigger: $0, payload: $1) },
                              dropped: { logger.warning("pending trigger instance dropped: not a trigger instance", metadata: ["file": "\($0)"]) })
        // Workflows a dead process was running go on from their saved state; its cgroups go.
        sweepStaleCgroups()
        let resumed = engine.resumeOrphanedWorkflows()
        logger.info("server started", metadata: ["sensors": "\(sensorStatuses.count)", "rules": "\(rules.count)", "timers": "\(timers.count)",
                                                  "workflows_resumed": "\(resumed.count)"])
    }

    private func reloadRulesQuietly() {
        let set = RuleSet.load(catalog: engine.catalog, store: engine.store)
        let matcher = RuleMatcher(rules: set.enabled, templates: ParameterRenderer.st2Environment(cipher: engine.secretCipher))
        stateLock.withLock {
            ruleSet = set
            currentMatcher = matcher
            triggerIdentities.assign(set.enabled)
        }
    }

    func makeTimers(rules: [Rule]) -> TimerService {
        TimerService(rules: rules, logger: logger) { [weak self] triggerRef, parameters, date in
            self?.dispatch(trigger: triggerRef, payload: TimerPayload.make(firedAt: date), triggerParameters: parameters)
        }
    }

    /// Stops taking requests, then sensors (cleanup first), timers and the rules worker, then waits
    /// up to `grace` seconds for running executions; any still running are marked abandoned by the
    /// next start. Does nothing unless the server is running.
    public func stop(grace: TimeInterval = 30) {
        guard let parts = stateLock.withLock({ () -> Lifecycle.Running? in
            guard case .running(let parts) = lifecycle else { return nil }
            lifecycle = .stopping
            return parts
        }) else { return }
        let deadline = DispatchTime.now() + grace
        // Requests now get "stopping"; a reload under way finishes before the sensors are collected.
        parts.control.stop(deadline: deadline)
        reloadLock.withLock {}
        stopHousekeeping(parts.housekeeping, deadline: deadline)
        let (timers, running) = stateLock.withLock { (self.timers, Array(supervisors.values)) }
        timers?.stop()
        Self.stopSideBySide(running)
        queue.close()
        // What was queued is still matched and recorded (and its executions started) within the grace period.
        _ = rulesThread.wait(timeout: deadline)
        _ = executions.wait(timeout: deadline)
        engine.warmHostPool?.stopAll()
        engine.useWarmHosts(nil)
        writeStatus()
        do { try engine.store.endLongRunningWriter() } catch {
            logger.warning("write-ahead log not checkpointed", metadata: ["reason": "\(error)"])
        }
        parts.lock.release()
        stateLock.withLock { lifecycle = .stopped }
        logger.info("server stopped")
    }

    // MARK: - Trigger instances

    /// Accepts a trigger instance from a sensor, a timer or a person. Invalid payloads are dropped
    /// with a logged reason; when the queue is full the instance is dropped and counted.
    @discardableResult
    public func dispatch(trigger: String, payload: JSONValue, triggerParameters: [String: JSONValue]? = nil) -> Bool {
        if case .success = enqueue(trigger: trigger, payload: payload, triggerParameters: triggerParameters) { return true }
        return false
    }

    /// Why `enqueue` dropped an instance.
    struct Dropped: Error { let reason: String }

    /// `dispatch`, saying what became of the instance: its id, or why it was dropped.
    func enqueue(trigger: String, payload: JSONValue, triggerParameters: [String: JSONValue]? = nil,
                 resultText: JSONText? = nil) -> Result<String, Dropped> {
        count { $0.received += 1 }
        if let schema = engine.catalog.triggerTypes[trigger]?.payloadSchema,
           let problem = PayloadSchema.firstViolation(of: payload, against: schema) {
            count { $0.invalid += 1 }
            logger.warning("trigger instance dropped: invalid payload", metadata: ["trigger": "\(trigger)", "reason": "\(problem)"])
            return .failure(Dropped(reason: "invalid payload: \(problem)"))
        }
        let instance = TriggerInstance(id: ExecutionID.generate(), trigger: trigger, payload: payload,
                                       triggerParameters: triggerParameters, occurredAt: Date(), resultText: resultText)
        guard queue.push(instance) else {
            logger.warning("trigger instance dropped: queue full", metadata: ["trigger": "\(trigger)"])
            return .failure(Dropped(reason: "the server's queue is full or closed"))
        }
        return .success(instance.id)
    }

    /// Takes what is queued in batches; each is written in one transaction on the writer thread,
    /// which then runs the executions the batch started.
    private func dispatchLoop() {
        let processor = TriggerProcessor(engine: engine, logger: logger)
        let writer = BatchWriter(processor: processor) { [self] outcome in
            count {
                $0.matched += outcome.matched
                $0.enforcementFailures += outcome.failedEnforcements
            }
            for launch in outcome.launches { start(launch) }
        }
        while let batch = queue.popBatch(limit: Self.batchLimit) {
            let waiting = queue.takeUnannounced(waitingSince: Date().addingTimeInterval(-Self.pendingAfter))
            writer.submit(processor.evaluate(batch, waiting: waiting, matcher: matcher))
        }
        writer.finish()
    }

    /// Trigger instances handled per transaction at most.
    static let batchLimit = 512
    /// An instance still queued after this many seconds is recorded `pending` (a backlog is
    /// visible); one handled sooner is recorded once, with its whole status log.
    static let pendingAfter: TimeInterval = 1

    /// Runs an execution a rule started, waiting for one of the `concurrency` slots.
    private func start(_ launch: TriggerProcessor.Launch) {
        slots.wait()
        executions.enter()
        count { $0.executionsStarted += 1 }
        DispatchQueue.global().async { [self] in
            defer { slots.signal(); executions.leave() }
            // The engine emits the execution's action trigger into this server's queue.
            let execution = engine.execute(launch.prepared, recorded: launch.execution, materializingResult: false)
            logger.info("rule enforced", metadata: ["rule": "\(launch.ruleRef)", "execution": "\(execution.id)", "status": "\(execution.status.rawValue)"])
        }
    }

    func count(_ change: (inout Counters) -> Void) {
        countersLock.lock(); change(&counters); countersLock.unlock()
    }

    public var currentCounters: Counters { countersLock.lock(); defer { countersLock.unlock() }; return counters }
}
