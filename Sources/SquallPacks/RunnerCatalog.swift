import SquallModel

/// The runner types squall knows, with the parameters each runner contributes to its actions.
public enum RunnerType: String, Sendable, CaseIterable {
    case localShellCmd = "local-shell-cmd"
    case localShellScript = "local-shell-script"
    case pythonScript = "python-script"
    case noop = "noop"

    /// st2's older names for the same runners.
    static let aliases: [String: RunnerType] = [
        "run-local": .localShellCmd,
        "run-local-script": .localShellScript,
        "run-python": .pythonScript,
    ]

    public init?(name: String) {
        if let known = RunnerType(rawValue: name) { self = known; return }
        if let alias = RunnerType.aliases[name] { self = alias; return }
        return nil
    }

    /// Whether actions of this runner must name an entry point.
    public var requiresEntryPoint: Bool {
        switch self {
        case .localShellScript, .pythonScript: return true
        case .localShellCmd, .noop: return false
        }
    }

    /// The runner's own parameters (st2's runner metadata).
    public var parameters: [String: ParameterSpec] {
        switch self {
        case .localShellCmd:
            var p = RunnerType.shellCommon
            p["cmd"] = ParameterSpec(name: "cmd", type: .string, description: "Arbitrary Linux command to be executed on the local host.")
            return p
        case .localShellScript:
            return RunnerType.shellCommon
        case .pythonScript:
            return [
                "env": ParameterSpec(name: "env", type: .object, description: "Environment variables which will be available to the script."),
                "timeout": ParameterSpec(name: "timeout", type: .integer, description: "Action timeout in seconds. Action will get killed if it doesn't finish in timeout seconds.", defaultValue: .int(600)),
                "debug": ParameterSpec(name: "debug", type: .boolean, description: "Enable runner debug mode.", defaultValue: .bool(false)),
                "log_level": ParameterSpec(name: "log_level", type: .string, description: "The log level for the action's logger.", defaultValue: .string("DEBUG"),
                                           enumValues: ["AUDIT", "CRITICAL", "DEBUG", "ERROR", "INFO", "WARNING"].map(JSONValue.string)),
            ]
        case .noop:
            return [:]
        }
    }

    private static let shellCommon: [String: ParameterSpec] = [
        "cwd": ParameterSpec(name: "cwd", type: .string, description: "Working directory where the command will be executed in"),
        "env": ParameterSpec(name: "env", type: .object, description: "Environment variables which will be available to the command (e.g. key1=val1,key2=val2)"),
        "kwarg_op": ParameterSpec(name: "kwarg_op", type: .string, description: "Operator to use in front of keyword args i.e. \"--\" or \"-\".", defaultValue: .string("--")),
        "sudo": ParameterSpec(name: "sudo", type: .boolean, description: "The command will be executed with sudo.", defaultValue: .bool(false)),
        "sudo_password": ParameterSpec(name: "sudo_password", type: .string, description: "Sudo password. To be used when passwordless sudo is not allowed.", secret: true),
        "timeout": ParameterSpec(name: "timeout", type: .integer, description: "Action timeout in seconds. Action will get killed if it doesn't finish in timeout seconds.", defaultValue: .int(60)),
    ]
}
