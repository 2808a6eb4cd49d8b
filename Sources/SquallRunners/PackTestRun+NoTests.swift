import Foundation

/// pytest's exit code 5: it collected (or selected) no tests. st2-run-pack-tests (pytest since st2 3.9) returns
/// it unchanged, so `squall pack test` does too; st2 3.8 and older ran nose, which passed with 0
/// tests. Said in one line, naming the files of tests/ that neither runner runs (shell scripts...).
extension PackTestRun {
    public static let noTestsCollectedStatus: Int32 = 5

    /// tests/'s files (relative paths), whether pytest's default discovery collects any (`test_*.py`,
    /// `*_test.py`), and those that are no Python at all (shell scripts, READMEs).
    public var testsDirectoryContents: (hasPythonTests: Bool, otherFiles: [String]) {
        guard let walk = FileManager.default.enumerator(atPath: testsDirectory) else { return (false, []) }
        var hasPythonTests = false
        var others: [String] = []
        for case let relative as String in walk where !relative.contains("__pycache__") {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: testsDirectory + "/" + relative, isDirectory: &isDirectory),
                  !isDirectory.boolValue else { continue }
            let name = (relative as NSString).lastPathComponent
            if name.hasSuffix(".py") {
                if name.hasPrefix("test_") || name.hasSuffix("_test.py") { hasPythonTests = true }
            } else {
                others.append(relative)
            }
        }
        return (hasPythonTests, others.sorted())
    }

    /// The note `pack test` prints after pytest exits 5.
    public var noTestsCollectedNote: String {
        let contents = testsDirectoryContents
        let why = contents.hasPythonTests ? ""
            : " (tests/ holds no test_*.py" + (contents.otherFiles.isEmpty ? "" : ", only files neither runs: "
                                               + contents.otherFiles.joined(separator: ", ")) + ")"
        return "pack '\(pack.ref)': pytest ran no tests\(why); exit 5, as st2-run-pack-tests returns since st2 3.9 "
            + "(st2 3.8 and older ran nose, which passed with 0 tests)"
    }
}
