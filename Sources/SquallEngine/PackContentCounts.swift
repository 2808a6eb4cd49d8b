import SquallPacks

/// What a pack holds, as `pack get` and `pack register` report it: rules counted as in force
/// (the pack's files with the operator's stored changes, see `RuleSet`).
public struct PackContentCounts: Sendable, Equatable {
    public var actions = 0, sensors = 0, rules = 0, triggers = 0

    public init(pack: String, catalog: PackCatalog, rules: RuleSet) {
        actions = catalog.actions(inPack: pack).count
        sensors = catalog.sensors.values.filter { $0.pack == pack }.count
        triggers = catalog.triggerTypes.values.filter { $0.pack == pack }.count
        self.rules = rules.rules.filter { $0.pack == pack }.count
    }
}
