import Hummingbird

/// `GET /bench/hello`: a bare reply through the same stack (request id, metrics, faults), the
/// baseline `make bench` compares API routes with. Only with the `api_bench_routes` setting.
struct BenchController {
    func addRoutes(to router: Router<APIRequestContext>) {
        router.get("bench/hello", use: hello)
    }

    @Sendable func hello(request: Request, context: APIRequestContext) async throws -> Response {
        Response(status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: "hello")))
    }
}
