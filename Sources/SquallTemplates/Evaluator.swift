import SquallModel
import SquallPython

/// Renders statement nodes for one call: owns the output buffer and the variable scopes.
/// A new Renderer is made per render, so compiled templates can be shared across threads.
final class Renderer {
    let context: [String: JSONValue]
    let strictUndefined: Bool
    let filters: [String: FilterImplementation]
    /// See `TemplateOptions.lookupNamespaces`, each split at its dots.
    let lookupNamespaces: [[String]]
    /// Variables set by the template; the last frame is the innermost for loop.
    var frames: [[String: Value]] = [[:]]
    /// The `loop` objects of enclosing for loops that mention `loop`, innermost last.
    var loopStates: [LoopState] = []
    var output = ""
    /// TemplateLimits.process when the render began, and the steps taken so far.
    let limits = TemplateLimits.process
    private var steps = 0
    /// Host functions, looked up before the built-in `range` and `dict`.
    var functions: [String: TemplateFunction] = [:]
    /// Host functions that take keyword arguments, looked up first.
    var keywordFunctions: [String: TemplateKeywordFunction] = [:]

    init(context: [String: JSONValue], strictUndefined: Bool, filters: [String: FilterImplementation],
         lookupNamespaces: [[String]] = []) {
        self.context = context
        self.strictUndefined = strictUndefined
        self.filters = filters
        self.lookupNamespaces = lookupNamespaces
    }

    func render(_ nodes: [Node]) throws {
        for node in nodes {
            try render(node)
        }
    }

    /// Counts one evaluation or loop iteration against `limits.maxSteps`.
    func step() throws {
        steps += 1
        if steps > limits.maxSteps {
            throw TemplateError("rendering took more than \(limits.maxSteps) steps (evaluations and loop iterations; setting template_max_steps)")
        }
    }

    private func render(_ node: Node) throws {
        try step()
        switch node {
        case .text(let text):
            output += text
            try limits.checkString(bytes: output.utf8.count)
        case .output(let expr, let position):
            let value = try evaluate(expr)
            switch value {
            case .defined(let json): Python.writeStr(json, to: &output)
            case .undefined(let undefined): if strictUndefined { throw undefined.error }
            }
            do { try limits.checkString(bytes: output.utf8.count) } catch let error as TemplateError { throw TemplateError("output: " + error.message, at: position) }
        case .conditional(let branches, let otherwise):
            for branch in branches where try isTruthy(try evaluate(branch.condition)) {
                try render(branch.body)
                return
            }
            if let otherwise { try render(otherwise) }
        case .forLoop(let loop):
            try renderLoop(loop)
        case .assign(let targets, let expr, let position):
            try assign(targets, try evaluate(expr), at: position)
        case .assignBlock(let target, let body):
            let saved = output
            output = ""
            defer { output = saved }
            try render(body)
            frames[frames.count - 1][target] = .defined(.string(output))
        }
    }

    private func renderLoop(_ loop: ForLoop) throws {
        var items = try iterationItems(try evaluate(loop.iterable))
        frames.append([:])
        defer { frames.removeLast() }
        if let condition = loop.condition {
            items = try items.filter { item in
                try step()
                try assign(loop.targets, .defined(item), at: loop.position)
                return try isTruthy(try evaluate(condition))
            }
        }
        let count = items.count
        if loop.usesLoopVariable {
            loopStates.append(LoopState(items: items, index: 0, depth: loopStates.count + 1))
        }
        defer { if loop.usesLoopVariable { loopStates.removeLast() } }
        for (index, item) in items.enumerated() {
            try step()
            try assign(loop.targets, .defined(item), at: loop.position)
            if loop.usesLoopVariable {
                loopStates[loopStates.count - 1].index = index
            }
            try render(loop.body)
        }
        if count == 0, let otherwise = loop.otherwise {
            try render(otherwise)
        }
    }

    private func assign(_ targets: [String], _ value: Value, at position: SourcePosition) throws {
        if targets.count == 1 {
            frames[frames.count - 1][targets[0]] = value
            return
        }
        let items = try iterationItems(value)
        guard items.count == targets.count else {
            let problem = items.count > targets.count ? "too many values to unpack" : "not enough values to unpack"
            throw TemplateError("\(problem) (expected \(targets.count), got \(items.count))", at: position)
        }
        for (name, item) in zip(targets, items) {
            frames[frames.count - 1][name] = .defined(item)
        }
    }

    // MARK: - Undefined-aware conversions

    /// A value that must be defined (arithmetic, attribute access...): Undefined is an error in
    /// both modes, as with Jinja's default Undefined.
    func require(_ value: Value) throws -> JSONValue {
        switch value {
        case .defined(let json): return json
        case .undefined(let undefined): throw undefined.error
        }
    }

    func isTruthy(_ value: Value) throws -> Bool {
        switch value {
        case .defined(let json): return Python.isTruthy(json)
        case .undefined(let undefined):
            if strictUndefined { throw undefined.error }
            return false
        }
    }

    /// str(value): lenient Undefined prints as "".
    func text(_ value: Value) throws -> String {
        switch value {
        case .defined(let json): return Python.str(json)
        case .undefined(let undefined):
            if strictUndefined { throw undefined.error }
            return ""
        }
    }

    /// Items to loop over: lenient Undefined iterates as empty.
    func iterationItems(_ value: Value) throws -> [JSONValue] {
        switch value {
        case .defined(let json): return try Python.iterate(json)
        case .undefined(let undefined):
            if strictUndefined { throw undefined.error }
            return []
        }
    }

    /// Converts a value for code outside the engine (registered filters, whole-value results).
    func exported(_ value: Value, lenientFallback: JSONValue) throws -> JSONValue {
        switch value {
        case .defined(let json): return json
        case .undefined(let undefined):
            if strictUndefined { throw undefined.error }
            return lenientFallback
        }
    }

    // MARK: - Variable lookup

    func lookup(_ name: String, at position: SourcePosition) -> Value {
        var i = frames.count - 1
        while i >= 0 {
            if let value = frames[i][name] { return value }
            i -= 1
        }
        if name == "loop", let state = loopStates.last { return .defined(state.object) }
        if let value = context[name] { return .defined(value) }
        return .undefined(Undefined(origin: .variable(name), position: position))
    }
}
