import Hummingbird

/// `GET /api/v1/openapi.yaml`: the document describing every route (no credentials needed, as
/// st2 serves its own spec).
struct OpenAPIController {
    func addRoutes(to router: Router<APIRequestContext>) {
        router.get("api/v1/openapi.yaml", use: document)
    }

    @Sendable func document(request: Request, context: APIRequestContext) async throws -> Response {
        Response(status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.yaml)))
    }
}
