import Foundation
import Hummingbird
import Logging
import SquallEngine

/// An error answered the way st2 answers: `{"faultstring": "..."}` with st2's status code.
struct APIError: HTTPResponseError {
    let status: HTTPResponse.Status
    let faultstring: String

    init(_ status: HTTPResponse.Status, _ faultstring: String) {
        self.status = status
        self.faultstring = faultstring
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        JSONResponse.make(["faultstring": .string(faultstring)], status: status)
    }
}

/// Turns every error into st2's shape: the engine's bad input is 400, not found 404, busy 503; Hummingbird's
/// own errors (no route 404, body too large 413) keep their status; anything else is a 500 that
/// says only "Internal Server Error" (the detail goes to the log).
struct FaultMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return try error.response(from: request, context: context)
        } catch let error as EngineError {
            switch error {
            case .badInput(let message): return JSONResponse.fault(.badRequest, message)
            case .notFound(let message): return JSONResponse.fault(.notFound, message)
            case .failure(let message):
                logger.error("request failed", metadata: ["path": "\(request.uri.path)", "request_id": "\(context.requestID)", "error": "\(message)"])
                return JSONResponse.fault(.internalServerError, "Internal Server Error")
            }
        } catch let error as EngineBusy {
            return JSONResponse.fault(.serviceUnavailable, error.description)
        } catch let error as HTTPResponseError where error.status != .internalServerError {
            let message = error.status == .notFound ? "The resource could not be found." : error.status.reasonPhrase
            return JSONResponse.fault(error.status, message)
        } catch {
            logger.error("request failed", metadata: ["path": "\(request.uri.path)", "request_id": "\(context.requestID)", "error": "\(error)"])
            return JSONResponse.fault(.internalServerError, "Internal Server Error")
        }
    }
}
