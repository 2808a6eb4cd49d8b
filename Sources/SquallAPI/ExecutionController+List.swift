import Foundation
import Hummingbird
import SquallEngine
import SquallModel

/// `GET /executions` in two reads: the page's stamps, then only the records whose document is
/// not cached (ExecutionDocumentCache); the reply is the documents' bytes joined as the JSON
/// writer would join them (`[a, b]`).
extension ExecutionController {
    func renderedPage(_ query: ExecutionQuery, includeResult: Bool, ascending: Bool) throws -> (body: ByteBuffer, total: Int) {
        let page = try engine.executionStamps(query)
        var documents: [[UInt8]?] = page.items.map { documentCache.document(.init(stamp: $0, includeResult: includeResult)) }
        let missing = zip(page.items, documents).compactMap { $1 == nil ? $0.id : nil }
        if !missing.isEmpty {
            var rendered: [String: [UInt8]] = [:]
            for execution in try engine.executions(ids: missing, includeResults: includeResult) {
                let document = Self.document(execution, includeResult: includeResult, children: try engine.childIds(of: execution))
                let bytes = document.withJSONBytes { Array($0) }
                // Keyed by the record as read now: it may have completed since its stamp was read.
                let stamp = ExecutionStamp(id: execution.id, status: execution.status, endTimestamp: execution.endTimestamp)
                documentCache.keep(bytes, for: .init(stamp: stamp, includeResult: includeResult))
                rendered[execution.id] = bytes
            }
            for (index, stamp) in page.items.enumerated() where documents[index] == nil { documents[index] = rendered[stamp.id] }
        }
        // An execution purged between the two reads is left out.
        var present = documents.compactMap { $0 }
        if ascending { present.reverse() }
        var body = ByteBuffer()
        body.reserveCapacity(present.reduce(2) { $0 + $1.count + 2 })
        body.writeInteger(UInt8(ascii: "["))
        for (index, document) in present.enumerated() {
            if index > 0 { body.writeString(", ") }
            body.writeBytes(document)
        }
        body.writeInteger(UInt8(ascii: "]"))
        return (body, page.total)
    }
}
