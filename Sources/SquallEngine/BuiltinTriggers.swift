import SquallModel
import SquallPacks
import SquallTimers

/// The system trigger types st2 defines (st2common/constants/triggers.py), with st2's descriptions
/// and schemas, so rules on them load as in st2 even where squall does not emit them yet (the
/// webhook waits for the HTTP API; key-value, notify and file_written triggers for the features
/// behind them). Timers are checked by SquallTimers when their rules load.
public enum BuiltinTriggers {
    public static let processSpawn = "core.st2.sensor.process_spawn"
    public static let processExit = "core.st2.sensor.process_exit"
    public static let actionTrigger = "core.st2.generic.actiontrigger"
    public static let webhook = "core.st2.webhook"
    /// Emitted by the inquirer runner when an inquiry opens (`pending`), as st2's runner does.
    public static let inquiry = "core.st2.generic.inquiry"

    /// st2's `{"type": "object", "properties": {<name>: {}...}}`: names the fields, checks nothing.
    private static func loose(_ names: [String]) -> JSONValue {
        .object(["type": "object", "properties": .object(Dictionary(uniqueKeysWithValues: names.map { ($0, JSONValue.object([:])) }))])
    }

    private static func type(_ name: String, _ description: String, payload: JSONValue? = nil, parameters: JSONValue? = nil) -> TriggerType {
        TriggerType(pack: "core", name: name, description: description, payloadSchema: payload, parametersSchema: parameters)
    }

    public static let types: [String: TriggerType] = {
        var list = [
            type("st2.webhook", "Trigger type for registering webhooks that can consume arbitrary payload.",
                 payload: ["type": "object", "properties": [
                    "headers": ["type": "object"], "body": ["anyOf": [["type": "array"], ["type": "object"]]]]],
                 parameters: ["type": "object", "properties": ["url": ["type": "string", "required": true]],
                              "additionalProperties": false]),
            type("st2.generic.actiontrigger", "Trigger encapsulating the completion of an action execution.",
                 payload: loose(["execution_id", "status", "start_timestamp", "action_name", "action_ref", "runner_ref", "parameters", "result"])),
            type("st2.generic.notifytrigger", "Notification trigger.",
                 payload: loose(["execution_id", "status", "start_timestamp", "end_timestamp", "action_ref", "runner_ref",
                                 "channel", "route", "message", "data"])),
            type("st2.action.file_written", "Trigger encapsulating action file being written on disk.",
                 payload: loose(["ref", "file_path", "host_info"])),
            type("st2.generic.inquiry", "Trigger indicating a new \"inquiry\" has entered \"pending\" status",
                 payload: ["type": "object", "additionalProperties": false, "properties": [
                    "id": ["type": "string", "description": "ID of the new inquiry.", "required": true],
                    "route": ["type": "string", "required": true,
                              "description": "An arbitrary value for allowing rules to route to proper notification channel."]]]),
            type("st2.sensor.process_spawn", "Trigger indicating sensor process is started up.", payload: loose(["object"])),
            type("st2.sensor.process_exit", "Trigger indicating sensor process is stopped.", payload: loose(["object"])),
            type("st2.key_value_pair.create", "Trigger encapsulating datastore item creation.", payload: loose(["object"])),
            type("st2.key_value_pair.update", "Trigger encapsulating datastore set action.", payload: loose(["object"])),
            type("st2.key_value_pair.value_change", "Trigger encapsulating a change of datastore item value.",
                 payload: loose(["old_object", "new_object"])),
            type("st2.key_value_pair.delete", "Trigger encapsulating datastore item deletion.", payload: loose(["object"])),
        ]
        list += [
            (TimerSchedule.intervalTimerRef, "Triggers on specified intervals. e.g. every 30s, 1week etc."),
            (TimerSchedule.dateTimerRef, "Triggers exactly once when the current time matches the specified time. e.g. timezone:UTC date:2014-12-31 23:59:59."),
            (TimerSchedule.cronTimerRef, "Triggers whenever current time matches the specified time constaints like a UNIX cron scheduler."),
        ].map { ref, description in type(String(ref.dropFirst("core.".count)), description) }
        return Dictionary(uniqueKeysWithValues: list.map { ($0.ref, $0) })
    }()

    public static let refs: Set<String> = Set(types.keys)

    /// Why a rule's `trigger.parameters` do not fit a built-in type's parameters schema (st2 checks
    /// system triggers' parameters when it registers the rule), or nil. Timers are checked elsewhere.
    public static func parametersProblem(trigger: String, parameters: [String: JSONValue]) -> String? {
        guard !TimerSchedule.triggerRefs.contains(trigger), let schema = types[trigger]?.parametersSchema else { return nil }
        return PayloadSchema.firstViolation(of: .object(parameters), against: schema, path: "trigger.parameters")
    }
}
