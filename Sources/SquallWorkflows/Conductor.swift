import SquallModel

/// One action execution the conductor wants started.
public struct TaskRequest: Sendable, Equatable, Codable {
    /// The conductor's handle for this request: pass it back to `complete`.
    public let id: Int
    public let taskName: String
    /// Which instance of the task: 0, then 1, 2... when branches reach it separately (a split).
    public let route: Int
    /// The item's index, for with-items tasks.
    public let itemID: Int?
    public let action: String
    public let input: [String: JSONValue]
    /// Seconds to wait before starting (the task's `delay`, or the retry's).
    public let delaySeconds: Double
}

public enum WorkflowStatus: String, Sendable, Codable {
    case running, succeeded, failed
}

/// Orquesta's conductor as a pure state machine: given the workflow, its input and the completions
/// of the actions it asked for, it says which actions to start next, and ends with the workflow's
/// status, output and st2's error entries. No threads and no I/O: the runner drives it.
public struct Conductor: Sendable {
    /// Bounds on one workflow, so a loop or a huge item list fails it with a clear error.
    public struct Limits: Sendable {
        /// Task instances (each pass of a loop is one), actions or not.
        public var maxTasks: Int
        /// Items of one with-items task.
        public var maxItems: Int
        public init(maxTasks: Int = 100_000, maxItems: Int = 100_000) {
            self.maxTasks = maxTasks; self.maxItems = maxItems
        }
    }

    public let spec: WorkflowSpec
    /// `spec.inboundCounts()`, counted once.
    let inbound: [String: Int]
    public let limits: Limits
    let expressions: WorkflowExpressions
    public internal(set) var status: WorkflowStatus = .running
    public internal(set) var errors: [JSONValue] = []
    public internal(set) var output: JSONValue = .null
    /// The context every start task gets: inputs and vars.
    public internal(set) var initialContext: [String: JSONValue] = [:]

    var suppliedInput: [String: JSONValue]
    /// What the host puts in the initial context before inputs and vars: st2's `st2` (ids, user,
    /// API URL) and `parent` (WorkflowSt2Context), as orquesta's conductor takes st2's context.
    let hostContext: [String: JSONValue]
    var instances: [TaskInstance] = []
    var requests: [Int: (instance: Int, item: Int?)] = [:]
    var nextRequestID = 0
    var joins: [String: (arrivals: Int, context: [String: JSONValue])] = [:]
    /// What the branches that reached each join so far published (the joined task's `published`).
    var joinPublished: [String: [String: JSONValue]] = [:]
    var taskStatuses: [String: String] = [:]
    var failing = false
    var terminalContexts: [[String: JSONValue]] = []
    /// What the path to each terminal context published (nil: saved before this was kept).
    var terminalPublished: [[String: JSONValue]?] = []
    var routes: [String: Int] = [:]
    /// Each route's transitions from the start (`Conductor+Routes`), derived from the instances.
    var routePaths: [Int: [String]] = [0: []]
    /// Each task's latest instance, for the `task(name)` function.
    var latestTasks: [String: LatestTask] = [:]
    /// Tasks that ended without an action (none, or an empty item list), finished by `drain`
    /// in a loop: finishing them from `launch` would recurse once per pass of a loop.
    var endedWithoutAction: [(index: Int, result: JSONValue)] = []
    /// What changed since the runner last saved (`takeParts`).
    var journal = PartJournal()

    struct TaskInstance: Codable, Equatable {
        var name: String
        var route: Int
        var context: [String: JSONValue]
        var attempts = 0
        var items: [JSONValue]? = nil
        var itemResults: [JSONValue?] = []
        var nextItem = 0
        var inFlight = 0
        var concurrency = Int.max
        var failedItemResult: JSONValue? = nil
        /// Items that failed: a re-run without reset runs these (and those never started) again.
        var failedItems: [Int]? = nil
        /// Items a re-run without reset keeps from the failed run: not started again.
        var keptItems: Set<Int>? = nil
        /// The transitions its route has passed (nil: none, or saved before routes had them).
        var routePath: [String]? = nil
        /// What the transitions on its path published, merged in order (orquesta's published
        /// contexts): a publish counts even when it equals the initial value. Nil in a state saved
        /// before this was kept (then told from the context's differences from the initial one).
        var published: [String: JSONValue]? = nil
    }

    public init(spec: WorkflowSpec, input: [String: JSONValue], expressions: WorkflowExpressions = WorkflowExpressions(),
                limits: Limits = Limits(), hostContext: [String: JSONValue] = [:]) {
        self.spec = spec
        self.inbound = spec.inboundCounts()
        self.limits = limits
        self.suppliedInput = input
        self.hostContext = hostContext
        self.expressions = expressions
    }

    /// st2's result: `{"output": ...}`, with `errors` when the workflow failed.
    public var result: JSONValue {
        var object: [String: JSONValue] = ["output": output]
        if status == .failed { object["errors"] = .array(errors) }
        return .object(object)
    }

    // MARK: - Events

    /// Evaluates inputs and vars, and starts the tasks nothing leads to.
    public mutating func start() -> [TaskRequest] {
        var context = hostContext
        do {
            for (name, defaultValue) in spec.input {
                if let given = suppliedInput[name] { context[name] = given }
                else if let defaultValue { context[name] = try expressions.evaluate(defaultValue, in: scope(context)) }
                else { context[name] = .null }
            }
            for (name, value) in spec.vars { context[name] = try expressions.evaluate(value, in: scope(context)) }
        } catch {
            errors.append(["type": "error", "message": .string("\(error)")])
            status = .failed
            return []
        }
        initialContext = context
        journal.input = true
        var started: [TaskRequest] = []
        for name in spec.startTasks { started += schedule(name, context: context, published: [:]) }
        started += drain()
        finishIfIdle()
        return started
    }

    /// An action the conductor asked for ended. Returns the actions to start next.
    public mutating func complete(_ requestID: Int, succeeded: Bool, result: JSONValue) -> [TaskRequest] {
        guard status == .running, let (index, item) = requests.removeValue(forKey: requestID) else { return [] }
        journal.requests.insert(requestID)
        var started: [TaskRequest] = []
        if let item {
            journal.instances.insert(index)
            journal.itemResults.insert(.init(instance: index, item: item))
            instances[index].itemResults[item] = result
            instances[index].inFlight -= 1
            if !succeeded {
                if instances[index].failedItemResult == nil { instances[index].failedItemResult = result }
                instances[index].failedItems = (instances[index].failedItems ?? []) + [item]
            }
            started += startItems(index)
            let instance = instances[index]
            if instance.inFlight == 0 && (instance.nextItem >= instance.items!.count || instance.failedItemResult != nil) {
                let results = JSONValue.array(instance.itemResults.compactMap { $0 })
                started += finishTask(index, succeeded: instance.failedItemResult == nil, result: results,
                                      errorResult: instance.failedItemResult)
            }
        } else if !succeeded, let retried = retry(index, result: result) {
            journal.instances.insert(index)
            started.append(retried)
        } else {
            // A succeeded instance is as it was saved: its status and result are its task's part
            // (rewriting the instance, context and all, was a part per task for nothing). A failed
            // one may have counted a retry whose request did not render.
            if succeeded { journal.names.insert(instances[index].name) } else { journal.instances.insert(index) }
            started += finishTask(index, succeeded: succeeded, result: result, errorResult: result)
        }
        started += drain()
        finishIfIdle()
        return started
    }

    // MARK: - Scheduling

    private mutating func schedule(_ name: String, context: [String: JSONValue], published: [String: JSONValue],
                                   from: Int? = nil, transition: Int = 0) -> [TaskRequest] {
        guard !failing, let task = spec.tasks[name] else { return [] }
        journal.names.insert(name)
        var context = context
        var published = published
        if let join = task.join {
            var state = joins[name] ?? (0, [:])
            // Orquesta merges the first arrival's whole context, then only what each later branch
            // published, so a later branch's untouched copy of a var does not undo an earlier
            // branch's publish (and a re-publish of the initial value does).
            state.context = state.arrivals == 0 ? context : ContextMerge.merging(state.context, published)
            if state.arrivals >= 0 { joinPublished[name] = ContextMerge.merging(joinPublished[name] ?? [:], published) }
            state.arrivals += 1
            let needed: Int
            switch join {
            case .all: needed = spec.inboundCount(name)
            case .count(let count): needed = count
            }
            guard state.arrivals >= needed else { joins[name] = state; return [] }
            joins[name] = (Int.min, [:])  // fired: later arrivals start nothing
            published = joinPublished.removeValue(forKey: name) ?? published
            if state.arrivals > needed { return [] }
            context = state.context
        }
        guard instances.count < limits.maxTasks else {
            errors.append(["type": "error", "message": .string("The workflow ran \(limits.maxTasks) tasks, its limit (a loop without end?); it is stopped.")])
            failing = true
            return []
        }
        let (route, path) = self.route(of: name, from: from, transition: transition)
        routes[name] = routes[name, default: 0] + 1
        if routePaths[route] == nil { routePaths[route] = path }
        instances.append(TaskInstance(name: name, route: route, context: context, routePath: path.isEmpty ? nil : path, published: published))
        noteLatest(instances.count - 1)
        return launch(instances.count - 1)
    }

    mutating func launch(_ index: Int) -> [TaskRequest] {
        let task = spec.tasks[instances[index].name]!
        guard task.action != nil else {
            endedWithoutAction.append((index, .null))
            return []
        }
        if let with = task.with {
            do {
                let lists = try with.lists.map { try expressions.evaluate(.string($0), in: scope(instances[index].context)) }
                let items: [JSONValue]
                if lists.count == 1 {
                    guard case .array(let values) = lists[0] else { throw ExpressionError(message: "The value of \"with\" items is not a list.") }
                    items = values
                } else {
                    let arrays = try lists.map { list -> [JSONValue] in
                        guard case .array(let values) = list else { throw ExpressionError(message: "The value of \"with\" items is not a list.") }
                        return values
                    }
                    let count = arrays.map(\.count).min() ?? 0
                    items = (0..<count).map { i in .array(arrays.map { $0[i] }) }
                }
                guard items.count <= limits.maxItems else {
                    throw ExpressionError(message: "The task has \(items.count) items, more than the limit of \(limits.maxItems).")
                }
                instances[index].items = items
                instances[index].itemResults = Array(repeating: nil, count: items.count)
                if let limit = with.concurrency {
                    let value = try expressions.evaluate(limit, in: scope(instances[index].context))
                    if let n = value.intValue, n > 0 { instances[index].concurrency = n }
                }
            } catch {
                return taskExpressionFailed(index, error)
            }
            if instances[index].items!.isEmpty {
                endedWithoutAction.append((index, .array([])))
                return []
            }
            return startItems(index)
        }
        guard let request = makeRequest(index, item: nil) else { return [] }
        return [request]
    }

    mutating func startItems(_ index: Int) -> [TaskRequest] {
        var started: [TaskRequest] = []
        while !failing, instances[index].failedItemResult == nil, let items = instances[index].items,
              instances[index].nextItem < items.count, instances[index].inFlight < instances[index].concurrency {
            let item = instances[index].nextItem
            instances[index].nextItem += 1
            if instances[index].keptItems?.contains(item) == true { continue }
            guard let request = makeRequest(index, item: item) else { return started }
            instances[index].inFlight += 1
            started.append(request)
        }
        return started
    }

    /// Renders the task's action and input; on an expression error the task and workflow fail.
    private mutating func makeRequest(_ index: Int, item: Int?, delay: JSONValue? = nil) -> TaskRequest? {
        let instance = instances[index]
        let task = spec.tasks[instance.name]!
        do {
            let rendered = try renderAction(index, item: item)
            let delayValue = try (delay ?? task.delay).map { try expressions.evaluate($0, in: rendered.scope) }
            let id = nextRequestID
            nextRequestID += 1
            requests[id] = (index, item)
            journal.requests.insert(id)
            taskStatuses[instance.name] = "running"
            return TaskRequest(id: id, taskName: instance.name, route: instance.route, itemID: item,
                               action: rendered.action, input: rendered.input, delaySeconds: delayValue?.doubleValue ?? 0)
        } catch {
            _ = taskExpressionFailed(index, error)
            return nil
        }
    }

    /// The task's action and input for one instance (and item), rendered in its context.
    func renderAction(_ index: Int, item: Int?) throws -> (action: String, input: [String: JSONValue], scope: ExpressionScope) {
        let instance = instances[index]
        let task = spec.tasks[instance.name]!
        var itemScope = scope(instance.context)
        // As st2 renders a task: task() without a name is this task, on its route.
        itemScope.currentTask = instance.name
        itemScope.currentRoute = instance.route
        if let item, let items = instance.items {
            itemScope.item = items[item]
            itemScope.itemNames = task.with?.names ?? []
        }
        let action = try expressions.evaluate(.string(task.action!), in: itemScope)
        let input = try expressions.evaluate(.object(task.input), in: itemScope)
        return (action.stringValue ?? PythonStr.str(action), input.objectValue ?? [:], itemScope)
    }

    private mutating func taskExpressionFailed(_ index: Int, _ error: Error) -> [TaskRequest] {
        let instance = instances[index]
        errors.append(["type": "error", "message": .string("\(error)"), "task_id": .string(instance.name), "route": .int(instance.route)])
        taskStatuses[instance.name] = "failed"
        failing = true
        return []
    }

    /// `retry: {count, delay, when}`: another attempt while attempts remain and `when` holds.
    private mutating func retry(_ index: Int, result: JSONValue) -> TaskRequest? {
        guard !failing, let retry = spec.tasks[instances[index].name]!.retry else { return nil }
        let count = (try? expressions.evaluate(retry.count, in: scope(instances[index].context)))?.intValue ?? 0
        guard instances[index].attempts < count else { return nil }
        if let when = retry.when {
            var whenScope = scope(instances[index].context)
            whenScope.result = result
            whenScope.currentTaskStatus = "failed"
            whenScope.currentTask = instances[index].name
            whenScope.currentRoute = instances[index].route
            guard (try? expressions.condition(when, in: whenScope)) == true else { return nil }
        }
        instances[index].attempts += 1
        return makeRequest(index, item: nil, delay: retry.delay ?? .int(0))
    }

    // MARK: - Transitions

    private mutating func finishTask(_ index: Int, succeeded: Bool, result: JSONValue, errorResult: JSONValue?) -> [TaskRequest] {
        let instance = instances[index]
        let task = spec.tasks[instance.name]!
        let statusText = succeeded ? "succeeded" : "failed"
        taskStatuses[instance.name] = statusText
        noteLatest(index, result: Self.taskFunctionResult(instance, result))
        if !succeeded {
            // Orquesta logs every failed action as it arrives, before its transitions and whether
            // or not they remediate it (st2's `remediate-then-fail`: this entry, then fail's).
            var entry: [String: JSONValue] = ["type": "error", "message": "Execution failed. See result for details.",
                                              "task_id": .string(instance.name)]
            if let errorResult { entry["result"] = errorResult }
            errors.append(.object(entry))
        }
        let ownPublished = instance.published ?? ContextMerge.published(instance.context, since: initialContext)
        var remediated = false
        var leadsToTask = false
        var endsHere = false
        var started: [TaskRequest] = []
        var failCommand = false
        for (number, transition) in task.next.enumerated() {
            let transitionID = "\(transition.targets.first ?? "continue")__t\(number)"
            var transitionScope = scope(instance.context)
            transitionScope.result = result
            transitionScope.currentTaskStatus = statusText
            transitionScope.currentTask = instance.name
            transitionScope.currentRoute = instance.route
            // As orquesta: each transition starts from the task's own context (not from what an
            // earlier transition published); inside one publish list a name is replaced, and the
            // targets get the published layer merged deeply over the task's context.
            var transitionContext = instance.context
            var transitionPublished = ownPublished
            do {
                if let when = transition.when, !(try expressions.condition(when, in: transitionScope)) { continue }
                var layer: [String: JSONValue] = [:]
                var rolling = instance.context
                for (name, value) in transition.publish {
                    transitionScope.context = rolling
                    let evaluated = try expressions.evaluate(value, in: transitionScope)
                    rolling[name] = evaluated
                    layer[name] = evaluated
                }
                if !layer.isEmpty {
                    transitionContext = ContextMerge.merging(instance.context, layer)
                    transitionPublished = ContextMerge.merging(ownPublished, layer)
                }
            } catch {
                errors.append(["type": "error", "message": .string("\(error)"), "task_id": .string(instance.name),
                               "route": .int(instance.route), "task_transition_id": .string(transitionID)])
                failing = true
                appendTerminal(instance.context, published: ownPublished)
                return started
            }
            // Orquesta stages an engine command (or `continue`, for a transition without `do`)
            // like a task with no transitions: a terminal task holding this transition's context.
            var toCommand = transition.targets.isEmpty
            for target in transition.targets {
                switch EngineCommand(rawValue: target) {
                case .noop?: remediated = true; toCommand = true
                case .fail?: failCommand = true; toCommand = true
                case .continue?: toCommand = true
                case .retry?: break
                case nil:
                    remediated = true
                    leadsToTask = true
                    started += schedule(target, context: transitionContext, published: transitionPublished,
                                        from: index, transition: number)
                }
            }
            if toCommand {
                endsHere = true
                appendTerminal(transitionContext, published: transitionPublished)
            }
        }
        if failCommand {
            errors.append(["type": "error", "message": "Execution failed. See result for details.", "task_id": "fail"])
            failing = true
        }
        if !succeeded && !remediated { failing = true }
        if !leadsToTask && !endsHere { appendTerminal(instance.context, published: ownPublished) }
        return started
    }

    private mutating func appendTerminal(_ context: [String: JSONValue], published: [String: JSONValue]) {
        terminalContexts.append(context)
        terminalPublished.append(published)
    }

    mutating func drain() -> [TaskRequest] {
        var started: [TaskRequest] = []
        while !endedWithoutAction.isEmpty {
            let (index, result) = endedWithoutAction.removeFirst()
            started += finishTask(index, succeeded: true, result: result, errorResult: nil)
        }
        return started
    }

    // MARK: - The end

    mutating func finishIfIdle() {
        guard status == .running, requests.isEmpty else { return }
        // No terminal task (the start task failed to render): orquesta renders the output in an
        // empty context, so it fails too (st2's `orquesta-fail-start-task`).
        var context = terminalContexts.isEmpty ? [:] : initialContext
        for (number, terminal) in terminalContexts.enumerated() {
            // As orquesta: the first terminal task's context whole, then what each other one published.
            let published = number < terminalPublished.count ? terminalPublished[number] : nil
            context = ContextMerge.merging(context, number == 0 ? terminal : published ?? ContextMerge.published(terminal, since: initialContext))
        }
        if let outputSpec = spec.output {
            var rendered: [String: JSONValue] = [:]
            var failedOutput = false
            for (name, value) in outputSpec {
                do {
                    let result = try expressions.evaluate(value, in: scope(context))
                    rendered[name] = result
                    context[name] = result
                } catch {
                    errors.append(["type": "error", "message": .string("\(error)")])
                    failedOutput = true
                }
            }
            output = failedOutput ? .null : .object(rendered)
            if failedOutput { failing = true }
        }
        status = failing ? .failed : .succeeded
    }

    func scope(_ context: [String: JSONValue]) -> ExpressionScope {
        var scope = ExpressionScope(context: context, taskStatuses: taskStatuses)
        scope.latestTasks = latestTasks
        scope.routePaths = routePaths
        return scope
    }
}
