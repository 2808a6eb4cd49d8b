import Foundation
import SquallModel
import SquallSandbox

/// Per-pack virtualenvs at `<root>/<pack>`, built with the configured interpreter's
/// `-m venv` and pip from the pack's requirements.txt plus what squall's children need.
/// A venv is rebuilt when its fingerprint (interpreter, requirements) changes; a build happens
/// beside the old venv and replaces it only when complete, so a failed build changes nothing.
/// The operator may give single packs their own interpreter; a pack's `python_versions` is checked
/// against the interpreter before anything is built.
public struct VirtualenvManager: Sendable {
    public let root: String
    public let python: String
    /// Per-pack interpreters set by the operator (pack ref -> absolute path), overriding `python`.
    public let pythonOverrides: [String: String]
    /// Where pip's proxy and PIP_* settings come from (squall's own environment).
    public var environment: [String: String] = ProcessInfo.processInfo.environment
    /// When set, `-m venv` and pip run in the pack's sandbox (see `SandboxedBuildStep`): the
    /// install code of its requirements runs as the pack, writing only the venv being built.
    public var packPolicies: PackPolicyResolver?
    /// st2's runtime packages, appended after the venv's own (`St2RuntimeLayer`); nil when turned off.
    public var st2Layer: St2RuntimeLayer?
    /// Installed into every pack venv: pyzmq for the channel, six because st2 packs rely on it.
    public static let runtimeRequirements = ["pyzmq", "six"]
    static let markerName = ".squall-venv"

    public init(root: String, python: String, pythonOverrides: [String: String] = [:]) {
        self.root = root; self.python = python; self.pythonOverrides = pythonOverrides
    }

    /// The interpreter the pack's venv is built from.
    public func basePython(forPack pack: String) -> String { pythonOverrides[pack] ?? python }

    public func path(forPack pack: String) -> String { root + "/" + pack }
    /// pip's and venv's own output of the pack's last build, kept apart from squall's progress lines.
    public func buildLogPath(forPack pack: String) -> String { root + "/" + pack + ".build.log" }
    public func interpreter(forPack pack: String) -> String { path(forPack: pack) + "/bin/python" }

    /// Whether the pack's venv exists and matches its current requirements.
    public func isCurrent(_ pack: Pack) -> Bool {
        let marker = path(forPack: pack.ref) + "/" + Self.markerName
        guard let stored = try? String(contentsOfFile: marker, encoding: .utf8) else { return false }
        return stored == fingerprint(pack) && FileManager.default.isExecutableFile(atPath: interpreter(forPack: pack.ref))
    }

    /// Builds the venv if it is missing or stale, and the st2 runtime layer for its interpreter if
    /// missing (a warning when that fails); `progress` receives one line per step and pip's output.
    @discardableResult
    public func ensure(_ pack: Pack, progress: (String) -> Void) throws -> String {
        let wasCurrent = isCurrent(pack)
        let python = try ensureVirtualenv(pack, progress: progress)
        ensureSt2Layer(pack, retryingFailure: !wasCurrent, progress: progress)
        return python
    }

    private func ensureVirtualenv(_ pack: Pack, progress: (String) -> Void) throws -> String {
        if isCurrent(pack) { return interpreter(forPack: pack.ref) }
        let python = basePython(forPack: pack.ref)
        guard python.hasPrefix("/") else {
            throw RunnerError("python interpreter must be an absolute path, got '\(python)'")
        }
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw RunnerError("python interpreter not found: \(python)")
        }
        try PythonCompatibility.check(pack, interpreter: python)
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        // One builder per pack at a time, across processes; whoever waited may find it done.
        let lock = try BuildLock(path: root + "/.\(pack.ref).lock")
        defer { lock.release() }
        if isCurrent(pack) { return interpreter(forPack: pack.ref) }
        let staging = root + "/.\(pack.ref).building-\(getpid())"
        try? FileManager.default.removeItem(atPath: staging)
        defer { try? FileManager.default.removeItem(atPath: staging) }

        let sandbox = try buildSandbox(pack, output: staging, python: python)
        defer { if let sandbox { try? FileManager.default.removeItem(atPath: sandbox.tmpDirectory) } }

        let log = try BuildLog(path: buildLogPath(forPack: pack.ref))
        defer { log.close() }
        progress("[\(pack.ref)] creating virtualenv with \(python) (pip's output: \(log.path))")
        try runStep("venv", python, ["-m", "venv", staging], sandbox: sandbox, progress: progress, log: log)
        var arguments = ["-m", "pip", "install", "--disable-pip-version-check", "--no-input", "--progress-bar", "off"]
        arguments += Self.runtimeRequirements
        let requirements = pack.path + "/requirements.txt"
        if FileManager.default.fileExists(atPath: requirements) {
            arguments += ["-r", requirements]
            progress("[\(pack.ref)] installing requirements.txt and \(Self.runtimeRequirements.joined(separator: ", "))")
        } else {
            progress("[\(pack.ref)] installing \(Self.runtimeRequirements.joined(separator: ", "))")
        }
        try runStep("pip install", staging + "/bin/python", arguments, sandbox: sandbox, progress: progress, log: log)
        try fingerprint(pack).write(toFile: staging + "/" + Self.markerName, atomically: true, encoding: .utf8)

        let final = path(forPack: pack.ref)
        let retired = root + "/.\(pack.ref).old-\(getpid())"
        if FileManager.default.fileExists(atPath: final) {
            try FileManager.default.moveItem(atPath: final, toPath: retired)
        }
        try FileManager.default.moveItem(atPath: staging, toPath: final)
        try? FileManager.default.removeItem(atPath: retired)
        progress("[\(pack.ref)] virtualenv ready")
        return interpreter(forPack: pack.ref)
    }

    /// The sandbox of a build step writing `output` (nil without `packPolicies`). The view binds what
    /// exists, so `output` and the child's /tmp are created here; the caller removes the /tmp.
    func buildSandbox(_ pack: Pack, output: String, readOnly: [String] = [], python: String,
                      network: Bool = true) throws -> SandboxedBuildStep? {
        guard let packPolicies else { return nil }
        let tmp = root + "/.\(pack.ref).tmp-\(getpid())"
        for directory in [output, tmp] {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o755])
        }
        return SandboxedBuildStep(packPolicy: try packPolicies.policy(forPack: pack.ref), pack: pack,
                                  output: output, readOnly: readOnly, python: python, tmpDirectory: tmp, network: network)
    }

    /// What the venv was built from; any change means a rebuild.
    func fingerprint(_ pack: Pack) -> String {
        let requirements = (try? String(contentsOfFile: pack.path + "/requirements.txt", encoding: .utf8)) ?? ""
        var parts = [basePython(forPack: pack.ref), Self.runtimeRequirements.joined(separator: ","), requirements]
        // Only when set, so venvs built before this was checked keep their fingerprint.
        if !pack.pythonVersions.isEmpty { parts.append("python_versions=" + pack.pythonVersions.joined(separator: ",")) }
        let material = parts.joined(separator: "\n")
        var hash: UInt64 = 0xcbf29ce484222325
        for byte in material.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100000001b3 }
        return String(hash, radix: 16)
    }

    /// Runs one build step, streaming its output to `log` when given (else as progress); on failure
    /// the error names the step and carries the tail of its output.
    func runStep(_ step: String, _ executable: String, _ arguments: [String], sandbox: SandboxedBuildStep? = nil,
                 progress: (String) -> Void, log: BuildLog? = nil) throws {
        try withoutActuallyEscaping(progress) { progress in
            try runStep(step, executable, arguments, sandbox: sandbox, output: { line in if let log { log.write(line) } else { progress(line) } },
                        whole: log.map { "\nwhole output: \($0.path)" } ?? "")
        }
    }

    private func runStep(_ step: String, _ executable: String, _ arguments: [String], sandbox: SandboxedBuildStep?,
                         output: @escaping (String) -> Void, whole: String) throws {
        var environment = ["PATH": ChildEnvironment.basePath, "HOME": NSHomeDirectory(), "LANG": "C.UTF-8",
                           "PIP_DISABLE_PIP_VERSION_CHECK": "1"]
        // The operator's pip and proxy settings apply to pack installs; nothing else of ours leaks in.
        let passed: Set<String> = ["http_proxy", "https_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY",
                                   "SSL_CERT_FILE", "REQUESTS_CA_BUNDLE"]
        for (key, value) in self.environment where passed.contains(key) || key.hasPrefix("PIP_") {
            environment[key] = value
        }
        if let sandbox {
            let outcome: (failure: String, tail: [String])?
            do {
                outcome = try sandbox.run(executable, arguments, environment: environment, progress: output)
            } catch {
                throw RunnerError("virtualenv step '\(step)' could not start \(executable) in the sandbox: \(error)")
            }
            if let outcome {
                throw RunnerError("virtualenv step '\(step)' failed (\(outcome.failure)); last output:\n\(outcome.tail.joined(separator: "\n"))\(whole)")
            }
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw RunnerError("virtualenv step '\(step)' could not start \(executable): \(error)")
        }
        var tail: [String] = []
        var pending = Data()
        let handle = pipe.fileHandleForReading
        while true {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            pending.append(chunk)
            while let newline = pending.firstIndex(of: 0x0A) {
                let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                pending.removeSubrange(pending.startIndex...newline)
                output("  " + line)
                tail.append(line)
                if tail.count > 15 { tail.removeFirst() }
            }
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let lastLines = tail.joined(separator: "\n")
            throw RunnerError("virtualenv step '\(step)' failed (exit \(process.terminationStatus)); last output:\n\(lastLines)\(whole)")
        }
    }
}

/// An exclusive flock on a lock file, held until released.
struct BuildLock {
    let fd: Int32

    init(path: String) throws {
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw RunnerError("cannot open lock file \(path): \(String(cString: strerror(errno)))") }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else {
                close(fd)
                throw RunnerError("cannot lock \(path): \(String(cString: strerror(errno)))")
            }
        }
    }

    func release() {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
