import SquallModel

/// A conductor's state as parts that a runner saves one by one: a small header rewritten at each
/// event, plus one part per task instance, item result, outstanding request, task name and
/// terminal context, each saved when an event changed it (`takeParts`). So a save costs what the
/// event touched, not the whole run so far (a whole `ConductorSnapshot` per event grew with
/// every task). Restoring assembles the snapshot again.
///
/// Keys: `input`, `instance:I`, `items:I`, `item:I:K`, `request:ID`, `task:NAME`, `terminal:N`,
/// `terminal_published:N` (other keys are the runner's, ignored here).
public struct ConductorParts: Sendable {
    /// Status, errors, output and counters: rewritten at every save.
    public var header: JSONValue
    public var upserted: [String: JSONValue]
    public var removed: Set<String>
}

/// What changed in a conductor since its parts were last taken. Instances from `savedInstances`
/// on are new (written whole); an older instance changes only when one of its requests completes.
struct PartJournal: Sendable {
    struct Item: Hashable, Sendable { var instance: Int; var item: Int }
    var instances: Set<Int> = []
    var itemResults: Set<Item> = []
    /// Names whose join, status, route or latest instance changed (beyond those of changed instances).
    var names: Set<String> = []
    var requests: Set<Int> = []
    var savedInstances = 0
    var savedTerminals = 0
    var input = true
}

extension Conductor {
    /// The header and the parts changed since the last call (every part when `all`: the first
    /// save of a run, whose store may hold parts of another conductor).
    public mutating func takeParts(all: Bool) -> ConductorParts {
        defer {
            journal = PartJournal(savedInstances: instances.count, savedTerminals: terminalContexts.count, input: false)
        }
        var upserted: [String: JSONValue] = [:]
        var removed: Set<String> = []
        if all || journal.input {
            upserted["input"] = ["initial_context": .object(initialContext), "supplied_input": .object(suppliedInput)]
        }
        let newInstances = all ? 0 : journal.savedInstances
        var names = all ? Set(routes.keys).union(taskStatuses.keys).union(joins.keys).union(latestTasks.keys) : journal.names
        for index in newInstances..<instances.count {
            let instance = instances[index]
            upserted["instance:\(index)"] = instance.partJSON
            if let items = instance.items { upserted["items:\(index)"] = .array(items) }
            for (item, result) in instance.itemResults.enumerated() {
                if let result { upserted["item:\(index):\(item)"] = result }
            }
            names.insert(instance.name)
        }
        for index in journal.instances where index < newInstances {
            upserted["instance:\(index)"] = instances[index].partJSON
            names.insert(instances[index].name)
        }
        for key in journal.itemResults where key.instance < newInstances {
            if let result = instances[key.instance].itemResults[key.item] { upserted["item:\(key.instance):\(key.item)"] = result }
        }
        for name in names { upserted["task:\(name)"] = taskPart(name) }
        if all {
            for (id, request) in requests { upserted["request:\(id)"] = [.int(request.instance), request.item.map(JSONValue.int) ?? .null] }
        } else {
            for id in journal.requests {
                if let request = requests[id] {
                    upserted["request:\(id)"] = [.int(request.instance), request.item.map(JSONValue.int) ?? .null]
                } else {
                    removed.insert("request:\(id)")
                }
            }
        }
        for index in (all ? 0 : journal.savedTerminals)..<terminalContexts.count {
            upserted["terminal:\(index)"] = .object(terminalContexts[index])
            if index < terminalPublished.count, let published = terminalPublished[index] {
                upserted["terminal_published:\(index)"] = .object(published)
            }
        }
        let header: JSONValue = [
            "status": .string(status.rawValue), "errors": .array(errors), "output": output, "failing": .bool(failing),
            "next_request_id": .int(nextRequestID),
            "ended_without_action": .array(endedWithoutAction.map { [.int($0.index), $0.result] }),
        ]
        return ConductorParts(header: header, upserted: upserted, removed: removed)
    }

    private func taskPart(_ name: String) -> JSONValue {
        var part: [String: JSONValue] = [:]
        if let status = taskStatuses[name] { part["status"] = .string(status) }
        if let route = routes[name] { part["route"] = .int(route) }
        if let latest = latestTasks[name] { part["latest"] = ["route": .int(latest.route), "result": latest.result] }
        if let join = joins[name] {
            var saved: [String: JSONValue] = ["arrivals": .int(join.arrivals), "context": .object(join.context)]
            if let published = joinPublished[name] { saved["published"] = .object(published) }
            part["join"] = .object(saved)
        }
        return .object(part)
    }
}

extension ConductorSnapshot {
    /// The snapshot that `header` and `parts` (from `Conductor.takeParts`, all saves applied) describe.
    public init(header: JSONValue, parts: [String: JSONValue]) throws {
        func bad(_ what: String) -> PartsError { PartsError(description: "saved workflow state: \(what)") }
        guard let status = header["status"]?.stringValue.flatMap(WorkflowStatus.init(rawValue:)),
              let nextRequestID = header["next_request_id"]?.intValue, let failing = header["failing"]?.boolValue,
              let input = parts["input"]?.objectValue else { throw bad("the header or input is missing") }
        var instances: [Int: Conductor.TaskInstance] = [:]
        var items: [Int: [JSONValue]] = [:]
        var itemResults: [(instance: Int, item: Int, result: JSONValue)] = []
        var requests: [Request] = []
        var terminals: [Int: [String: JSONValue]] = [:]
        var terminalPublished: [Int: [String: JSONValue]] = [:]
        var taskStatuses: [String: String] = [:], routes: [String: Int] = [:], latestTasks: [String: LatestTask] = [:]
        var joins: [Join] = []
        for (key, value) in parts {
            let pieces = key.split(separator: ":", maxSplits: 1).map(String.init)
            guard pieces.count == 2 else { continue }
            let name = pieces[1], number = Int(name)
            switch pieces[0] {
            case "instance":
                guard let number, let instance = Conductor.TaskInstance(part: value) else { throw bad("\(key) is not a task instance") }
                instances[number] = instance
            case "items":
                guard let number, let list = value.arrayValue else { throw bad("\(key) is not a list") }
                items[number] = list
            case "item":
                let numbers = name.split(separator: ":").compactMap { Int($0) }
                guard numbers.count == 2 else { throw bad("\(key) names no item") }
                itemResults.append((numbers[0], numbers[1], value))
            case "request":
                guard let number, let pair = value.arrayValue, pair.count == 2, let instance = pair[0].intValue else {
                    throw bad("\(key) is not a request")
                }
                requests.append(Request(id: number, instance: instance, item: pair[1].intValue))
            case "terminal":
                guard let number, let context = value.objectValue else { throw bad("\(key) is not a context") }
                terminals[number] = context
            case "terminal_published":
                guard let number, let published = value.objectValue else { throw bad("\(key) is not a context") }
                terminalPublished[number] = published
            case "task":
                if let status = value["status"]?.stringValue { taskStatuses[name] = status }
                if let route = value["route"]?.intValue { routes[name] = route }
                if let latest = value["latest"], let route = latest["route"]?.intValue {
                    latestTasks[name] = LatestTask(route: route, result: latest["result"] ?? .null)
                }
                if let join = value["join"], let arrivals = join["arrivals"]?.intValue {
                    joins.append(Join(task: name, arrivals: arrivals, context: join["context"]?.objectValue ?? [:],
                                      published: join["published"]?.objectValue))
                }
            default: continue
            }
        }
        guard instances.keys.sorted() == Array(0..<instances.count), terminals.keys.sorted() == Array(0..<terminals.count) else {
            throw bad("task instances or terminal contexts are missing")
        }
        for (index, list) in items {
            guard instances[index] != nil else { throw bad("items:\(index) belong to no task instance") }
            instances[index]!.items = list
            instances[index]!.itemResults = Array(repeating: nil, count: list.count)
        }
        for (index, item, result) in itemResults {
            guard let count = instances[index]?.itemResults.count, item < count else { throw bad("item:\(index):\(item) belongs to no item") }
            instances[index]!.itemResults[item] = result
        }
        let ended = try (header["ended_without_action"]?.arrayValue ?? []).map { entry -> Ended in
            guard let pair = entry.arrayValue, pair.count == 2, let index = pair[0].intValue else { throw bad("a task ended without action is unreadable") }
            return Ended(index: index, result: pair[1])
        }
        self.init(status: status, errors: header["errors"]?.arrayValue ?? [], output: header["output"] ?? .null,
                  initialContext: input["initial_context"]?.objectValue ?? [:], suppliedInput: input["supplied_input"]?.objectValue ?? [:],
                  instances: (0..<instances.count).map { instances[$0]! }, requests: requests.sorted { $0.id < $1.id },
                  nextRequestID: nextRequestID, joins: joins.sorted { $0.task < $1.task }, taskStatuses: taskStatuses,
                  failing: failing, terminalContexts: (0..<terminals.count).map { terminals[$0]! }, routes: routes,
                  endedWithoutAction: ended, latestTasks: latestTasks,
                  terminalPublished: (0..<terminals.count).map { terminalPublished[$0] })
    }
}

/// Saved parts that do not make a conductor's state (a damaged store).
public struct PartsError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

extension Conductor.TaskInstance {
    /// The instance without its items and their results (parts of their own: a with-items task
    /// would otherwise rewrite every result at each item's completion).
    var partJSON: JSONValue {
        var part: [String: JSONValue] = ["name": .string(name), "route": .int(route), "context": .object(context),
                                         "attempts": .int(attempts), "next_item": .int(nextItem), "in_flight": .int(inFlight)]
        if concurrency != Int.max { part["concurrency"] = .int(concurrency) }
        if let failedItemResult { part["failed_item_result"] = failedItemResult }
        if let failedItems { part["failed_items"] = .array(failedItems.map(JSONValue.int)) }
        if let keptItems { part["kept_items"] = .array(keptItems.sorted().map(JSONValue.int)) }
        if let routePath { part["route_path"] = .array(routePath.map(JSONValue.string)) }
        if let published { part["published"] = .object(published) }
        return .object(part)
    }

    init?(part: JSONValue) {
        guard let name = part["name"]?.stringValue, let route = part["route"]?.intValue, let context = part["context"]?.objectValue,
              let attempts = part["attempts"]?.intValue, let nextItem = part["next_item"]?.intValue,
              let inFlight = part["in_flight"]?.intValue else { return nil }
        self.init(name: name, route: route, context: context, attempts: attempts)
        self.nextItem = nextItem
        self.inFlight = inFlight
        concurrency = part["concurrency"]?.intValue ?? Int.max
        failedItemResult = part["failed_item_result"]
        failedItems = part["failed_items"]?.arrayValue?.compactMap(\.intValue)
        keptItems = part["kept_items"]?.arrayValue.map { Set($0.compactMap(\.intValue)) }
        routePath = part["route_path"]?.arrayValue?.compactMap(\.stringValue)
        published = part["published"]?.objectValue
    }
}
