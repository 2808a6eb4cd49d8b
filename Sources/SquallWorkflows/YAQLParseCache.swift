import Foundation
import SquallYAQL

/// Parsed YAQL expressions by source: a workflow evaluates the same few expressions at every
/// task (its `when`s, `publish`es, inputs), and parsing each again was a visible part of a task's
/// cost (`squall bench-workflows`). Bounded like the template cache; a source that does not parse
/// is not kept (its error comes again each time).
final class YAQLParseCache: @unchecked Sendable {
    static let shared = YAQLParseCache()
    private static let limit = 4096
    private let lock = NSLock()
    private var parsed: [String: YAQLExpression] = [:]

    func expression(_ source: String) throws -> YAQLExpression {
        if let hit = lock.withLock({ parsed[source] }) { return hit }
        let expression = try YAQLExpression(source)
        lock.withLock {
            if parsed.count >= Self.limit { parsed.removeAll(keepingCapacity: true) }
            parsed[source] = expression
        }
        return expression
    }
}
