import SquallModel

/// st2 runners squall does not have. Their actions load (a pack that has some still installs) and
/// are listed as unavailable with the reason; running one is a one-line error.
public enum UnavailableRunners {
    static let reasons: [String: String] = [
        "winrm-cmd": "squall has no WinRM runner (winrm-cmd)",
        "winrm-ps-cmd": "squall has no WinRM runner (winrm-ps-cmd)",
        "winrm-ps-script": "squall has no WinRM runner (winrm-ps-script)",
        "announcement": "the announcement runner needs squall's API event stream, which does not exist yet",
        "mistral-v2": "Mistral workflows were removed from StackStorm 3.3; squall runs orquesta",
        "cloudslang": "squall has no CloudSlang runner",
    ]

    /// The tag a bundled pack puts on an action whose runner squall has but which needs something
    /// squall lacks (st2's action schema allows `tags: [{name, value}]`); its value is the reason.
    public static let tagName = "squall_unavailable"

    public static func reason(for runnerName: String) -> String? { reasons[runnerName] }

    static func reason(taggedIn tags: [JSONValue]) -> String? {
        tags.first { $0["name"]?.stringValue == tagName }.map { $0["value"]?.stringValue ?? "not available in squall" }
    }
}
