import XCTest

/// A test case with a live server (API on, the quiet fixture packs) and a logged-in st2 session
/// against it, stopped after each test.
class St2SessionTestCase: EngineTestCase {
    var session: St2Session!
    /// Settings (`SQUALL_...` variables) of a subclass's server.
    class var serverEnvironment: [String: String] { [:] }

    override func setUpWithError() throws {
        try super.setUpWithError()
        session = try St2Session(harness: harness, extraEnvironment: ["SQUALL_PACKS_PATH": try harness.quietFixturePackCopy()]
            .merging(Self.serverEnvironment) { _, given in given })
    }

    override func tearDown() {
        session?.stop()
        session = nil
        super.tearDown()
    }
}
