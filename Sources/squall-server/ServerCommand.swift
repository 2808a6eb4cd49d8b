import ArgumentParser
import Foundation
import Logging
import SquallAPI
import SquallCommandLine
import SquallCredentials
import SquallEngine
import SquallRunners
import SquallModel
import SquallSandbox
import ServiceLifecycle
import Synchronization

/// `squall server`: sensors, timers and rules until SIGTERM or SIGINT.
struct ServerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "server", abstract: "Host sensors, fire timers and enforce rules.",
                                                    subcommands: [ServerStatusCommand.self])

    @OptionGroup var global: GlobalOptions
    @Option(help: "How many executions may run at once.") var concurrency = 4
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.") var logLevel = "info"

    func run() throws {
        guard let level = Logger.Level(rawValue: logLevel) else { throw CLIError.badInput("unknown log level '\(logLevel)'") }
        guard concurrency > 0 else { throw CLIError.badInput("--concurrency must be at least 1") }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        // Log lines share stderr with virtualenv progress: plain lines, never an updating one.
        let engine = try global.engine(showPackErrors: true, credentials: .standard, progress: .plainStandardError)
        // The server's own changes are the engine's; each API request names its user (RequestAudit).
        engine.setAuditContext(nil)
        reportSandboxGaps(policy: engine.policy)
        let server = Server(engine: engine, options: .init(concurrency: concurrency))

        // Stop cleanly on SIGTERM/SIGINT: sensors get cleanup(), running executions may finish.
        // The group traps the signals (and waits until they are registered) before the server
        // starts, so a SIGTERM right after "server started" is not lost. SIG_IGN first, as Dispatch's
        // signal sources want: the default action would end the process.
        for signalNumber in [SIGTERM, SIGINT] { signal(signalNumber, SIG_IGN) }
        // The HTTP API (api_listen; off when set to `off`) beside the server, on the same engine.
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: server)]
        if let api = try reportingErrors({ try APIServer.service(engine: engine, server: server) }) { services.append(.init(service: api)) }
        let group = ServiceGroup(configuration: .init(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint],
            logger: Logger(label: "squall.service")))
        try reportingErrors { try waitFor { try await group.run() } }
    }
}

/// Runs `work` to its end from synchronous code (the CLI's commands are synchronous).
private func waitFor(_ work: @escaping @Sendable () async throws -> Void) throws {
    let outcome = Mutex<Result<Void, Error>?>(nil)
    let done = DispatchSemaphore(value: 0)
    Task.detached {
        do { try await work(); outcome.withLock { $0 = .success(()) } } catch { outcome.withLock { $0 = .failure(error) } }
        done.signal()
    }
    done.wait()
    try outcome.withLock { $0 }?.get()
}

/// Says once, at start-up, which protections this host or the site policy leaves off.
func reportSandboxGaps(policy: SandboxPolicy) {
    let logger = Logger(label: "squall.sandbox")
    for line in SandboxFeatures.current.unavailable { logger.warning("protection off: \(line)") }
    for (controller, reason) in CgroupHost.shared.availability.unavailable.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
        logger.warning("protection off: cgroup \(controller.rawValue): \(reason)")
    }
    if policy.namespaces.isEmpty {
        logger.warning("protection off: namespaces and the filesystem view (the site policy lists no namespaces)")
    }
    if policy.namespaces.contains(.pid), !InitProgram.isAvailable {
        logger.warning("protection off: squall-init is not beside the squall executable: each child is PID 1 of its pid namespace (signals without a handler are dropped, orphans are not reaped)")
    }
}
