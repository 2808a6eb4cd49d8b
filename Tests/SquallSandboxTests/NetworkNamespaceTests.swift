import Foundation
import SquallSandbox
import XCTest

/// `net` in the policy denies the network: a loopback of the child's own and nothing else.
final class NetworkNamespaceTests: XCTestCase {
    func testDeniedNetworkHasOnlyLoopbackAndCannotReachTheHost() throws {
        // nsjail's default (clone_newnet with only lo up): the host's 127.0.0.1 is another machine.
        let layout = try IsolatedLayout.make(for: self)
        let listener = try LoopbackListener()
        let program = """
        import errno, socket
        print(socket.if_nameindex())
        try:
            socket.create_connection(('127.0.0.1', \(listener.port)), timeout=5)
            print('connected')
        except OSError as error:
            print(errno.errorcode[error.errno])
        """
        let child = try layout.python(program, policy: isolatedPolicy(network: false))
        XCTAssertEqual(child.stdout, "[(1, 'lo')]\nECONNREFUSED\n", child.stderr)
    }

    func testAllowedNetworkReachesTheHostLoopback() throws {
        // Positive control (Docker's default bridge-less host network): TCP to loopback works when allowed.
        let layout = try IsolatedLayout.make(for: self)
        let listener = try LoopbackListener()
        let program = """
        import socket
        connection = socket.create_connection(('127.0.0.1', \(listener.port)), timeout=5)
        connection.sendall(b'ping'); connection.close(); print('sent')
        """
        let child = try layout.python(program, policy: isolatedPolicy(network: true))
        XCTAssertEqual(child.stdout, "sent\n", child.stderr)
        XCTAssertEqual(listener.acceptAndRead(), "ping")
    }
}
