import Foundation
import SquallModel
import SquallRunners
import SquallSandbox
import XCTest

/// A requirement with a C extension compiles and links in the sandboxed build step: the build
/// view has a readable dynamic loader (ld links against it) and the host's compiler and headers.
final class SandboxedCExtensionTests: XCTestCase {
    var root: String!

    override func setUpWithError() throws {
        root = NSTemporaryDirectory() + "squall-c-extension-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root + "/data", withIntermediateDirectories: true)
        chmod(root, 0o700)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: root) }

    var manager: VirtualenvManager {
        var manager = VirtualenvManager(root: root + "/data/virtualenvs", python: "/usr/bin/python3")
        manager.packPolicies = PackPolicyResolver(builtinPath: SandboxPolicy.defaultPolicyPath(home: IntegrationHarness.repositoryRoot),
                                                  dataDirectory: root + "/data")
        return manager
    }

    /// A pack whose requirements.txt names a source archive (made here) of a one-function C extension.
    func makePack(_ ref: String) throws -> Pack {
        let directory = root + "/packs/" + ref
        let source = root + "/source/\(ref)ext-0.1"
        try FileManager.default.createDirectory(atPath: directory + "/dist", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: source, withIntermediateDirectories: true)
        try """
        from setuptools import setup, Extension
        setup(name='\(ref)ext', version='0.1', ext_modules=[Extension('\(ref)ext', sources=['\(ref)ext.c'])])
        """.write(toFile: source + "/setup.py", atomically: true, encoding: .utf8)
        try """
        #define PY_SSIZE_T_CLEAN
        #include <Python.h>
        static PyObject *answer(PyObject *self, PyObject *args) { return PyLong_FromLong(6 * 7); }
        static PyMethodDef methods[] = {{"answer", answer, METH_NOARGS, "The answer."}, {NULL, NULL, 0, NULL}};
        static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "\(ref)ext", NULL, -1, methods};
        PyMODINIT_FUNC PyInit_\(ref)ext(void) { return PyModule_Create(&module); }
        """.write(toFile: source + "/\(ref)ext.c", atomically: true, encoding: .utf8)
        let archive = directory + "/dist/\(ref)ext-0.1.tar.gz"
        let tar = Process()
        tar.executableURL = URL(fileURLWithPath: "/bin/tar")
        tar.arguments = ["-czf", archive, "-C", root + "/source", "\(ref)ext-0.1"]
        try tar.run()
        tar.waitUntilExit()
        XCTAssertEqual(tar.terminationStatus, 0)
        try "\(archive)\n".write(toFile: directory + "/requirements.txt", atomically: true, encoding: .utf8)
        try "name: \(ref)\ndescription: c extension probe\nversion: 1.0.0\nauthor: test\n".write(toFile: directory + "/pack.yaml", atomically: true, encoding: .utf8)
        return Pack(ref: ref, name: ref, description: "c extension probe", version: "1.0.0", author: "test", path: directory)
    }

    func testACExtensionCompilesAndLinksInTheSandboxedBuild() throws {
        let pack = try makePack("cext")
        let python: String
        do {
            python = try manager.ensure(pack, progress: { _ in })
        } catch {
            let log = (try? String(contentsOfFile: manager.buildLogPath(forPack: "cext"), encoding: .utf8)) ?? ""
            return XCTFail("\(error)\n--- build log tail:\n\(log.split(separator: "\n").suffix(30).joined(separator: "\n"))")
        }
        let check = Process()
        check.executableURL = URL(fileURLWithPath: python)
        check.arguments = ["-c", "import cextext; assert cextext.answer() == 42"]
        try check.run()
        check.waitUntilExit()
        XCTAssertEqual(check.terminationStatus, 0, "the built extension imports and answers")
    }
}
