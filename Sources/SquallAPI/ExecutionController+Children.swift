import Foundation
import Hummingbird
import SquallEngine
import SquallModel

extension ExecutionController {
    /// `executions/{id}/children` (`st2 execution get` of a workflow): every execution it started,
    /// depth first, `depth` levels down (-1, the default: all); `result_fmt=sorted` orders them by
    /// start time instead, as st2 does.
    @Sendable func children(request: Request, context: APIRequestContext) async throws -> Response {
        let parent = try await find(try context.parameters.require("id"))
        let depth = try Self.depth(request)
        let sorted = request.query("result_fmt") == "sorted"
        let engine = self.engine
        let documents = try await blocking {
            var descendants = try engine.descendants(of: parent.id, depth: depth)
            if sorted { descendants.sort { $0.startTimestamp < $1.startTimestamp } }
            return try descendants.map { Self.document($0, children: try engine.childIds(of: $0)) }
        }
        return JSONResponse.make(.array(documents))
    }

    private static func depth(_ request: Request) throws -> Int {
        guard let text = request.query("depth") else { return -1 }
        guard let number = Int(text) else { throw APIError(.badRequest, "query parameter 'depth': '\(text)' is not an integer") }
        return number
    }
}
