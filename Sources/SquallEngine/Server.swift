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
    }

    public let engine: Engine
    let options: Options
    let logger: Logger
    /// Enabled rules that passed every check; the problems of the others, one line each.
    public private(set) var rules: [Rule] = []
    public private(set) var ruleProblems: [String] = []
    let matcher: RuleMatcher
    let queue: TriggerQueue
    var supervisors: [String: SensorSupervisor] = [:]
    private var timers: TimerService?
    private let executions = DispatchGroup()
    private let slots: DispatchSemaphore
    private let countersLock = NSLock()
    private var counters = Counters()
    private var lock: ServerLock?
    private var statusWriter: DispatchSourceTimer?
    func setStatusWriter(_ timer: DispatchSourceTimer) { statusWriter = timer }
    private var inboxWatcher: DispatchSourceTimer?
    func setInboxWatcher(_ timer: DispatchSourceTimer) { inboxWatcher = timer }

    public init(engine: Engine, options: Options = .init(), logger: Logger = Logger(label: "squall.server")) {
        self.engine = engine; self.options = options; self.logger = logger
        queue = TriggerQueue(capacity: options.queueCapacity)
        slots = DispatchSemaphore(value: max(1, options.concurrency))
        var loaded: [Rule] = []
        var problems: [String] = []
        for pack in engine.catalog.packs.values.sorted(by: { $0.ref < $1.ref }) {
            let directory = pack.path + "/rules"
            let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
            for file in files {
                do {
                    let rule = try RuleReader.read(file: directory + "/" + file, pack: pack.ref)
                    if let problem = Self.problem(with: rule, catalog: engine.catalog) {
                        problems.append(problem)
                    } else if rule.enabled {
                        loaded.append(rule)
                    }
                } catch {
                    problems.append("\(error)")
                }
            }
        }
        rules = loaded
        ruleProblems = problems
        matcher = RuleMatcher(rules: loaded, templates: ParameterRenderer.st2Environment())
    }

    /// Why a rule cannot run here (unknown trigger type or action), or nil.
    static func problem(with rule: Rule, catalog: PackCatalog) -> String? {
        let file = rule.file ?? rule.ref
        if catalog.triggerTypes[rule.triggerType] == nil && !BuiltinTriggers.refs.contains(rule.triggerType) {
            return "\(file): field 'trigger.type': unknown trigger type '\(rule.triggerType)'"
        }
        if catalog.actions[rule.actionRef] == nil {
            return "\(file): field 'action.ref': unknown action '\(rule.actionRef)'"
        }
        return nil
    }

    // MARK: - Life cycle

    public func start() throws {
        lock = try ServerLock(dataDirectory: engine.settings.dataDirectory)
        for problem in ruleProblems { logger.error("rule skipped", metadata: ["problem": "\(problem)"]) }
        let dispatcher = Thread { [self] in dispatchLoop() }
        dispatcher.name = "squall-rules"
        dispatcher.start()
        for sensor in engine.catalog.sensors.values.sorted(by: { $0.ref < $1.ref }) where sensor.enabled {
            try startSensor(sensor)
        }
        let timers = TimerService(rules: rules, logger: logger) { [weak self] triggerRef, parameters, date in
            self?.dispatch(trigger: triggerRef, payload: TimerPayload.make(firedAt: date), triggerParameters: parameters)
        }
        self.timers = timers
        timers.start()
        startStatusWriter()
        startInboxWatcher()
        logger.info("server started", metadata: ["sensors": "\(supervisors.count)", "rules": "\(rules.count)", "timers": "\(timers.count)"])
    }

    /// Stops sensors (cleanup first), timers and the rules worker, then waits up to `grace` seconds
    /// for running executions; any still running are marked abandoned by the next start.
    public func stop(grace: TimeInterval = 30) {
        timers?.stop()
        inboxWatcher?.cancel()
        for supervisor in supervisors.values { supervisor.stop() }
        queue.close()
        _ = executions.wait(timeout: .now() + grace)
        statusWriter?.cancel()
        writeStatus()
        lock?.release()
        logger.info("server stopped")
    }

    // MARK: - Trigger instances

    /// Accepts a trigger instance from a sensor, a timer or a person. Invalid payloads are dropped
    /// with a logged reason; when the queue is full the instance is dropped and counted.
    @discardableResult
    public func dispatch(trigger: String, payload: JSONValue, triggerParameters: [String: JSONValue]? = nil) -> Bool {
        count { $0.received += 1 }
        if let schema = engine.catalog.triggerTypes[trigger]?.payloadSchema,
           let problem = PayloadSchema.firstViolation(of: payload, against: schema) {
            count { $0.invalid += 1 }
            logger.warning("trigger instance dropped: invalid payload", metadata: ["trigger": "\(trigger)", "reason": "\(problem)"])
            return false
        }
        let instance = TriggerInstance(id: ExecutionID.generate(), trigger: trigger, payload: payload,
                                       triggerParameters: triggerParameters, occurredAt: Date())
        guard queue.push(instance) else {
            logger.warning("trigger instance dropped: queue full", metadata: ["trigger": "\(trigger)"])
            return false
        }
        return true
    }

    /// Takes what is queued in batches (one transaction each), then runs the executions started.
    private func dispatchLoop() {
        let processor = TriggerProcessor(engine: engine, logger: logger)
        while let batch = queue.popBatch(limit: Self.batchLimit) {
            let outcome = processor.process(batch, waiting: queue.takeUnannounced(), matcher: matcher)
            count {
                $0.matched += outcome.matched
                $0.enforcementFailures += outcome.failedEnforcements
            }
            for launch in outcome.launches { start(launch) }
        }
    }

    /// Trigger instances handled per transaction at most.
    static let batchLimit = 512

    /// Runs an execution a rule started, waiting for one of the `concurrency` slots.
    private func start(_ launch: TriggerProcessor.Launch) {
        slots.wait()
        executions.enter()
        count { $0.executionsStarted += 1 }
        DispatchQueue.global().async { [self] in
            defer { slots.signal(); executions.leave() }
            let execution = engine.execute(launch.prepared, recorded: launch.execution)
            dispatch(trigger: BuiltinTriggers.actionTrigger, payload: Self.actionTriggerPayload(execution))
            logger.info("rule enforced", metadata: ["rule": "\(launch.ruleRef)", "execution": "\(execution.id)", "status": "\(execution.status.rawValue)"])
        }
    }

    /// st2's core.st2.generic.actiontrigger payload (parameters are already masked in the record).
    static func actionTriggerPayload(_ execution: Execution) -> JSONValue {
        let name = execution.action.split(separator: ".", maxSplits: 1).last.map(String.init) ?? execution.action
        return [
            "execution_id": .string(execution.id), "status": .string(execution.status.rawValue),
            "start_timestamp": .string(Timestamps.format(execution.startTimestamp)),
            "action_name": .string(name), "action_ref": .string(execution.action), "runner_ref": .string(execution.runner),
            "parameters": .object(execution.parameters), "result": execution.result ?? .null,
        ]
    }

    private func count(_ change: (inout Counters) -> Void) {
        countersLock.lock(); change(&counters); countersLock.unlock()
    }

    public var currentCounters: Counters { countersLock.lock(); defer { countersLock.unlock() }; return counters }
}
