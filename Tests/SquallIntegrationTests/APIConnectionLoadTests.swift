import Foundation
import XCTest

/// A thousand connections to the API at once (default limits: api_idle_timeout 60 s, so none is
/// closed for idling while the test opens the others).
final class APIConnectionLoadTests: APISessionTestCase {
    /// A thousand connections at once, each sending a request: every one is answered, none is
    /// left hanging, and the server serves on afterwards.
    func testAThousandConcurrentConnectionsAreServedAndTheServerStaysUp() throws {
        var open: [TCPConnection] = []
        defer { open.forEach { $0.close() } }
        for _ in 0..<1000 { open.append(try TCPConnection(port: session.port)) }
        for connection in open {
            XCTAssertTrue(connection.send("GET /api/v1/user HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"))
        }
        var answered = 0
        var ends: [TCPConnection.End: Int] = [:]
        for connection in open {
            let (text, end) = connection.readToEnd()
            if text.hasPrefix("HTTP/1.1 401") && text.contains("\"faultstring\"") { answered += 1 }
            ends[end, default: 0] += 1
        }
        XCTAssertEqual(answered, 1000)
        XCTAssertEqual(ends[.closed], 1000, "\(ends)")
        XCTAssertTrue(session.server.isRunning)
        XCTAssertEqual(try session.http("GET", "/metrics").status, 200)
    }
}
