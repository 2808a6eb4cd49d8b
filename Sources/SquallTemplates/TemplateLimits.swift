import Foundation

/// How much one template may build and do. Real templates stay far below these; without them
/// `'x' * 10**9` built a gigabyte, two nested `range(100000)` loops never ended and 10,000 nested
/// parentheses overflowed the parser's stack.
public struct TemplateLimits: Sendable, Equatable {
    /// The longest string any operation, filter or the rendered output may make, in UTF-8 bytes
    /// (setting `template_max_string_bytes`).
    public var maxStringBytes: Int
    /// The most items a list or mapping made by an operation may hold (`template_max_items`).
    public var maxItems: Int
    /// How deep expressions and blocks may nest, counting each link of an operator, filter or
    /// attribute chain (`template_max_depth`; CPython stops at 200 nested parentheses).
    public var maxDepth: Int
    /// Evaluations plus loop iterations in one render (`template_max_steps`).
    public var maxSteps: Int

    public init(maxStringBytes: Int = 64 << 20, maxItems: Int = 1_000_000, maxDepth: Int = 200, maxSteps: Int = 2_000_000) {
        self.maxStringBytes = maxStringBytes; self.maxItems = maxItems; self.maxDepth = maxDepth; self.maxSteps = maxSteps
    }

    /// The limits every template in this process compiles and renders with (set from the settings;
    /// templates are compiled in many places that share cached environments).
    public static var process: TemplateLimits {
        get { lock.withLock { current } }
        set { lock.withLock { current = newValue } }
    }
    private static let lock = NSLock()
    nonisolated(unsafe) private static var current = TemplateLimits()

    /// Throws unless a string of `bytes` UTF-8 bytes is allowed: called before building one.
    func checkString(bytes: Int) throws {
        if bytes > maxStringBytes {
            throw TemplateError("string of \(bytes) bytes is longer than the \(maxStringBytes) allowed (setting template_max_string_bytes)")
        }
    }

    /// Throws unless a collection of `count` items is allowed: called before building one.
    func checkItems(_ count: Int) throws {
        if count > maxItems {
            throw TemplateError("collection of \(count) items is larger than the \(maxItems) allowed (setting template_max_items)")
        }
    }

    /// The size of `count` copies of something of `size`, or Int.max when that overflows.
    static func product(_ size: Int, _ count: Int) -> Int {
        let (value, overflow) = size.multipliedReportingOverflow(by: max(0, count))
        return overflow ? Int.max : value
    }
}
