/// What the filter does with a matching system call. Spelt in policy files as
/// `allow`, `log`, `kill_process` or `errno:NAME` (`errno:EPERM`, or a number: `errno:1`).
public enum SeccompAction: Sendable, Hashable, Codable, CustomStringConvertible {
    case allow
    case log
    case killProcess
    case errno(Int32)

    public init(parsing text: String) throws {
        switch text {
        case "allow": self = .allow
        case "log": self = .log
        case "kill_process": self = .killProcess
        default:
            guard text.hasPrefix("errno:") else {
                throw SeccompActionParseError(text: text)
            }
            let value = String(text.dropFirst("errno:".count))
            if let number = ErrnoNames.byName[value] ?? Int32(value), number > 0, number < 4096 {
                self = .errno(number)
            } else {
                throw SeccompActionParseError(text: text)
            }
        }
    }

    public var description: String {
        switch self {
        case .allow: return "allow"
        case .log: return "log"
        case .killProcess: return "kill_process"
        case .errno(let number): return "errno:" + (ErrnoNames.name(of: number) ?? String(number))
        }
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try SeccompAction(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "\(error)")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

struct SeccompActionParseError: Error, CustomStringConvertible {
    var text: String
    var description: String {
        "unknown action '\(text)' (expected allow, log, kill_process or errno:NAME such as errno:EPERM)"
    }
}
