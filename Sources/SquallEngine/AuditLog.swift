import Foundation
import Logging
import SquallModel
#if canImport(Glibc)
import Glibc
#endif

/// Who is acting: the API binds one per request (`AuditContext.$current`), the CLI sets one per
/// invocation on its engine (`Engine.setAuditContext`).
public struct AuditContext: Sendable, Equatable {
    /// The user (API) or `cli:<unix user>`.
    public var actor: String
    /// The peer's address, or `cli`.
    public var source: String
    public var requestID: String

    public init(actor: String, source: String, requestID: String) {
        self.actor = actor; self.source = source; self.requestID = requestID
    }

    /// The request being served, when a front end bound one for the current task or thread.
    @TaskLocal public static var current: AuditContext?

    /// This CLI invocation: the unix user running it and a fresh request id.
    public static func commandLine() -> AuditContext {
        let user = getpwuid(geteuid()).flatMap { $0.pointee.pw_name.map { String(cString: $0) } } ?? String(geteuid())
        return AuditContext(actor: "cli:" + user, source: "cli", requestID: UUID().uuidString.lowercased())
    }

    /// State changes the engine makes on its own (a server's housekeeping), not for a front end.
    static let engineItself = AuditContext(actor: "system", source: "squall", requestID: "")
}

/// `<data-dir>/audit.log`: one JSON object per line for every state change a front end makes.
/// Each line goes out in one `write(2)` on an `O_APPEND` descriptor, so lines from concurrent
/// processes never interleave; the file is created 0600. With `audit_syslog` each line also goes
/// to syslog(3). Secrets are the caller's to leave out: entries carry names, never values.
public struct AuditLog: Sendable {
    public let path: String
    public let syslog: Bool
    /// `audit_max_bytes`: rotate past this size (AuditLogRotation); nil: never (logrotate's job).
    public let maxBytes: Int?
    /// Without `maxBytes`: the descriptor kept open between lines (AuditLogFile).
    private let file: AuditLogFile
    private static let logger = Logger(label: "squall.audit")

    public init(settings: Settings) {
        path = settings.dataDirectory + "/audit.log"
        syslog = settings.auditSyslog
        maxBytes = settings.auditMaxBytes
        file = AuditLogFile(path: path)
    }

    public enum Outcome: String, Sendable { case success, failure }

    /// Appends one entry. A failure to write is logged, never thrown: the change itself happened.
    public func record(_ context: AuditContext, action: String, target: String, outcome: Outcome,
                       reason: String? = nil, detail: [String: JSONValue] = [:], at time: Date = Date()) {
        var entry: [String: JSONValue] = [
            "time": .string(Timestamps.format(time)), "actor": .string(context.actor), "source": .string(context.source),
            "request_id": .string(context.requestID), "action": .string(action), "target": .string(target),
            "outcome": .string(outcome.rawValue),
        ]
        if let reason { entry["reason"] = .string(reason) }
        if !detail.isEmpty { entry["detail"] = .object(detail) }
        let line = JSONValue.object(entry).jsonString()
        append(line + "\n")
        if syslog { Self.sendToSyslog(line) }
    }

    private func append(_ line: String) {
        guard let maxBytes else { return file.append(Array(line.utf8)) }
        // Rotating: each line opens the path and locks it (AuditLogRotation).
        var fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            Self.logger.error("audit line not written", metadata: ["file": "\(path)", "errno": "\(errno)"])
            return
        }
        let bytes = Array(line.utf8)
        fd = lockedForAppend(fd, lineBytes: bytes.count, maxBytes: maxBytes)
        defer { close(fd) }
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        if written != bytes.count {
            Self.logger.error("audit line not written whole", metadata: ["file": "\(path)", "written": "\(written)", "errno": "\(errno)"])
        }
    }

    /// openlog keeps the ident pointer: it must outlive the process's logging, so it is never freed.
    private static let syslogOpened: Void = { openlog(strdup("squall"), LOG_PID, LOG_AUTHPRIV) }()

    private static func sendToSyslog(_ line: String) {
        _ = syslogOpened
        // syslog(3) is variadic, which Swift cannot call; vsyslog is its va_list form.
        line.withCString { text in withVaList([text]) { vsyslog(LOG_NOTICE, "%s", $0) } }
    }
}
