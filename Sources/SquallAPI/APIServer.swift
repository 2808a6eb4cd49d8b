import Hummingbird
import Logging
import ServiceLifecycle
import SquallEngine
import SquallModel

/// st2's HTTP API over the engine facade: one listener for `/api/v1`, `/auth/v1` and `/stream/v1`
/// (st2's paths behind its nginx), so the unmodified `st2` client can drive squall. Every handler
/// calls the engine's public facade only (Engine+*.swift), never the store.
public enum APIServer {
    /// The API's HTTP server as a Service for `squall server`'s ServiceGroup; nil when `api_listen` is off.
    /// HTTPS only when `api_tls_certificate`/`api_tls_key` are set; a bad PEM file throws (one line).
    /// From now on the engine reports to the API's metrics (`GET /metrics`), which read `server`'s
    /// queue and sensors at each scrape.
    public static func service(engine: Engine, server: Server? = nil, logger: Logger = Logger(label: "squall.api")) throws -> (any Service)? {
        guard let listen = engine.settings.api.listen else { return nil }
        let httpServer = try TLSListener.server(engine.settings.api)
        let metrics = PrometheusMetrics(server: server)
        engine.metrics = metrics
        engine.serveActionAPI(host: listen.host, port: listen.port, https: engine.settings.api.tls != nil)
        ConnectionLimits.raiseOpenFilesLimit(wanted: engine.settings.api.maxConnections, logger: logger)
        let application = Application(router: router(engine: engine, metrics: metrics, logger: logger),
                                      server: httpServer,
                                      configuration: ConnectionLimits.configuration(engine.settings.api, host: listen.host, port: listen.port),
                                      logger: logger)
        return NamedFailures(application: application, address: "\(listen.host):\(listen.port)")
    }

    /// Says which setting a failure to serve concerns (a port in use stops `squall server` with this line).
    struct NamedFailures<Inner: Service>: Service {
        let application: Inner
        let address: String

        func run() async throws {
            do {
                try await application.run()
            } catch {
                throw EngineError.failure("api_listen \(address): cannot serve the HTTP API: \(error)")
            }
        }
    }

    /// Every route, one controller per resource.
    static func router(engine: Engine, metrics: PrometheusMetrics, logger: Logger) -> Router<APIRequestContext> {
        let router = Router(context: APIRequestContext.self)
        // Outermost first: the id (and who acts, for the audit log) and the metrics see the
        // response FaultMiddleware made of any error.
        router.add(middleware: RequestAudit())
        router.add(middleware: HTTPMetricsMiddleware(metrics: metrics))
        router.add(middleware: FaultMiddleware(logger: logger))
        let bodyCheck = RequestBodyCheck(maxBytes: engine.settings.api.maxBodyBytes)
        MetricsController(metrics: metrics).addRoutes(to: router)
        OpenAPIController().addRoutes(to: router)
        if engine.settings.api.benchRoutes { BenchController().addRoutes(to: router) }
        let auth = router.group("auth/v1").add(middleware: bodyCheck)
        TokenController(engine: engine).addRoutes(to: auth)

        let api = router.group("api/v1").add(middleware: Authentication(engine: engine)).add(middleware: bodyCheck)
        UserController().addRoutes(to: api)
        ActionController(engine: engine).addRoutes(to: api)
        RunnerController(engine: engine).addRoutes(to: api)
        ExecutionController(engine: engine).addRoutes(to: api)
        KeyController(engine: engine).addRoutes(to: api)
        RuleController(engine: engine).addRoutes(to: api)
        TriggerTypeController(engine: engine).addRoutes(to: api)
        TriggerInstanceController(engine: engine).addRoutes(to: api)
        RuleEnforcementController(engine: engine).addRoutes(to: api)
        InquiryController(engine: engine).addRoutes(to: api)
        SensorController(engine: engine).addRoutes(to: api)
        PackController(engine: engine).addRoutes(to: api)
        WebhookController(engine: engine).addRoutes(to: api)
        APIKeyController(engine: engine).addRoutes(to: api)

        let stream = router.group("stream/v1").add(middleware: Authentication(engine: engine))
        StreamController(engine: engine).addRoutes(to: stream)
        return router
    }
}
