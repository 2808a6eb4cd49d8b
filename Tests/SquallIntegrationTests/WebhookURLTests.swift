import SquallEngine
import XCTest

/// Webhook urls lose their leading and trailing `/` as st2 strips them, and nothing else: inner
/// slashes and non-ASCII names stay whole (the trim works on UTF-8 bytes).
final class WebhookURLTests: XCTestCase {
    func testOnlyLeadingAndTrailingSlashesAreStripped() {
        for (given, expected) in [("deploy", "deploy"), ("/deploy/", "deploy"), ("//forms/signup///", "forms/signup"),
                                  ("/café/é/", "café/é"), ("é", "é"), ("///", ""), ("", ""), ("a//b", "a//b")] {
            XCTAssertEqual(Engine.normalizedWebhookURL(given), expected, given)
        }
    }
}
