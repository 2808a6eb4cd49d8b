import XCTest

/// A test case with a live server (API on, the quiet fixture packs) and a logged-in st2 session
/// against it, stopped after each test.
class St2SessionTestCase: EngineTestCase {
    var session: St2Session!

    override func setUpWithError() throws {
        try super.setUpWithError()
        session = try St2Session(harness: harness, extraEnvironment: ["SQUALL_PACKS_PATH": try harness.quietFixturePackCopy()])
    }

    override func tearDown() {
        session?.stop()
        session = nil
        super.tearDown()
    }
}
