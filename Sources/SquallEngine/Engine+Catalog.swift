import Foundation
import SquallModel
import SquallPacks

/// A trigger type as front ends list it: declared by a pack (with its schemas), or built in.
public struct TriggerTypeEntry: Sendable {
    public var ref: String
    /// The pack's declaration; nil for a built-in trigger (timers, action and sensor-process triggers).
    public var declared: TriggerType?
    public var isBuiltin: Bool { declared == nil }
}

/// The loaded pack content front ends show: actions, trigger types, sensors.
extension Engine {
    /// Actions sorted by ref, optionally only one pack's.
    public func actions(inPack pack: String? = nil) -> [Action] {
        catalog.actions(inPack: pack)
    }

    /// The loaded action with this ref.
    public func action(_ ref: String) throws -> Action {
        guard let action = catalog.actions[ref] else { throw EngineError.notFound("action '\(ref)' not found") }
        return action
    }

    /// The packs' trigger types and the built-in ones, sorted by ref.
    public func triggerTypes() -> [TriggerTypeEntry] {
        let declared = catalog.triggerTypes.values.map { TriggerTypeEntry(ref: $0.ref, declared: $0) }
        let builtin = BuiltinTriggers.refs.map { TriggerTypeEntry(ref: $0, declared: nil) }
        return (declared + builtin).sorted { $0.ref < $1.ref }
    }

    /// The trigger type with this ref, a pack's or built in.
    public func triggerType(_ ref: String) throws -> TriggerTypeEntry {
        if let declared = catalog.triggerTypes[ref] { return TriggerTypeEntry(ref: ref, declared: declared) }
        guard BuiltinTriggers.refs.contains(ref) else { throw EngineError.notFound("trigger type '\(ref)' not found") }
        return TriggerTypeEntry(ref: ref, declared: nil)
    }

    /// The loaded sensors that emit trigger type `ref`, sorted by ref.
    public func sensors(emitting ref: String) -> [SensorDefinition] {
        catalog.sensors.values.filter { $0.triggerTypes.contains { $0.ref == ref } }.sorted { $0.ref < $1.ref }
    }

    /// The runner types squall runs, sorted by name.
    public func runnerTypes() -> [RunnerType] {
        RunnerType.allCases.sorted { $0.rawValue < $1.rawValue }
    }
}
