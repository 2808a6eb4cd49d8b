import Foundation
import Synchronization
import Logging
import SquallModel
import SquallPacks
import SquallRunners
import SquallSandbox
import SquallStore
import SquallTransport

/// The execution lifecycle. One execution flows one way:
/// request -> validate/cast/render parameters -> record `requested` -> runner builds a launch ->
/// sandboxed child -> messages over ZeroMQ -> result -> record completed.
public final class Engine: @unchecked Sendable {
    public let settings: Settings
    /// The loaded packs; `reloadPacks()` (a running server's `pack register`) replaces them.
    public var catalog: PackCatalog { packsLock.withLock { loadedCatalog } }
    private var loadedCatalog: PackCatalog
    private let packsLock = NSLock()
    /// Where trigger instances dispatched by actions (and the API's webhooks) go when a server runs
    /// in this process: trigger, payload, and the trigger parameters a rule must have (a webhook's url).
    let triggerDispatcher = Mutex<TriggerDispatcher?>(nil)
    /// The webhook urls of the rules the server in this process has loaded (Engine+WebhookRegistrations).
    let servedWebhooks = Mutex<[WebhookRegistration]?>(nil)
    /// The HTTP API's recent credential look-ups (Engine+Authentication).
    let credentialCache: CredentialCache
    /// Where executions the API starts go when a server runs in this process (its slots), else a thread each.
    let backgroundLauncher = Mutex<BackgroundLauncher?>(nil)
    /// State changes made for front ends (Engine+Audit); `auditDefault` names who acts outside a request.
    public let auditLog: AuditLog
    let auditDefault = Mutex<AuditContext?>(nil)
    /// Where completions and rule records are reported (EngineMetrics.swift); set by the server.
    let metricsSink = Mutex<(any EngineMetrics)?>(nil)
    /// The API executions' st2client is pointed at, when this process serves it (Engine+ActionAPITokens).
    let actionAPIBaseURL = Mutex<String?>(nil)
    /// Where records live; given by whoever opens the engine (SquallBootstrap opens SQLite).
    public let store: any Store
    /// Concurrent executions' record updates share transactions (ExecutionUpdateGroup).
    let executionUpdates = ExecutionUpdateGroup()
    /// Given by squall-server (see `CredentialHashing`); nil in the one-shot CLI.
    let credentials: CredentialHashing?
    /// The site's policy (the operator's <data-dir>/policy/default.json, else the built-in one).
    public let policy: SandboxPolicy
    /// Per-pack policies, re-read at each execution so operator edits apply without a restart.
    public let packPolicies: PackPolicyResolver
    let datastore: DatastoreService
    /// Encrypts datastore secrets at rest (SquallBootstrap gives SquallSecrets' AES-GCM); without
    /// one, setting a secret fails and encrypted values stay encrypted.
    public let secretCipher: (any SecretCipher)?
    let renderer: ParameterRenderer
    let progress: @Sendable (String) -> Void
    /// Store failures the engine cannot hand to a caller (a run's record updates) are logged here.
    let logger = Logger(label: "squall.engine")
    /// This process as execution records name their owner (read from /proc once, not per record).
    let ownProcess = ProcessLiveness.current()
    /// Built once at start-up: the server runs executions from several threads.
    private var loadedRunners: [String: any ActionRunner] = [:]
    /// The server's warm per-pack hosts (`warm_hosts` setting), nil elsewhere: Engine+WarmHosts.
    private var loadedWarmHosts: WarmHostPool?
    var warmHostPool: WarmHostPool? { packsLock.withLock { loadedWarmHosts } }
    var runners: [String: any ActionRunner] { packsLock.withLock { loadedRunners } }

    /// Prepares the data directory and loads packs, keeping its records in `store` (opened by the
    /// caller: see SquallBootstrap). `onlyPack` narrows loading to one pack's content, or given an action ref
    /// to that action's metadata (see `PackCatalog.load(packsPath:only:)`); without `loadingPacks`
    /// no pack is read (a command that only reads records: `execution get`).
    /// `credentials` hash passwords, tokens and API keys (nil: the user, token and API-key calls throw).
    public init(settings: Settings, store: any Store, secretCipher: (any SecretCipher)? = nil, onlyPack: String? = nil,
                loadingPacks: Bool = true,
                credentials: CredentialHashing? = nil, progress: @escaping @Sendable (String) -> Void = { _ in }) throws {
        self.settings = settings
        self.secretCipher = secretCipher
        self.credentials = credentials
        credentialCache = CredentialCache(lifetime: settings.api.credentialCacheSeconds)
        renderer = ParameterRenderer(environment: ParameterRenderer.st2Environment(cipher: secretCipher))
        self.progress = progress
        settings.applyLimits()
        for directory in [settings.dataDirectory, settings.configsDirectory, settings.runDirectory] {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        self.store = store
        auditLog = AuditLog(settings: settings)
        datastore = DatastoreService(store: store, cipher: secretCipher)
        loadedCatalog = loadingPacks ? PackCatalog.load(packsPath: settings.packsPath, only: onlyPack) : PackCatalog()
        packPolicies = PackPolicyResolver(builtinPath: settings.sandboxPolicyPath, dataDirectory: settings.dataDirectory)
        policy = try packPolicies.sitePolicy()
        loadedRunners = makeRunners(packs: loadedCatalog.packs)
    }

    /// Reads the packs path again (`pack register` while a server runs): later executions see the
    /// new packs, actions, sensors and trigger types; running ones keep what they started with.
    /// Python executions fork from `pool`'s warm hosts from now on (nil: cold children again).
    public func useWarmHosts(_ pool: WarmHostPool?) {
        packsLock.withLock { loadedWarmHosts = pool }
        let runners = makeRunners(packs: catalog.packs)
        packsLock.withLock { loadedRunners = runners }
    }

    @discardableResult
    public func reloadPacks() -> PackCatalog {
        let catalog = PackCatalog.load(packsPath: settings.packsPath)
        let runners = makeRunners(packs: catalog.packs)
        packsLock.withLock { loadedCatalog = catalog; loadedRunners = runners }
        return catalog
    }

    private func makeRunners(packs: [String: Pack]) -> [String: any ActionRunner] {
        // Host keys the operator pins for the remote runners (see SSHInvocation).
        let knownHosts = settings.dataDirectory + "/ssh/known_hosts"
        var runners: [String: any ActionRunner] = [
            RunnerType.localShellCmd.rawValue: LocalShellRunner(mode: .command),
            RunnerType.localShellScript.rawValue: LocalShellRunner(mode: .script),
            RunnerType.noop.rawValue: NoopRunner(),
            RunnerType.remoteShellCmd.rawValue: RemoteShellRunner(mode: .command, knownHostsFile: knownHosts),
            RunnerType.remoteShellScript.rawValue: RemoteShellRunner(mode: .script, knownHostsFile: knownHosts),
            RunnerType.httpRequest.rawValue: HTTPRequestRunner(),
        ]
        var python = PythonScriptRunner(
            virtualenvs: virtualenvs, runtimeDirectory: settings.pythonRuntimeDirectory,
            packs: packs, progress: progress)
        python.warmHosts = warmHostPool
        runners[RunnerType.pythonScript.rawValue] = python
        runners[RunnerType.orquesta.rawValue] = WorkflowRunner(engine: self)
        runners[RunnerType.actionChain.rawValue] = ActionChainRunner(engine: self)
        runners[RunnerType.inquirer.rawValue] = InquirerRunner()
        return runners
    }

    /// Builds run in each pack's sandbox (pip runs the install code of its requirements).
    public var virtualenvs: VirtualenvManager {
        var manager = VirtualenvManager(root: settings.virtualenvsDirectory, python: settings.python, pythonOverrides: settings.packPythons)
        manager.packPolicies = packPolicies
        manager.st2Layer = settings.st2RuntimeLayer
        return manager
    }

    // MARK: - Request -> prepared

    /// Every check st2 makes before an execution exists. Throws `EngineError.badInput` with a
    /// one-line message; nothing is recorded.
    /// `inputs` (the server's per-batch datastore and configs) saves reading them for every request.
    public func prepare(_ request: ExecutionRequest, inputs shared: TemplateInputs? = nil) throws -> PreparedExecution {
        let catalog = self.catalog  // one snapshot: a reload may swap the packs meanwhile
        guard let action = catalog.actions[request.actionRef] else {
            throw EngineError.badInput("action '\(request.actionRef)' not found" + loadProblemHint(for: request.actionRef))
        }
        guard action.enabled else { throw EngineError.badInput("action '\(action.ref)' is disabled") }
        if let reason = action.unavailableReason { throw EngineError.badInput("action '\(action.ref)' is unavailable in squall: \(reason)") }
        guard let pack = catalog.packs[action.pack] else { throw EngineError.badInput("pack '\(action.pack)' not found") }
        var supplied = request.parameters
        if let timeout = request.timeoutSeconds {
            guard timeout > 0 else { throw EngineError.badInput("timeout must be a positive number of seconds (got \(timeout))") }
            if action.parameters["timeout"] != nil { supplied["timeout"] = .int(timeout) }
        }
        do {
            let inputs = try shared ?? templateInputs(datastore: try datastoreContext())
            let datastore = inputs.datastore
            let config = try inputs.config(for: pack)
            let accepted = try ParameterValidation.acceptSupplied(supplied, for: action)
            var values: [String: JSONValue] = [:]
            for (name, spec) in action.parameters { if let value = spec.defaultValue { values[name] = value } }
            values.merge(accepted) { _, given in given }
            // Sized once for what goes in, here and in the renderer: growing it was a visible cost on the rules path.
            var base = [String: JSONValue](minimumCapacity: 3 + request.templateVariables.count + values.count)
            base["st2kv"] = datastore
            base["config_context"] = config
            base["action_context"] = .object(["user": .string(request.user), "pack": .string(action.pack)].merging(request.context) { a, _ in a })
            // Rules add `trigger` (the payload); parameters by name still win over these.
            base.merge(request.templateVariables) { _, extra in extra }
            let rendered = try renderer.render(values, base: base)
            let final = try ParameterValidation.finalize(rendered, for: action)
            return PreparedExecution(action: action, parameters: final, config: config.objectValue ?? [:],
                                     user: request.user, context: request.context)
        } catch let error as ParameterError {
            throw EngineError.badInput(error.description)
        } catch let error as PackError {
            throw EngineError.badInput(error.description)
        }
    }

    /// When an action is missing because its metadata did not load, say so.
    private func loadProblemHint(for ref: String) -> String {
        guard let dot = ref.firstIndex(of: ".") else { return "" }
        let packRef = String(ref[..<dot])
        let packPath = catalog.packs[packRef]?.path
        let problem = catalog.errors.first { error in
            if let packPath { return error.file.hasPrefix(packPath + "/") }
            return error.file.contains("/\(packRef)/")
        }
        return problem.map { " (pack '\(packRef)' has a load error: \($0.description))" } ?? ""
    }

    /// Config values may hold `{{ st2kv.system.x }}`, rendered when the action runs.
    private func renderConfig(_ config: JSONValue, pack: Pack, datastore: JSONValue) throws -> JSONValue {
        guard ParameterRenderer.containsTemplate(config) else { return config }
        do {
            return try renderer.renderValue(config, context: ["st2kv": datastore])
        } catch {
            throw EngineError.badInput("\(PackConfigLoader.configFile(pack: pack.ref, configsDirectory: settings.configsDirectory)): cannot render template: \(error)")
        }
    }

    /// `st2kv.system.<name>` for templates.
    func datastoreContext() throws -> JSONValue {
        Self.st2kv(systemPairs: try store.values(scope: "system", prefix: nil, limit: nil, offset: nil))
    }

    static func st2kv(systemPairs: [KeyValuePair]) -> JSONValue {
        var system: [String: JSONValue] = [:]
        for pair in systemPairs { system[pair.name] = .string(pair.value) }
        return ["system": .object(system), "user": .object([:])]
    }

    /// Template inputs over `datastore`, reading each pack's config when first asked.
    func templateInputs(datastore: JSONValue) -> TemplateInputs {
        TemplateInputs(datastore: datastore) { [unowned self] pack, datastore in
            try renderConfig(try PackConfigLoader.load(pack: pack, configsDirectory: settings.configsDirectory),
                             pack: pack, datastore: datastore)
        }
    }

    // MARK: - Prepared -> recorded -> run

    /// Records the execution as `requested`, owned by `owner` (the process that will run it).
    public func record(_ prepared: PreparedExecution, owner: Int32 = getpid()) throws -> Execution {
        let execution = newRecord(prepared, owner: owner)
        try store.create(execution)
        return execution
    }

    /// The `requested` record of a prepared execution, not yet stored.
    func newRecord(_ prepared: PreparedExecution, owner: Int32 = getpid()) -> Execution {
        let now = Date()
        var context = prepared.context
        context["user"] = .string(prepared.user)
        context["pack"] = .string(prepared.action.pack)
        let execution = Execution(
            id: ExecutionID.generate(), action: prepared.action.ref, runner: prepared.action.runnerType,
            parameters: prepared.maskedParameters, status: .requested,
            log: [StatusTransition(status: .requested, timestamp: now)], startTimestamp: now, context: context,
            supervisorPid: owner, supervisorStartTime: owner == ownProcess.pid ? ownProcess.startTime : ProcessLiveness.startTime(pid: owner))
        return execution
    }

    /// Runs a recorded execution to completion and records every transition. Never throws:
    /// whatever goes wrong ends as a completed record. A big action result is stored as the text
    /// the child sent; `materializingResult: false` returns it as that text too (callers that only
    /// need the status: a 40 MB result's tree is several times its size).
    @discardableResult
    public func execute(_ prepared: PreparedExecution, recorded: Execution, materializingResult: Bool = true) -> Execution {
        let id = recorded.id
        // This process's identity, read once at start: /proc/self/stat per execution was ~1% of the server's CPU.
        let me = ownProcess
        // scheduled and running in one write: both are logged, one commit is saved.
        guard let execution = transition(id, to: .scheduled, {
            $0.supervisorPid = me.pid; $0.supervisorStartTime = me.startTime
            $0.status = .running
            $0.log.append(StatusTransition(status: .running, timestamp: Date()))
        }), execution.status == .running else {
            // Canceled before it could run (or the store failed, logged by `update`): still a completion rules may follow.
            let record = (try? store.execution(id: id)) ?? recorded
            if record.status.isCompleted { emitActionTrigger(record) }
            return record
        }

        let runDirectory = settings.runDirectory + "/" + id
        let recorder = ExecutionRecorder(
            executionId: id, store: store, datastore: datastore, logger: logger,
            dispatchTrigger: { [weak self] trigger, payload in try self?.dispatchTrigger(trigger, payload: payload) },
            onChildStarted: { [weak self] pid in self?.childStarted(id, pid: pid) })
        var outcome: RunnerOutcome
        do {
            try ScratchDirectory.make(runDirectory, mode: 0o700)
            defer { ScratchDirectory.remove(runDirectory, expected: ["tmp"]) }
            guard let runner = runners[prepared.action.runnerType] else {
                throw RunnerError("runner '\(prepared.action.runnerType)' is not available")
            }
            var job = RunnerJob(executionId: id, action: prepared.action, parameters: prepared.parameters,
                                config: prepared.config, user: prepared.user, timeoutSeconds: prepared.timeoutSeconds,
                                policy: try packPolicies.policy(forPack: prepared.action.pack), runDirectory: runDirectory)
            let apiAccess = actionAPIAccess(for: job)
            job.apiAccess = apiAccess?.access
            defer { if let apiAccess { revokeActionToken(apiAccess.token, executionId: id) } }
            outcome = try runner.run(job, events: recorder)
        } catch {
            outcome = RunnerOutcome(status: .failed, result: ["error": .string("\(error)")])
        }
        recorder.flush()
        var completed = recordCompletion(id, outcome: outcome, outputLoss: recorder.outputLoss, running: execution)
        // A big result's value is built once, shared by the caller and an in-process action trigger
        // (unless that server takes the result as text: Engine+ActionTriggerText).
        let dispatcher = triggerDispatcher.withLock { $0 }
        if materializingResult || (dispatcher != nil && dispatcher?.dispatchActionTriggerWithText == nil) { completed = completed.materialized() }
        if completed.status.isCompleted { emitActionTrigger(completed); metrics?.executionCompleted(completed) }
        // Inquiries (Engine+Inquiries): one opened waits unowned; a workflow pausing on one
        // answered meanwhile goes on here.
        if completed.status == .pending { return inquiryOpened(id) ?? completed }
        if completed.status == .paused, let resumed = resumeIfAnswered(completed) { return resumed }
        if completed.status.isCompleted { resumeParentWaiting(on: completed) }
        return completed
    }

    /// Prepares, records and runs: the synchronous `squall run`. `materializingResult: false`
    /// returns a big action result as its text (see `execute`), for a caller that prints it from the text.
    public func run(_ request: ExecutionRequest, materializingResult: Bool = true) throws -> Execution {
        let (prepared, recorded) = try prepareAndRecord(request)
        return execute(prepared, recorded: recorded, materializingResult: materializingResult)
    }

    /// Checks and records `request` (audited): what every synchronous run does before it runs.
    func prepareAndRecord(_ request: ExecutionRequest) throws -> (PreparedExecution, Execution) {
        try audited(Self.auditAction(request), target: request.actionRef, quietFailure: true, detail: { Self.auditDetail($0.1) }) {
            let prepared = try prepare(request)
            return (prepared, try record(prepared))
        }
    }

    private func childStarted(_ id: String, pid: Int32) {
        let updated = update(id) { $0.context["child_pid"] = .int(Int(pid)) }
        if updated?.status == .canceling { kill(-pid, SIGKILL) }
    }

    // MARK: - Record updates

    /// Applies `change` to the stored record in one store transaction (another process, a cancel,
    /// may change it at any moment) and returns the record as stored. A change that would move a
    /// completed execution is refused by the store and the stored record returned; any other store
    /// failure is logged and gives nil.
    @discardableResult
    func update(_ id: String, _ change: (inout Execution) -> Void) -> Execution? {
        do {
            return try updateOrThrow(id, change)
        } catch {
            logger.error("execution record not updated", metadata: ["execution": "\(id)", "reason": "\(error)"])
            return nil
        }
    }

    /// `update`, with the store's failure thrown rather than logged.
    func updateOrThrow(_ id: String, _ change: (inout Execution) -> Void) throws -> Execution {
        do {
            return try executionUpdates.update(id: id, change, in: store)
        } catch let error as StoreError where error.kind == .alreadyCompleted {
            guard let stored = try store.execution(id: id) else { throw error }
            return stored
        }
    }

    /// Moves to `status` (logging the transition) unless the record was canceled meanwhile: a
    /// `canceling` one ends `canceled`, a completed one stays as it is.
    @discardableResult
    func transition(_ id: String, to status: ExecutionStatus, _ change: (inout Execution) -> Void = { _ in }) -> Execution? {
        do {
            return try transitionOrThrow(id, to: status, change)
        } catch {
            logger.error("execution record not updated", metadata: ["execution": "\(id)", "reason": "\(error)"])
            return nil
        }
    }

    /// `transition`, with the store's failure thrown rather than logged.
    func transitionOrThrow(_ id: String, to status: ExecutionStatus, _ change: (inout Execution) -> Void = { _ in }) throws -> Execution {
        try updateOrThrow(id) { execution in
            guard !execution.status.isCompleted else { return }
            if execution.status != .canceling {
                execution.status = status
            } else if status.isCompleted {
                execution.status = .canceled
            }
            execution.log.append(StatusTransition(status: execution.status, timestamp: Date()))
            change(&execution)
        }
    }
}
