import SquallModel
import SquallRules

/// st2 keeps one Trigger per trigger type and parameters, shared by every rule using them: a sensor
/// hears add_trigger when the first enabled rule uses one, remove_trigger when the last one goes,
/// and update_trigger when the only rule using one changes its parameters (the trigger is edited
/// in place and keeps its id). This gives those triggers their ids across reloads.
struct TriggerIdentities: Sendable {
    struct Key: Hashable, Sendable {
        var type: String
        var parameters: [String: JSONValue]
    }

    private(set) var ids: [Key: String] = [:]
    private var keyOfRule: [String: Key] = [:]
    private var issued = 0

    /// Assigns ids for the triggers of `rules` (the enabled ones), keeping the ids of triggers still
    /// in use and moving a rule's id to its new parameters when nothing else used the old ones.
    mutating func assign(_ rules: [Rule]) {
        let wantedByRule = Dictionary(rules.map { ($0.ref, Key(type: $0.triggerType, parameters: $0.triggerParameters)) },
                                      uniquingKeysWith: { first, _ in first })
        let wanted = Set(wantedByRule.values)
        var kept = ids.filter { wanted.contains($0.key) }
        var taken = Set(kept.values)
        for (rule, key) in wantedByRule.sorted(by: { $0.key < $1.key }) where kept[key] == nil {
            if let old = keyOfRule[rule], !wanted.contains(old), let id = ids[old], !taken.contains(id) {
                kept[key] = id
                taken.insert(id)
            }
        }
        for key in wanted.sorted(by: Self.order) where kept[key] == nil {
            issued += 1
            kept[key] = "trigger-\(issued)"
        }
        ids = kept
        keyOfRule = wantedByRule
    }

    /// The trigger dicts a sensor is told about: those of its trigger types, sorted by id.
    func dicts(for sensor: SensorDefinition) -> [JSONValue] {
        let types = Set(sensor.triggerTypes.map(\.ref))
        return ids.filter { types.contains($0.key.type) }.sorted { $0.value < $1.value }.map { Self.dict($0.key, id: $0.value) }
    }

    /// st2's trigger dict, as sensors receive it in add_trigger().
    static func dict(_ key: Key, id: String) -> JSONValue {
        let type = key.type
        let dot = type.firstIndex(of: ".") ?? type.startIndex
        let pack = String(type[..<dot])
        let name = dot < type.endIndex ? String(type[type.index(after: dot)...]) : type
        return ["id": .string(id), "name": .string(name), "pack": .string(pack), "type": .string(type),
                "ref": .string(type), "uid": .string("trigger:\(pack):\(name):\(id)"), "parameters": .object(key.parameters)]
    }

    private static func order(_ a: Key, _ b: Key) -> Bool {
        a.type != b.type ? a.type < b.type : JSONValue.object(a.parameters).jsonString() < JSONValue.object(b.parameters).jsonString()
    }
}
