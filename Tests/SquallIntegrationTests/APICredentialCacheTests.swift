import Foundation
import SquallModel
import XCTest

/// The API keeps credential look-ups for a moment (CredentialCache), and revocations still hold:
/// one made through the server takes effect at once, one made by another process within seconds.
final class APICredentialCacheTests: St2SessionTestCase {
    func testAnAPIKeyDisabledOrDeletedThroughTheAPIIsRefusedAtOnce() throws {
        let token = try session.token()
        let created = try session.http("POST", "/api/v1/apikeys", headers: ["X-Auth-Token: \(token)"], body: "{}")
        XCTAssertEqual(created.status, 201, created.body)
        let document = try JSONValue.parse(created.body)
        let key = try XCTUnwrap(document["key"]?.stringValue), id = try XCTUnwrap(document["id"]?.stringValue)
        // Looked up twice: the second answer comes from the cache.
        for _ in 0..<2 { XCTAssertEqual(try session.http("GET", "/api/v1/actions", headers: ["St2-Api-Key: \(key)"]).status, 200) }

        let disabled = try session.http("PUT", "/api/v1/apikeys/\(id)", headers: ["X-Auth-Token: \(token)"],
                                        body: "{\"enabled\": false}")
        XCTAssertEqual(disabled.status, 200, disabled.body)
        XCTAssertEqual(try session.http("GET", "/api/v1/actions", headers: ["St2-Api-Key: \(key)"]).status, 401)

        let enabled = try session.http("PUT", "/api/v1/apikeys/\(id)", headers: ["X-Auth-Token: \(token)"],
                                       body: "{\"enabled\": true}")
        XCTAssertEqual(enabled.status, 200, enabled.body)
        XCTAssertEqual(try session.http("GET", "/api/v1/actions", headers: ["St2-Api-Key: \(key)"]).status, 200)
        XCTAssertEqual(try session.http("DELETE", "/api/v1/apikeys/\(id)", headers: ["X-Auth-Token: \(token)"]).status, 204)
        XCTAssertEqual(try session.http("GET", "/api/v1/actions", headers: ["St2-Api-Key: \(key)"]).status, 401)
    }

    /// `squall user delete` in another process deletes bob's tokens: the server's cached look-up
    /// lapses (`api_credential_cache_seconds`, 2 s) and bob's token is refused.
    func testATokenRevokedByAnotherProcessIsRefusedOnceTheCachedLookUpLapses() throws {
        let token = try usedTokenOfNewUserBob()

        XCTAssertEqual(try harness.squall(["user", "delete", "bob"]).status, 0)
        try eventually("bob's token refused") { try session.http("GET", "/api/v1/actions", headers: ["X-Auth-Token: \(token)"]).status == 401 }
    }
}

/// `api_credential_cache_seconds` 0: nothing is kept, so a revocation by another process is
/// refused by the very next request.
final class APICredentialCacheSettingTests: St2SessionTestCase {
    override class var serverEnvironment: [String: String] { ["SQUALL_API_CREDENTIAL_CACHE_SECONDS": "0"] }

    func testWithNoCacheARevocationByAnotherProcessHoldsAtOnce() throws {
        let token = try usedTokenOfNewUserBob()

        XCTAssertEqual(try harness.squall(["user", "delete", "bob"]).status, 0)
        XCTAssertEqual(try session.http("GET", "/api/v1/actions", headers: ["X-Auth-Token: \(token)"]).status, 401)
    }
}

extension St2SessionTestCase {
    /// A token of bob (created now by the CLI), used twice: the second look-up may come from the cache.
    fileprivate func usedTokenOfNewUserBob() throws -> String {
        let create = try harness.squallWithInput(["user", "create", "bob", "--password-stdin"], input: "bob's password")
        XCTAssertEqual(create.status, 0, create.stderr)
        let basic = Data("bob:bob's password".utf8).base64EncodedString()
        let issued = try session.http("POST", "/auth/v1/tokens", headers: ["Authorization: Basic \(basic)"], body: "{}")
        let token = try XCTUnwrap(try JSONValue.parse(issued.body)["token"]?.stringValue, issued.body)
        for _ in 0..<2 { XCTAssertEqual(try session.http("GET", "/api/v1/actions", headers: ["X-Auth-Token: \(token)"]).status, 200) }
        return token
    }
}
