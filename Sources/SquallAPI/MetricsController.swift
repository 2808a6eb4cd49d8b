import Hummingbird

/// `GET /metrics`: Prometheus' text format, without credentials as scrapers expect (counts and
/// refs only; the API listens on 127.0.0.1 unless `api_listen` says otherwise).
struct MetricsController {
    let metrics: PrometheusMetrics

    func addRoutes(to router: Router<APIRequestContext>) {
        router.get("metrics", use: scrape)
    }

    @Sendable func scrape(request: Request, context: APIRequestContext) async throws -> Response {
        Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: metrics.exposition())))
    }
}
