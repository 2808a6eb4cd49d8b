import SquallModel

/// Builds a child's environment from scratch: st2's variables, a minimal PATH/HOME/LANG, and the
/// action's `env` parameter. Nothing of the supervisor's own environment leaks in.
enum ChildEnvironment {
    static let basePath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

    static func build(job: RunnerJob, extra: [String: String] = [:], protected: Set<String> = []) -> [String: String] {
        var environment: [String: String] = [
            "PATH": basePath,
            "HOME": "/tmp",
            "LANG": "C.UTF-8",
            "ST2_ACTION_PACK_NAME": job.action.pack,
            "ST2_ACTION_EXECUTION_ID": job.executionId,
            // Empty unless a server serves the API (`apiAccess`, set last below).
            "ST2_ACTION_API_URL": "",
            "ST2_API_URL": "",
            "ST2_ACTION_AUTH_TOKEN": "",
            "ST2_AUTH_TOKEN": "",
            "ST2_ACTION_DEBUG": job.parameters["debug"]?.boolValue == true ? "True" : "False",
        ]
        for (key, value) in extra { environment[key] = value }
        if case .object(let userEnvironment)? = job.parameters["env"] {
            for (key, value) in userEnvironment where !protected.contains(key) && isValidName(key) {
                environment[key] = value.stringValue ?? value.jsonString()
            }
        }
        // After the `env` parameter, as in st2: a parameter cannot send the token elsewhere.
        if let access = job.apiAccess { environment.merge(access.environment) { _, given in given } }
        return environment
    }

    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && !name.contains("=") && !name.contains("\0")
    }
}
