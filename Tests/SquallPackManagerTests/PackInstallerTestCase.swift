import Foundation
import SquallPackManager
import XCTest

/// A fresh data directory per test whose virtualenvs/ is shared by the whole test class: a pack
/// whose requirements did not change reuses its virtualenv instead of running pip again.
class PackInstallerTestCase: XCTestCase {
    nonisolated(unsafe) static var sharedVirtualenvs: String?
    var fixtures: GitFixtures!
    var layout: PackManagerLayout!
    var progressLines: [String] = []

    override func setUpWithError() throws {
        fixtures = try GitFixtures()
        let data = fixtures.root + "/data"
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        if Self.sharedVirtualenvs == nil {
            let shared = NSTemporaryDirectory() + "squall-pm-venvs-" + UUID().uuidString.lowercased()
            try FileManager.default.createDirectory(atPath: shared, withIntermediateDirectories: true)
            Self.sharedVirtualenvs = shared
        }
        try FileManager.default.createSymbolicLink(atPath: data + "/virtualenvs", withDestinationPath: Self.sharedVirtualenvs!)
        layout = PackManagerLayout(dataDirectory: data)
        progressLines = []
    }

    override func tearDown() {
        fixtures.remove()
    }

    override class func tearDown() {
        if let shared = sharedVirtualenvs { try? FileManager.default.removeItem(atPath: shared) }
        sharedVirtualenvs = nil
    }

    var python: String { ProcessInfo.processInfo.environment["SQUALL_PYTHON"] ?? "/usr/bin/python3" }

    func installer(skipDependencies: Bool = false, sshKeyPath: String? = nil) -> PackInstaller {
        PackInstaller(layout: layout, python: python, sshKeyPath: sshKeyPath, skipDependencies: skipDependencies)
    }

    @discardableResult
    func install(_ refs: String..., skipDependencies: Bool = false) throws -> [InstallRecord] {
        try installer(skipDependencies: skipDependencies).install(refs) { self.progressLines.append($0) }
    }

    /// Installs expecting failure; returns the error.
    func installFailure(_ refs: String..., file: StaticString = #filePath, line: UInt = #line) -> PackManagerError? {
        do {
            try installer().install(refs) { self.progressLines.append($0) }
            XCTFail("install of \(refs) succeeded", file: file, line: line)
            return nil
        } catch let error as PackManagerError {
            return error
        } catch {
            XCTFail("unexpected error type: \(error)", file: file, line: line)
            return nil
        }
    }

    func installedVersion(_ ref: String) -> String? {
        guard let text = try? String(contentsOfFile: layout.packDirectory(ref) + "/pack.yaml", encoding: .utf8) else { return nil }
        return text.split(separator: "\n").first { $0.hasPrefix("version: ") }.map { String($0.dropFirst("version: ".count)) }
    }

    func record(_ ref: String) -> InstallRecord? { InstallRecord.read(file: layout.recordFile(ref)) }

    /// The state a failed install must leave alone: pack.yaml, the record and the venv marker.
    func snapshot(_ ref: String) -> [String?] {
        [try? String(contentsOfFile: layout.packDirectory(ref) + "/pack.yaml", encoding: .utf8),
         try? String(contentsOfFile: layout.recordFile(ref), encoding: .utf8),
         try? String(contentsOfFile: layout.virtualenvsDirectory + "/\(ref)/.squall-venv", encoding: .utf8)]
    }

    func stagingEntries() -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: layout.stagingDirectory)) ?? []
    }

    func installedPacks() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: layout.packsDirectory)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }
}
