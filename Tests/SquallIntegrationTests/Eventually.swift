import Foundation
import XCTest

extension XCTestCase {
    /// Polls `condition` for up to 60 s (a loaded 2-core machine builds venvs and starts Pythons slowly).
    func eventually(_ what: String, _ condition: () throws -> Bool) rethrows {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if try condition() { return }
            usleep(100_000)
        }
        XCTFail("timed out waiting for \(what)")
    }
}
