import Foundation
import SquallModel
import SquallPython

/// Compiles and renders templates with one set of options and filters. Thread-safe: filters
/// may be registered at any time (templates compiled earlier keep the filters they saw), and
/// `render`/`renderValue` keep a bounded cache of compiled sources for hot rule paths.
public final class TemplateEnvironment: @unchecked Sendable {
    public let options: TemplateOptions
    private let lock = NSLock()
    private var filters: [String: FilterImplementation] = BuiltinFilters.all
    private var cache: [String: CompiledTemplate] = [:]
    private static let cacheLimit = 4096

    public init(options: TemplateOptions = .init()) {
        self.options = options
    }

    /// Adds or replaces a filter (st2's to_json_string, regex_match, ...).
    public func register(filter name: String, _ filter: @escaping TemplateFilter) {
        lock.lock()
        defer { lock.unlock() }
        filters[name] = .registered(filter)
        cache.removeAll()
    }

    /// A filter added with `register(filter:)` (nil for built-ins and unknown names), so hosts can
    /// offer st2's filters as functions too (orquesta does).
    public func registeredFilter(_ name: String) -> TemplateFilter? {
        lock.lock()
        defer { lock.unlock() }
        if case .registered(let filter)? = filters[name] { return filter }
        return nil
    }

    /// Parses once; the result renders many times, from any thread.
    public func compile(_ source: String) throws -> CompiledTemplate {
        lock.lock()
        let snapshot = filters
        lock.unlock()
        let nodes = try Parser.parse(source, filters: snapshot, keepTrailingNewline: options.keepTrailingNewline)
        return CompiledTemplate(nodes: nodes, filters: snapshot, strictUndefined: options.strictUndefined,
                                lookupNamespaces: options.lookupNamespaces.map { $0.split(separator: ".").map(String.init) })
    }

    public func render(_ source: String, context: [String: JSONValue]) throws -> String {
        try cachedCompile(source).render(context: context)
    }

    /// A source that is exactly one `{{ expr }}` (whitespace around allowed) yields the expression's
    /// value with its type; any other source yields the rendered string.
    public func renderValue(_ source: String, context: [String: JSONValue]) throws -> JSONValue {
        try cachedCompile(source).renderValue(context: context)
    }

    /// As `renderValue`, with functions the host provides (Orquesta's `ctx()`, `result()`...).
    public func renderValue(_ source: String, context: [String: JSONValue], functions: [String: TemplateFunction],
                            keywordFunctions: [String: TemplateKeywordFunction] = [:]) throws -> JSONValue {
        try cachedCompile(source).renderValue(context: context, functions: functions, keywordFunctions: keywordFunctions)
    }

    /// Whether the text has template syntax at all (`{{` or `{%`); plain strings can skip rendering.
    public static func containsTemplate(_ source: String) -> Bool {
        source.containsTemplateSyntax
    }

    private func cachedCompile(_ source: String) throws -> CompiledTemplate {
        lock.lock()
        if let hit = cache[source] {
            lock.unlock()
            return hit
        }
        lock.unlock()
        let compiled = try compile(source)
        lock.lock()
        if cache.count >= TemplateEnvironment.cacheLimit { cache.removeAll(keepingCapacity: true) }
        cache[source] = compiled
        lock.unlock()
        return compiled
    }
}

/// A function the host provides to templates, called by name with positional arguments.
public typealias TemplateFunction = @Sendable (_ arguments: [JSONValue]) throws -> JSONValue

/// A host function that also takes keyword arguments (Orquesta's `st2kv(key, decrypt=true)`).
public typealias TemplateKeywordFunction = @Sendable (_ arguments: [JSONValue], _ keywords: [String: JSONValue]) throws -> JSONValue

/// A parsed template. Immutable and Sendable: render it concurrently as often as needed.
public struct CompiledTemplate: Sendable {
    let nodes: [Node]
    let filters: [String: FilterImplementation]
    let strictUndefined: Bool
    let lookupNamespaces: [[String]]
    /// Set when the whole source is one `{{ expr }}`, for type-keeping whole-value rendering.
    let singleExpression: Expr?

    init(nodes: [Node], filters: [String: FilterImplementation], strictUndefined: Bool, lookupNamespaces: [[String]] = []) {
        self.nodes = nodes
        self.filters = filters
        self.strictUndefined = strictUndefined
        self.lookupNamespaces = lookupNamespaces
        self.singleExpression = CompiledTemplate.soleExpression(in: nodes)
    }

    public func render(context: [String: JSONValue], functions: [String: TemplateFunction] = [:],
                       keywordFunctions: [String: TemplateKeywordFunction] = [:]) throws -> String {
        let renderer = Renderer(context: context, strictUndefined: strictUndefined, filters: filters, lookupNamespaces: lookupNamespaces)
        renderer.functions = functions
        renderer.keywordFunctions = keywordFunctions
        try reportingPythonErrors { try renderer.render(nodes) }
        return renderer.output
    }

    /// Whole-value rendering: see `TemplateEnvironment.renderValue`. Lenient Undefined gives "".
    public func renderValue(context: [String: JSONValue], functions: [String: TemplateFunction] = [:],
                            keywordFunctions: [String: TemplateKeywordFunction] = [:]) throws -> JSONValue {
        guard let expr = singleExpression else {
            return .string(try render(context: context, functions: functions, keywordFunctions: keywordFunctions))
        }
        let renderer = Renderer(context: context, strictUndefined: strictUndefined, filters: filters, lookupNamespaces: lookupNamespaces)
        renderer.functions = functions
        renderer.keywordFunctions = keywordFunctions
        return try reportingPythonErrors { try renderer.exported(try renderer.evaluate(expr), lenientFallback: .string("")) }
    }

    /// Python errors raised outside any located expression (a `for` over an int) still reach the
    /// caller as TemplateErrors.
    private func reportingPythonErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as PythonError {
            throw TemplateError(error)
        }
    }

    /// Whether the template is one `{{ expr }}` and nothing else but whitespace.
    public var isSingleExpression: Bool { singleExpression != nil }

    private static func soleExpression(in nodes: [Node]) -> Expr? {
        var found: Expr?
        for node in nodes {
            switch node {
            case .text(let text) where text.allSatisfy(\.isWhitespace):
                continue
            case .output(let expr, _) where found == nil:
                found = expr
            default:
                return nil
            }
        }
        return found
    }
}
