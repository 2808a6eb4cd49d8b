@testable import SquallEngine
import XCTest

/// A webhook's header names as st2's payload gives them (`headers` in WSGI's form, `headers_lower`):
/// the one-pass ASCII path gives what lower-casing, splitting at `-` and capitalizing each part gives.
final class WebhookHeaderNamesTests: XCTestCase {
    func testTheOnePassNamesEqualTheSplitAndCapitalizeForm() {
        for name in ["X-GitHub-Event", "content-type", "HOST", "x--double", "-leading", "trailing-", "X-1st-Try", "a_b-c.d", "", "Ünï-Cödé"] {
            let lowered = name.lowercased()
            let wsgi = lowered.split(separator: "-", omittingEmptySubsequences: false)
                .map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: "-")
            let names = WebhookPayload.names(name)
            XCTAssertEqual(names.lower, lowered, name)
            XCTAssertEqual(names.wsgi, wsgi, name)
        }
        XCTAssertEqual(WebhookPayload.names("x-github-event").wsgi, "X-Github-Event")
    }
}
