import Foundation
import SquallModel
import SquallPacks
import SquallWorkflows

/// Workflows read and inspected, by entry point: reading the YAML and inspecting the graph at
/// every run cost a large workflow's run milliseconds (`squall bench-workflows`). An entry serves
/// a run only while the file's text is the same and the catalog answers every action the
/// inspection looked up as it did then, so a run sees what reading and inspecting again would.
/// Only workflows that passed inspection are kept (a failing one is read again to report it).
final class InspectedWorkflowCache: @unchecked Sendable {
    private struct Entry {
        let text: String
        let spec: WorkflowSpec
        /// What the inspection asked the catalog, by action ref (nil: no such action).
        let lookups: [String: (parameters: Set<String>, required: Set<String>)?]
    }

    private static let limit = 256
    private let lock = NSLock()
    private var entries: [String: Entry] = [:]

    /// The cached spec of `action`'s workflow when still valid for `catalog`; nil otherwise.
    func spec(_ action: Action, catalog: PackCatalog) -> WorkflowSpec? {
        guard let path = action.entryPointPath, let entry = lock.withLock({ entries[path] }),
              let text = try? String(contentsOfFile: path, encoding: .utf8), text == entry.text else { return nil }
        for (ref, seen) in entry.lookups {
            let now = Self.signature(ref, in: catalog)
            guard now?.parameters == seen?.parameters, now?.required == seen?.required else { return nil }
        }
        return entry.spec
    }

    /// Reads and inspects `action`'s workflow as `WorkflowRunner.readAndInspect` does, keeping it
    /// when it passed.
    func readAndInspect(_ action: Action, catalog: PackCatalog) throws -> WorkflowSpec {
        guard let path = action.entryPointPath else { return try WorkflowRunner.readAndInspect(action, catalog: catalog) }
        let text = try? String(contentsOfFile: path, encoding: .utf8)
        var lookups: [String: (parameters: Set<String>, required: Set<String>)?] = [:]
        let (inspected, problems) = WorkflowInspector.inspectDocument(try WorkflowRunner.document(action)) { ref in
            let signature = Self.signature(ref, in: catalog)
            lookups[ref] = signature
            return signature.map { ActionSignature(parameters: $0.parameters, required: $0.required) }
        }
        guard let spec = inspected else { throw InspectionErrors(errors: problems) }
        // Kept only when the file did not change while it was read.
        if let text, text == (try? String(contentsOfFile: path, encoding: .utf8)) {
            lock.withLock {
                if entries.count >= Self.limit { entries.removeAll(keepingCapacity: true) }
                entries[path] = Entry(text: text, spec: spec, lookups: lookups)
            }
        }
        return spec
    }

    /// The inspector's view of action `ref` (as `WorkflowRunner.readAndInspect` gives it).
    private static func signature(_ ref: String, in catalog: PackCatalog) -> (parameters: Set<String>, required: Set<String>)? {
        catalog.actions[ref].map { action in
            (Set(action.parameters.keys), Set(action.parameters.values.filter { $0.required && $0.defaultValue == nil }.map(\.name)))
        }
    }
}
