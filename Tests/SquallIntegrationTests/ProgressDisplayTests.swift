import XCTest
import SquallRunners

/// Progress on a terminal is one updating line cut to the terminal's width; on a pipe it is plain lines.
final class ProgressDisplayTests: XCTestCase {
    func testTerminalGetsOneUpdatingLine() throws {
        var master: Int32 = -1, slave: Int32 = -1
        var size = winsize(ws_row: 24, ws_col: 30, ws_xpixel: 0, ws_ypixel: 0)
        XCTAssertEqual(openpty(&master, &slave, nil, nil, &size), 0)
        defer { close(master) }
        let display = ProgressDisplay(fileDescriptor: slave)
        XCTAssertTrue(display.isTerminal)
        display.show("[demo] creating virtualenv")
        display.show("  Collecting six")
        display.show("  Downloading a-very-long-package-name-that-cannot-fit.whl")
        display.finish()
        display.finish()
        close(slave)
        let output = readAll(master)
        let erase = "\r\u{1B}[K"
        XCTAssertEqual(output, erase + "[demo] creating virtualenv" + erase + "Collecting six" + erase
                       + "Downloading a-very-long-packa" + "\r\n")
    }

    /// The server's choice: its log lines share the terminal, so progress stays plain there too.
    func testPlainDisplayOnATerminal() throws {
        var master: Int32 = -1, slave: Int32 = -1
        XCTAssertEqual(openpty(&master, &slave, nil, nil, nil), 0)
        defer { close(master) }
        let display = ProgressDisplay(fileDescriptor: slave, updating: false)
        display.show("[demo] creating virtualenv")
        display.show("  Collecting six")
        display.finish()
        close(slave)
        XCTAssertEqual(readAll(master), "[demo] creating virtualenv\r\n  Collecting six\r\n")
    }

    func testPipeGetsPlainLines() throws {
        var fds: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&fds), 0)
        let display = ProgressDisplay(fileDescriptor: fds[1])
        XCTAssertFalse(display.isTerminal)
        display.show("[demo] creating virtualenv")
        display.show("  Collecting six")
        display.finish()
        close(fds[1])
        XCTAssertEqual(readAll(fds[0]), "[demo] creating virtualenv\n  Collecting six\n")
        close(fds[0])
    }

    private func readAll(_ fd: Int32) -> String {
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(fd, &buffer, buffer.count)
            if count <= 0 { break }   // EIO from a pty master once the slave is closed
            data += buffer[0..<count]
        }
        return String(decoding: data, as: UTF8.self)
    }
}
