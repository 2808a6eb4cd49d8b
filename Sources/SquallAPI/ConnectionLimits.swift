import Foundation
import Hummingbird
import HummingbirdCore
import NIOCore
import Logging
import SquallEngine

/// How many connections the API takes and how long an idle one may stay, so slow or idle clients
/// cannot pin the server: idle connections close after `api_idle_timeout`; beyond
/// `api_max_connections` new ones wait in the listen backlog. The open-files limit is raised to
/// its hard limit so that many connections do not run out of descriptors first.
enum ConnectionLimits {
    static func server(_ api: APISettings) -> HTTPServerBuilder {
        .http1(configuration: .init(idleTimeout: .seconds(Int64(api.idleTimeoutSeconds))))
    }

    static func configuration(_ api: APISettings, host: String, port: Int) -> ApplicationConfiguration {
        .init(address: .hostname(host, port: port), serverName: "squall", backlog: 1024,
              availableConnectionsDelegate: MaximumAvailableConnections(api.maxConnections))
    }

    /// Raises the soft RLIMIT_NOFILE to the hard one; says so when connections could still outrun it.
    static func raiseOpenFilesLimit(wanted: Int, logger: Logger) {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return }
        if limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        // Children, the store and sensors need descriptors too: keep a margin of 256.
        if Int(clamping: limit.rlim_cur) < wanted + 256 {
            logger.warning("api_max_connections \(wanted) is near the open files limit \(limit.rlim_cur): connections beyond it are refused")
        }
    }
}
