import Foundation
import SquallTestSupport

extension PackInstallerTestCase {
    /// A port on 127.0.0.1 that nothing listens on: bound, then closed.
    func closedPort() throws -> Int { try FreePort.closed() }
}
