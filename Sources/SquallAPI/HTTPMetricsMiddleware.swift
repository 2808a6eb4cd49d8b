import Hummingbird

/// Counts and times every request by its route template (`/api/v1/executions/{id}`, never the raw
/// path, which would make a series per id), method and status. Placed outside FaultMiddleware so
/// it sees the status actually sent. A streamed body's time after its head is not included.
struct HTTPMetricsMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    let metrics: PrometheusMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let clock = ContinuousClock()
        let started = clock.now
        let response = try await next(request, context)
        metrics.requestServed(route: context.endpointPath ?? "unmatched", method: request.method.rawValue,
                              status: response.status.code, duration: clock.now - started)
        return response
    }
}
