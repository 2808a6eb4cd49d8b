import SquallModel
import SquallYAQL

/// What inspection needs to know about an action a task names (from the host's catalog).
public struct ActionSignature: Sendable {
    public var parameters: Set<String>
    public var required: Set<String>
    public init(parameters: Set<String>, required: Set<String>) {
        self.parameters = parameters; self.required = required
    }
}

/// Orquesta's (and st2's) checks before a workflow runs: reserved task names, unknown tasks in
/// `do`, expressions that do not parse, variables read before anything defines them, and (given
/// the catalog) unregistered actions, missing required inputs and undeclared inputs.
public enum WorkflowInspector {
    public static func inspect(_ spec: WorkflowSpec,
                               action lookup: ((String) -> ActionSignature?)? = nil) -> [InspectionError] {
        var errors: [InspectionError] = []
        let taskSchema = InspectionError.taskSchema
        let reserved = Set(EngineCommand.allCases.map(\.rawValue))
        for name in spec.taskOrder {
            guard let task = spec.tasks[name] else { continue }
            if reserved.contains(name) {
                errors.append(InspectionError(type: "semantic", message: "The task name \"\(name)\" is reserved with special function.",
                                              specPath: "tasks.\(name)", schemaPath: "properties.tasks.patternProperties.^\\w+$"))
            }
            for (index, transition) in task.next.enumerated() {
                for target in transition.targets where spec.tasks[target] == nil && !reserved.contains(target) {
                    errors.append(InspectionError(type: "semantic", message: "The task \"\(target)\" is not defined.",
                                                  specPath: "tasks.\(name).next[\(index)].do",
                                                  schemaPath: taskSchema + ".properties.next.items.properties.do"))
                }
            }
        }
        errors += syntaxOfExpressions(spec)
        errors += undefinedVariables(spec)
        if let lookup { errors += actionChecks(spec, lookup) }
        return errors
    }

    /// Every place an expression may appear, with its spec and schema paths.
    static func expressionSites(_ spec: WorkflowSpec) -> [(value: JSONValue, specPath: String, schemaPath: String)] {
        let taskSchema = InspectionError.taskSchema
        var sites: [(JSONValue, String, String)] = []
        for (name, value) in spec.input { if let value { sites.append((value, "input.\(name)", "properties.input")) } }
        for (name, value) in spec.vars { sites.append((value, "vars.\(name)", "properties.vars")) }
        for name in spec.taskOrder {
            guard let task = spec.tasks[name] else { continue }
            if !task.input.isEmpty { sites.append((.object(task.input), "tasks.\(name).input", taskSchema + ".properties.input")) }
            if let with = task.with { sites.append((.array(with.lists.map(JSONValue.string)), "tasks.\(name).with", taskSchema + ".properties.with")) }
            for (index, transition) in task.next.enumerated() {
                let path = "tasks.\(name).next[\(index)]"
                if let when = transition.when { sites.append((.string(when), path + ".when", taskSchema + ".properties.next.items.properties.when")) }
                for (key, value) in transition.publish {
                    sites.append((value, path + ".publish.\(key)", taskSchema + ".properties.next.items.properties.publish"))
                }
            }
        }
        for (name, value) in spec.output ?? [] { sites.append((value, "output.\(name)", "properties.output")) }
        return sites
    }

    private static func syntaxOfExpressions(_ spec: WorkflowSpec) -> [InspectionError] {
        var errors: [InspectionError] = []
        for site in expressionSites(spec) {
            for (text, language) in ExpressionText.expressions(in: site.value) where language == .yaql {
                let source = ExpressionText.inner(Substring(text))
                do {
                    _ = try YAQLExpression(source)
                } catch {
                    // yaql's words, as orquesta reports them.
                    let message = (error as? YAQLError)?.yaqlMessage ?? "\(error)"
                    errors.append(InspectionError(type: "expression", message: message, specPath: site.specPath,
                                                  schemaPath: site.schemaPath, expression: text, language: "yaql"))
                }
            }
        }
        return errors
    }

    /// Orquesta follows the graph: a task sees the inputs, the vars, and what the transitions on
    /// some path to it publish; a publish sees the entries before it; the output sees what any
    /// task publishes and the output entries before it.
    private static func undefinedVariables(_ spec: WorkflowSpec) -> [InspectionError] {
        // st2 inspects with its context (`st2`, `parent`) already defined, as workflows get it.
        let base = Set(spec.input.map(\.name)).union(spec.vars.map(\.name)).union(["st2", "parent"])
        let reaching = variablesReachingEachTask(spec, base: base)
        var everything = base
        for task in spec.tasks.values { for transition in task.next { everything.formUnion(transition.publish.map(\.name)) } }
        var outputNames = Set<String>()
        var errors: [InspectionError] = []
        for site in expressionSites(spec) {
            var known: Set<String>
            if site.specPath.hasPrefix("output.") {
                known = everything.union(outputNames)
            } else if site.specPath.hasPrefix("tasks."), let name = site.specPath.split(separator: ".").dropFirst().first.map(String.init) {
                known = reaching[name] ?? base
                if let publishRange = site.specPath.range(of: ".publish.") {
                    // Entries of the same publish before this one.
                    let transitionPath = String(site.specPath[..<publishRange.lowerBound])
                    let key = String(site.specPath[publishRange.upperBound...])
                    if let index = Int(transitionPath.split(separator: "[").last?.dropLast() ?? ""),
                       let transition = spec.tasks[name]?.next[safe: index] {
                        for entry in transition.publish { if entry.name == key { break }; known.insert(entry.name) }
                    }
                }
            } else {
                known = base
            }
            for (text, language) in ExpressionText.expressions(in: site.value) {
                for variable in ExpressionText.contextVariables(in: text) where !known.contains(variable) {
                    errors.append(InspectionError(type: "context", message: "Variable \"\(variable)\" is referenced before assignment.",
                                                  specPath: site.specPath, schemaPath: site.schemaPath,
                                                  expression: text, language: language.rawValue))
                }
            }
            if site.specPath.hasPrefix("output.") { outputNames.insert(String(site.specPath.dropFirst("output.".count))) }
        }
        return errors
    }

    /// For each task, the variables some path to it defines (a fixed point: loops only add names).
    static func variablesReachingEachTask(_ spec: WorkflowSpec, base: Set<String>) -> [String: Set<String>] {
        var reaching: [String: Set<String>] = [:]
        var queue = spec.startTasks
        for name in queue { reaching[name] = base }
        while let name = queue.popLast() {
            guard let task = spec.tasks[name], let known = reaching[name] else { continue }
            for transition in task.next {
                let out = known.union(transition.publish.map(\.name))
                for target in transition.targets where spec.tasks[target] != nil {
                    let before = reaching[target]
                    let after = (before ?? []).union(out)
                    if before != after { reaching[target] = after; queue.append(target) }
                }
            }
        }
        return reaching
    }

    private static func actionChecks(_ spec: WorkflowSpec, _ lookup: (String) -> ActionSignature?) -> [InspectionError] {
        var errors: [InspectionError] = []
        let taskSchema = InspectionError.taskSchema
        for name in spec.taskOrder {
            guard let task = spec.tasks[name], let ref = task.action, ExpressionText.language(of: ref) == nil else { continue }
            // st2's inspect_task_contents: a ref that is not `pack.name`, then one not registered.
            guard ref.contains("."), !ref.hasPrefix("."), !ref.hasSuffix(".") else {
                errors.append(InspectionError(type: "content", message: "The action reference \"\(ref)\" is not formatted correctly.",
                                              specPath: "tasks.\(name).action", schemaPath: taskSchema + ".properties.action"))
                continue
            }
            guard let signature = lookup(ref) else {
                errors.append(InspectionError(type: "content", message: "The action \"\(ref)\" is not registered in the database.",
                                              specPath: "tasks.\(name).action", schemaPath: taskSchema + ".properties.action"))
                continue
            }
            for missing in signature.required.subtracting(task.input.keys).sorted() {
                errors.append(InspectionError(type: "content", message: "Action \"\(ref)\" is missing required input \"\(missing)\".",
                                              specPath: "tasks.\(name).input", schemaPath: taskSchema + ".properties.input"))
            }
            for extra in Set(task.input.keys).subtracting(signature.parameters).sorted() {
                errors.append(InspectionError(type: "content", message: "Action \"\(ref)\" has unexpected input \"\(extra)\".",
                                              specPath: "tasks.\(name).input.\(extra)",
                                              schemaPath: taskSchema + ".properties.input.patternProperties.^\\w+$"))
            }
        }
        return errors
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
