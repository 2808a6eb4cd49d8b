import Foundation
import XCTest

/// A real HTTP server on 127.0.0.1 (Python's http.server on a free port) serving a directory of index
/// files; over TLS when given a certificate and key.
final class IndexServer {
    let directory: String
    let port: Int
    let scheme: String
    private let process: Process

    /// http.server wrapped in TLS: its command line has no TLS option.
    private static let tlsServer = """
        import functools, http.server, ssl, sys
        directory, cert, key = sys.argv[1:4]
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                                 functools.partial(http.server.SimpleHTTPRequestHandler, directory=directory))
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        server.socket = context.wrap_socket(server.socket, server_side=True)
        print("Serving on port", server.server_address[1], flush=True)
        server.serve_forever()
        """

    init(directory: String, tls: (certificate: String, key: String)? = nil) throws {
        self.directory = directory
        scheme = tls == nil ? "http" : "https"
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        // Port 0: the kernel picks a free port, which the server prints on its first line.
        if let tls {
            process.arguments = ["-u", "-c", Self.tlsServer, directory, tls.certificate, tls.key]
        } else {
            process.arguments = ["-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", directory]
        }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) { line += byte }
        let text = String(decoding: line, as: UTF8.self)
        guard let portText = text.split(separator: " ").first(where: { Int($0) != nil && $0 != "0" }), let port = Int(portText) else {
            process.terminate()
            throw NSError(domain: "IndexServer", code: 1, userInfo: [NSLocalizedDescriptionKey: "http.server said: \(text)"])
        }
        self.port = port
    }

    func url(_ file: String) -> String { "\(scheme)://127.0.0.1:\(port)/\(file)" }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }

    /// Writes an index in st2's format: `{"metadata": ..., "packs": {name: entry}}`.
    static func writeIndex(_ packs: [String: [String: Any]], to path: String) throws {
        let document: [String: Any] = ["metadata": ["generated_ts": 1_700_000_000, "hash": "test"], "packs": packs]
        let data = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])
        try data.write(to: URL(fileURLWithPath: path))
    }

    /// An index entry as StackStorm Exchange publishes one.
    static func entry(_ name: String, repo: String, version: String = "1.0.0", description: String = "a test pack",
                      keywords: [String] = [], author: String = "tester") -> [String: Any] {
        ["name": name, "ref": name, "description": description, "keywords": keywords, "author": author,
         "email": "tester@example.invalid", "repo_url": repo, "version": version,
         "content": ["actions": ["count": 1, "resources": ["hello"]]]]
    }

    /// A URL nothing listens on: port 1 needs privileges to bind and is never served in tests.
    static let unreachable = "http://127.0.0.1:1/index.json"
}
