import Foundation
import SquallModel
import SquallTransport
import XCTest

final class MessageCodingTests: XCTestCase {
    func testChildMessagesRoundTrip() throws {
        let messages: [ChildMessage] = [
            .hello(executionId: "e1", pid: 123),
            .log(level: "WARNING", logger: "st2.actions.python.X", message: "line\nwith \"quotes\" é"),
            .datastore(id: 3, op: "set_value", args: ["name": "p.C:k", "value": "v", "ttl": nil]),
            .result(status: nil, result: ["a": [1, 2.5, nil]]),
            .result(status: false, result: "text"),
            .error(exitCode: 220, message: "bad status"),
        ]
        for message in messages {
            XCTAssertEqual(try ChildMessage.decode(message.encoded()), message)
        }
    }

    func testWireFormatOfChildMessagesMatchesTheProtocol() throws {
        XCTAssertEqual(String(decoding: ChildMessage.hello(executionId: "e", pid: 7).encoded(), as: UTF8.self),
                       #"{"execution_id": "e", "pid": 7, "type": "hello"}"#)
        // Python's json.dumps output, as the child sends it.
        let fromPython = #"{"type": "result", "status": true, "result": {"k": [1, 2.5, "s", null, false]}}"#
        XCTAssertEqual(try ChildMessage.decode(Data(fromPython.utf8)),
                       .result(status: true, result: ["k": [1, 2.5, "s", nil, false]]))
        XCTAssertEqual(try ChildMessage.decode(Data(#"{"type": "result", "result": 5}"#.utf8)),
                       .result(status: nil, result: 5))
    }

    func testSupervisorMessagesEncodeAsTheProtocolSays() throws {
        let request = ExecuteRequest(
            executionId: "e1", pack: "p", action: "p.a", entryPoint: "/abs/a.py",
            parameters: ["n": 1], config: ["secret": "s"], user: "u", debug: true, logLevel: "INFO")
        XCTAssertEqual(SupervisorMessage.execute(request).json, [
            "type": "execute", "execution_id": "e1", "pack": "p", "action": "p.a", "entry_point": "/abs/a.py",
            "parameters": ["n": 1], "config": ["secret": "s"], "user": "u", "debug": true, "log_level": "INFO",
        ])
        XCTAssertEqual(SupervisorMessage.datastoreSuccess(id: 2, value: nil).json,
                       ["type": "datastore_reply", "id": 2, "ok": true, "value": nil])
        XCTAssertEqual(SupervisorMessage.datastoreFailure(id: 3, error: "nope").json,
                       ["type": "datastore_reply", "id": 3, "ok": false, "error": "nope"])
        for message in [SupervisorMessage.execute(request), .datastoreSuccess(id: 2, value: ["x": 1]),
                        .datastoreFailure(id: 3, error: "nope")] {
            XCTAssertEqual(try SupervisorMessage.decode(message.encoded()), message)
        }
    }
}
