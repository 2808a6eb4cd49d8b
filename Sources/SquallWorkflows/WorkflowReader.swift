import SquallModel

/// Reads a parsed workflow YAML document into a `WorkflowSpec`. Every shape problem is an
/// orquesta `syntax` error naming the spec path; all of them are reported, not just the first.
public enum WorkflowReader {
    public static func read(_ document: JSONValue) throws(InspectionErrors) -> WorkflowSpec {
        let (spec, errors) = readPartially(document)
        guard let spec, errors.isEmpty else { throw InspectionErrors(errors: errors) }
        return spec
    }

    /// The spec with every part that has the right shape (a part that has not is left out), and
    /// the syntax errors: so inspection can go on and report everything at once, as orquesta does.
    public static func readPartially(_ document: JSONValue) -> (spec: WorkflowSpec?, errors: [InspectionError]) {
        var errors: [InspectionError] = []
        guard case .object(let root) = document else {
            return (nil, [.syntax("The workflow definition is not a mapping.", at: "")])
        }
        let known: Set<String> = ["version", "description", "input", "vars", "tasks", "output"]
        for key in root.keys.sorted() where !known.contains(key) {
            errors.append(.syntax("Additional properties are not allowed ('\(key)' was unexpected)", at: key, schema: "additionalProperties"))
        }
        switch root["version"] {
        case .double(1.0)?, .int(1)?, .string("1.0")?: break
        default: errors.append(.syntax("The version of the workflow definition must be 1.0.", at: "version", schema: "properties.version"))
        }
        let input = readInput(root["input"], errors: &errors)
        let vars = readPairs(root["vars"], path: "vars", errors: &errors) ?? []
        let output = readPairs(root["output"], path: "output", errors: &errors)
        var tasks: [String: TaskSpec] = [:]
        var order: [String] = []
        switch root["tasks"] {
        case .object(let entries)?:
            for (name, body) in entries {
                if let task = readTask(name, body, errors: &errors) { tasks[name] = task }
            }
            order = root["tasks"].flatMap(orderedKeys) ?? tasks.keys.sorted()
        case nil:
            errors.append(.syntax("'tasks' is a required property", at: "", schema: "required"))
        default:
            errors.append(.syntax("'tasks' must be a mapping of task names to tasks.", at: "tasks", schema: "properties.tasks"))
        }
        return (WorkflowSpec(description: root["description"]?.stringValue, input: input, vars: vars,
                             tasks: tasks, taskOrder: order, output: output), errors)
    }

    /// JSON objects lose the file order; sorted names keep messages and start order stable.
    private static func orderedKeys(_ value: JSONValue) -> [String]? {
        value.objectValue.map { $0.keys.sorted() }
    }

    private static func readInput(_ value: JSONValue?, errors: inout [InspectionError]) -> [(String, JSONValue?)] {
        guard let value, !value.isNull else { return [] }
        guard case .array(let items) = value else {
            errors.append(.syntax("'input' must be a list of names or {name: default}.", at: "input", schema: "properties.input"))
            return []
        }
        var result: [(String, JSONValue?)] = []
        for (index, item) in items.enumerated() {
            switch item {
            case .string(let name): result.append((name, nil))
            case .object(let pair) where pair.count == 1: result.append((pair.keys.first!, pair.values.first!))
            default: errors.append(.syntax("Each input must be a name or {name: default}.", at: "input[\(index)]", schema: "properties.input"))
            }
        }
        return result
    }

    /// `vars`, `output` and `publish`: a list of one-key mappings, or one mapping.
    static func readPairs(_ value: JSONValue?, path: String, errors: inout [InspectionError]) -> [(String, JSONValue)]? {
        guard let value, !value.isNull else { return nil }
        switch value {
        case .object(let pairs):
            return pairs.keys.sorted().map { ($0, pairs[$0]!) }
        case .array(let items):
            var result: [(String, JSONValue)] = []
            for (index, item) in items.enumerated() {
                guard case .object(let pair) = item, !pair.isEmpty else {
                    errors.append(.syntax("Each entry must be a {name: value} mapping.", at: "\(path)[\(index)]"))
                    continue
                }
                for key in pair.keys.sorted() { result.append((key, pair[key]!)) }
            }
            return result
        case .string(let text):
            // Inline `name=<% expr %>` pairs, as in `publish: x=<% result() %>`.
            return InlineParameters.parse(text).map { ($0.name, $0.value) }
        default:
            errors.append(.syntax("'\(path)' must be a list of {name: value} mappings.", at: path))
            return nil
        }
    }

    private static func readTask(_ name: String, _ body: JSONValue, errors: inout [InspectionError]) -> TaskSpec? {
        let path = "tasks.\(name)"
        guard case .object(let object) = body.isNull ? .object([:]) : body else {
            errors.append(.syntax("Task '\(name)' must be a mapping.", at: path, schema: InspectionError.taskSchema))
            return nil
        }
        let known: Set<String> = ["action", "input", "next", "join", "with", "retry", "delay"]
        for key in object.keys.sorted() where !known.contains(key) {
            errors.append(.syntax("Additional properties are not allowed ('\(key)' was unexpected)", at: path,
                                  schema: InspectionError.taskSchema + ".additionalProperties"))
        }
        var task = TaskSpec(name: name, action: nil, input: [:], next: [], join: nil, with: nil, retry: nil, delay: object["delay"])
        if let action = object["action"] {
            guard case .string(let text) = action else {
                errors.append(.syntax("'action' must be a string.", at: path + ".action"))
                return nil
            }
            let (ref, rest) = InlineParameters.splitAction(text)
            task.action = ref
            for parameter in InlineParameters.parse(rest) { task.input[parameter.name] = parameter.value }
        }
        switch object["input"] {
        case .object(let input)?: task.input.merge(input) { _, explicit in explicit }
        case nil, .null?: break
        case let other?:
            // jsonschema's words for a value that fits none of input's schemas (orquesta's oneOf).
            errors.append(.syntax("\(PythonStr.str(other)) is not valid under any of the given schemas", at: path + ".input",
                                  schema: InspectionError.taskSchema + ".properties.input.oneOf"))
        }
        switch object["join"] {
        case nil, .null?: break
        case .string("all")?: task.join = .all
        case .int(let count)? where count > 0: task.join = .count(count)
        default: errors.append(.syntax("'join' must be 'all' or a positive count.", at: path + ".join"))
        }
        if let with = object["with"] { task.with = readWith(with, path: path + ".with", errors: &errors) }
        if let retry = object["retry"] {
            if case .object(let spec) = retry {
                task.retry = RetrySpec(count: spec["count"] ?? .int(0), delay: spec["delay"], when: spec["when"]?.stringValue)
            } else {
                errors.append(.syntax("'retry' must be a mapping with count, delay and when.", at: path + ".retry"))
            }
        }
        switch object["next"] {
        case nil, .null?: break
        case .array(let transitions)?:
            for (index, transition) in transitions.enumerated() {
                let at = "\(path).next[\(index)]"
                guard case .object(let spec) = transition else {
                    errors.append(.syntax("Each transition must be a mapping.", at: at))
                    continue
                }
                for key in spec.keys.sorted() where !["when", "publish", "do"].contains(key) {
                    errors.append(.syntax("Additional properties are not allowed ('\(key)' was unexpected)", at: at))
                }
                var targets: [String] = []
                switch spec["do"] {
                case .string(let text)?: targets = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                case .array(let names)?: targets = names.compactMap(\.stringValue)
                case nil, .null?: break
                default: errors.append(.syntax("'do' must be a task name or a list of them.", at: at + ".do"))
                }
                let when: String?
                switch spec["when"] {
                case .string(let text)?: when = text
                case nil, .null?: when = nil
                case let other?: when = other.jsonString()
                }
                let publish = readPairs(spec["publish"], path: at + ".publish", errors: &errors) ?? []
                task.next.append(TransitionSpec(when: when, publish: publish, targets: targets))
            }
        default:
            errors.append(.syntax("'next' must be a list of transitions.", at: path + ".next"))
        }
        return task
    }

    private static func readWith(_ value: JSONValue, path: String, errors: inout [InspectionError]) -> WithItemsSpec? {
        var itemsText: String
        var concurrency: JSONValue?
        switch value {
        case .string(let text): itemsText = text
        case .object(let object):
            guard let text = object["items"]?.stringValue else {
                errors.append(.syntax("'with' needs 'items'.", at: path + ".items"))
                return nil
            }
            itemsText = text
            concurrency = object["concurrency"]
        default:
            errors.append(.syntax("'with' must be an items expression or a mapping.", at: path))
            return nil
        }
        itemsText = itemsText.trimmingCharacters(in: .whitespaces)
        var names: [String] = []
        // `x, y in <% a %>, <% b %>`: the names before " in " are bare words (no expression yet).
        if let range = itemsText.range(of: " in "), !itemsText[..<range.lowerBound].contains("<%"),
           !itemsText[..<range.lowerBound].contains("{{") {
            names = itemsText[..<range.lowerBound].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            itemsText = String(itemsText[range.upperBound...]).trimmingCharacters(in: .whitespaces)
        }
        let lists = ExpressionText.splitTopLevelExpressions(itemsText)
        return WithItemsSpec(names: names, lists: lists, concurrency: concurrency)
    }
}
