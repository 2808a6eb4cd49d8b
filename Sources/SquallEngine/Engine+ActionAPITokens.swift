import Foundation
import Synchronization
import SquallModel
import SquallRunners

/// st2's actions container gives each execution a token of the execution's user for as long as it
/// runs, with the API's URL, so `st2client` inside the action talks back to the API
/// (st2actions/container/base.py). squall does the same when this process serves the API
/// (`squall server` with `api_listen` on): the token is stored hashed like any other, lives at most
/// the execution's timeout plus a minute, and is revoked as soon as the runner returns. It reaches
/// the child only through its environment: never a record, a log line or an argument.
extension Engine {
    /// Runners whose children get the URLs and a token: those building ChildEnvironment, and the SSH
    /// runners, which st2 gives ST2_ACTION_API_URL and ST2_ACTION_AUTH_TOKEN on the remote host too.
    static let runnersGivenAPIAccess: Set<String> = ["python-script", "local-shell-cmd", "local-shell-script",
                                                     "remote-shell-cmd", "remote-shell-script"]

    /// From now on executions run here get the API at `host:port` (squall-server, when it serves
    /// the API). A wildcard listen address is reached on loopback.
    public func serveActionAPI(host: String, port: Int, https: Bool) {
        let reachable: String
        switch host {
        case "0.0.0.0", "": reachable = "127.0.0.1"
        case "::": reachable = "[::1]"
        default: reachable = host.contains(":") ? "[\(host)]" : host
        }
        actionAPIBaseURL.withLock { $0 = (https ? "https" : "http") + "://\(reachable):\(port)" }
    }

    /// A token for this execution's user, or nil when no API is served here, the runner starts no
    /// child, or the token cannot be stored (logged: the action then runs without one, as st2's
    /// runs without a user do).
    func actionAPIAccess(for job: RunnerJob) -> (access: ActionAPIAccess, token: AuthToken)? {
        guard let baseURL = actionAPIBaseURL.withLock({ $0 }), Self.runnersGivenAPIAccess.contains(job.action.runnerType) else {
            return nil
        }
        do {
            let ttl = min(max(job.timeoutSeconds, 1) + 60, settings.api.tokenTTLSeconds)
            let issued = try issueToken(for: job.user, ttlSeconds: ttl)
            return (ActionAPIAccess(baseURL: baseURL, token: issued.secret), issued.record)
        } catch {
            logger.error("no API token for the execution", metadata: ["execution": "\(job.executionId)", "reason": "\(error)"])
            return nil
        }
    }

    /// Ends an execution's token: stored again already expired (the store's next token save sweeps it).
    func revokeActionToken(_ token: AuthToken, executionId: String) {
        var expired = token
        expired.expiry = Date(timeIntervalSince1970: 0)
        defer { credentialsChanged() }
        do {
            try store.saveToken(expired)
        } catch {
            logger.error("execution's API token not revoked (it expires with its TTL)",
                         metadata: ["execution": "\(executionId)", "reason": "\(error)"])
        }
    }
}
