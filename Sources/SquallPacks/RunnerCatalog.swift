import SquallModel

/// The runner types squall knows, with the parameters each runner contributes to its actions.
public enum RunnerType: String, Sendable, CaseIterable {
    case localShellCmd = "local-shell-cmd"
    case localShellScript = "local-shell-script"
    case pythonScript = "python-script"
    case noop = "noop"
    case remoteShellCmd = "remote-shell-cmd"
    case remoteShellScript = "remote-shell-script"
    case httpRequest = "http-request"
    /// Orquesta workflows: the entry point is the workflow YAML, the action's parameters its input.
    case orquesta = "orquesta"
    /// st2's older workflows: the entry point is a chain of nodes run one after another.
    case actionChain = "action-chain"
    /// st2's inquiries (core.ask): the execution stays `pending` until someone answers it.
    case inquirer = "inquirer"

    /// st2's older names for the same runners.
    static let aliases: [String: RunnerType] = [
        "run-local": .localShellCmd,
        "run-local-script": .localShellScript,
        "run-python": .pythonScript,
        "run-remote": .remoteShellCmd,
        "run-remote-script": .remoteShellScript,
        "http-runner": .httpRequest,
    ]

    public init?(name: String) {
        if let known = RunnerType(rawValue: name) { self = known; return }
        if let alias = RunnerType.aliases[name] { self = alias; return }
        return nil
    }

    /// Whether actions of this runner must name an entry point.
    public var requiresEntryPoint: Bool {
        switch self {
        case .localShellScript, .pythonScript, .remoteShellScript, .orquesta, .actionChain: return true
        case .localShellCmd, .noop, .remoteShellCmd, .httpRequest, .inquirer: return false
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
        case .noop, .orquesta:
            // st2's orquesta runner declares no runner parameters.
            return [:]
        case .actionChain:
            // st2's action_chain_runner/runner.yaml.
            return [
                "skip_notify": ParameterSpec(name: "skip_notify", type: .array, description: "List of tasks to skip notifications for.", defaultValue: .array([])),
                "display_published": ParameterSpec(name: "display_published", type: .boolean, description: "Intermediate published variables will be stored and displayed.", defaultValue: .bool(true)),
            ]
        case .remoteShellCmd:
            var p = RunnerType.remoteCommon
            p["cmd"] = ParameterSpec(name: "cmd", type: .string, description: "Arbitrary Linux command to be executed on the remote host(s).")
            p["dir"]?.immutable = true
            return p
        case .remoteShellScript:
            var p = RunnerType.remoteCommon
            p["private_key"]?.description = "Private key material to log in. Note: This needs to be actual private key data and NOT path."
            return p
        case .httpRequest:
            return RunnerType.httpParameters
        case .inquirer:
            return RunnerType.inquirerParameters
        }
    }

    /// st2's remote_runner/runner.yaml (both runners).
    private static let remoteCommon: [String: ParameterSpec] = [
        "bastion_host": ParameterSpec(name: "bastion_host", type: .string, description: "The host SSH connections will be proxied through. Note: This connection is made using the same parameters as the final connection."),
        "cwd": ParameterSpec(name: "cwd", type: .string, description: "Working directory where the script will be executed in", defaultValue: .string("/tmp")),
        "dir": ParameterSpec(name: "dir", type: .string, description: "The working directory where the script will be copied to on the remote host.", defaultValue: .string("/tmp")),
        "env": ParameterSpec(name: "env", type: .object, description: "Environment variables which will be available to the command(e.g. key1=val1,key2=val2)"),
        "hosts": ParameterSpec(name: "hosts", type: .string, description: "A comma delimited string of a list of hosts where the remote command will be executed. For example: example1.com,example2.com,example3.com:5555", required: true),
        "kwarg_op": ParameterSpec(name: "kwarg_op", type: .string, description: "Operator to use in front of keyword args i.e. \"--\" or \"-\".", defaultValue: .string("--")),
        "parallel": ParameterSpec(name: "parallel", type: .boolean, description: "Default to parallel execution.", defaultValue: .bool(false), immutable: true),
        "passphrase": ParameterSpec(name: "passphrase", type: .string, description: "Passphrase for the private key, if needed.", secret: true),
        "password": ParameterSpec(name: "password", type: .string, description: "Password used to log in. If not provided, private key from the config file is used.", secret: true),
        "port": ParameterSpec(name: "port", type: .integer, description: "SSH port. If not specified as part of the hosts list, default port will be used (22)."),
        "private_key": ParameterSpec(name: "private_key", type: .string, description: "Private key material or path to the private key file on disk used to log in.", secret: true),
        "sudo": ParameterSpec(name: "sudo", type: .boolean, description: "The remote command will be executed with sudo.", defaultValue: .bool(false)),
        "sudo_password": ParameterSpec(name: "sudo_password", type: .string, description: "Sudo password. To be used when passwordless sudo is not allowed.", secret: true),
        "timeout": ParameterSpec(name: "timeout", type: .integer, description: "Action timeout in seconds. Action will get killed if it doesn't finish in timeout seconds.", defaultValue: .int(60)),
        "username": ParameterSpec(name: "username", type: .string, description: "Username used to log-in. If not provided, default username from config is used."),
    ]

    /// st2's inquirer_runner/runner.yaml.
    private static let inquirerParameters: [String: ParameterSpec] = [
        "schema": ParameterSpec(name: "schema", type: .object, description: "A JSON schema that will be used to validate the response data", required: true,
                                defaultValue: ["title": "response_data", "type": "object", "properties": [
                                    "continue": ["type": "boolean", "description": "Would you like to continue the workflow?", "required": true]]]),
        "route": ParameterSpec(name: "route", type: .string, description: "An arbitrary value for allowing rules to route to proper notification channel", defaultValue: .string("")),
        "roles": ParameterSpec(name: "roles", type: .array, description: "A list of roles that are permitted to respond to the action (if nothing provided, all are permitted) - REQUIRES RBAC FEATURES", defaultValue: .array([])),
        "users": ParameterSpec(name: "users", type: .array, description: "A list of usernames that are permitted to respond to the action (if nothing provided, all are permitted)", defaultValue: .array([])),
        "ttl": ParameterSpec(name: "ttl", type: .integer, description: "Time (in minutes) to wait before timing out the inquiry if no response is received", required: true, defaultValue: .int(1440)),
    ]

    /// st2's http_runner/runner.yaml.
    private static let httpParameters: [String: ParameterSpec] = [
        "allow_redirects": ParameterSpec(name: "allow_redirects", type: .boolean, description: "Set to True if POST/PUT/DELETE redirect following is allowed.", defaultValue: .bool(false)),
        "cookies": ParameterSpec(name: "cookies", type: .object, description: "Optional cookies to send with the request."),
        "headers": ParameterSpec(name: "headers", type: .object, description: "HTTP headers for the request."),
        "http_proxy": ParameterSpec(name: "http_proxy", type: .string, description: "URL of HTTP proxy to use (e.g. http://10.10.1.10:3128)."),
        "https_proxy": ParameterSpec(name: "https_proxy", type: .string, description: "URL of HTTPS proxy to use (e.g. http://10.10.1.10:3128)."),
        "password": ParameterSpec(name: "password", type: .string, description: "Password required by basic authentication.", secret: true),
        "url": ParameterSpec(name: "url", type: .string, description: "URL to the HTTP endpoint.", required: true),
        "username": ParameterSpec(name: "username", type: .string, description: "Username required by basic authentication."),
        "verify_ssl_cert": ParameterSpec(name: "verify_ssl_cert", type: .boolean, description: "Certificate for HTTPS request is verified by default using requests CA bundle which comes from Mozilla. Verification using a custom CA bundle is not yet supported. Set to False to skip verification.", defaultValue: .bool(true)),
        "url_hosts_blacklist": ParameterSpec(name: "url_hosts_blacklist", type: .array, description: "Optional list of hosts (network locations) to blacklist (e.g. example.com, 127.0.0.1, ::1, etc.). If action will try to access that endpoint, an exception will be thrown and action will be marked as failed."),
        "url_hosts_whitelist": ParameterSpec(name: "url_hosts_whitelist", type: .array, description: "Optional list of hosts (network locations) to whitelist (e.g. example.com, 127.0.0.1, ::1, etc.). If specified, actions will only be able to hit hosts on this whitelist."),
    ]

    private static let shellCommon: [String: ParameterSpec] = [
        "cwd": ParameterSpec(name: "cwd", type: .string, description: "Working directory where the command will be executed in"),
        "env": ParameterSpec(name: "env", type: .object, description: "Environment variables which will be available to the command (e.g. key1=val1,key2=val2)"),
        "kwarg_op": ParameterSpec(name: "kwarg_op", type: .string, description: "Operator to use in front of keyword args i.e. \"--\" or \"-\".", defaultValue: .string("--")),
        "sudo": ParameterSpec(name: "sudo", type: .boolean, description: "The command will be executed with sudo.", defaultValue: .bool(false)),
        "sudo_password": ParameterSpec(name: "sudo_password", type: .string, description: "Sudo password. To be used when passwordless sudo is not allowed.", secret: true),
        "timeout": ParameterSpec(name: "timeout", type: .integer, description: "Action timeout in seconds. Action will get killed if it doesn't finish in timeout seconds.", defaultValue: .int(60)),
    ]
}
