import Foundation
import SquallSandbox
import XCTest

/// The minimal filesystem view: only what the launch names, read-only except the execution's own
/// /tmp and run directory.
final class FilesystemViewTests: XCTestCase {
    func testHostSecretsAndOtherPacksAreNotThere() throws {
        // bubblewrap/nsjail build the root from named binds only: /root, the data dir and other packs
        // simply do not exist inside.
        let layout = try IsolatedLayout.make(for: self)
        let program = """
        import os
        for path in ['/root', '\(layout.secretFile)', '\(layout.dataDir)/configs', '\(layout.otherPackDir)',
                     '\(layout.otherPackDir)/pack.yaml', '/home', '/var', '/etc/shadow', '/work', '/sys']:
            print(path, os.path.exists(path))
        print(sorted(os.listdir('/')))
        print(sorted(os.listdir('/dev')))
        """
        let child = try layout.python(program, policy: isolatedPolicy())
        XCTAssertEqual(child.termination, .exited(0), child.stderr)
        let lines = child.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.prefix(10).filter { !$0.hasSuffix(" False") }, [], child.stdout)
        let top = try XCTUnwrap(lines.dropFirst(10).first)
        XCTAssertFalse(top.contains("'root'") || top.contains("'home'") || top.contains("'var'"), top)
        XCTAssertEqual(lines.dropFirst(11).first,
                       "['fd', 'full', 'null', 'random', 'shm', 'stderr', 'stdin', 'stdout', 'urandom', 'zero']")
    }

    func testDevShmIsTheChildsOwnAndMultiprocessingWorks() throws {
        // bubblewrap's --dev: a private tmpfs at /dev/shm, never the host's (whose files other
        // processes share). POSIX semaphores behind multiprocessing need it.
        let layout = try IsolatedLayout.make(for: self)
        let hostFile = "/dev/shm/squall-host-\(UUID().uuidString)"
        XCTAssertTrue(FileManager.default.createFile(atPath: hostFile, contents: Data("host secret".utf8)))
        defer { try? FileManager.default.removeItem(atPath: hostFile) }
        let program = """
        import multiprocessing, os
        print(os.path.exists('\(hostFile)'), os.listdir('/dev/shm'))
        open('/dev/shm/child', 'w').write('x')
        queue = multiprocessing.Queue(); queue.put('through a semaphore'); print(queue.get())
        """
        let child = try layout.python(program, policy: isolatedPolicy())
        XCTAssertEqual(child.stdout, "False []\nthrough a semaphore\n", child.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/dev/shm/child"), "the child's write stayed in its own tmpfs")
    }

    func testPackDirIsReadableAndReadOnlyOnlyTmpIsWritable() throws {
        // bubblewrap --ro-bind / --bind: writes to read-only binds fail with EROFS.
        let layout = try IsolatedLayout.make(for: self)
        let program = """
        import errno, os
        print(open('\(layout.packDir)/actions/run.py').read().strip())
        for path in ['\(layout.packDir)/new.txt', '/usr/new.txt', '/new.txt', '/etc/new.txt']:
            try:
                open(path, 'w')
                print(path, 'written')
            except OSError as error:
                print(path, errno.errorcode[error.errno])
        with open('/tmp/out.txt', 'w') as handle:
            handle.write('from the child')
        with open('\(layout.runDir)/run.txt', 'w') as handle:
            handle.write('run dir')
        print(open('/dev/urandom', 'rb').read(4).__len__(), open('/dev/null', 'w').write('x'))
        """
        let child = try layout.python(program, policy: isolatedPolicy())
        XCTAssertEqual(child.stdout, """
        print('alpha action')
        \(layout.packDir)/new.txt EROFS
        /usr/new.txt EROFS
        /new.txt EROFS
        /etc/new.txt EROFS
        4 1

        """, child.stderr)
        // The private /tmp is the caller's directory, written as the pack's identity.
        XCTAssertEqual(try String(contentsOfFile: layout.tmpDir + "/out.txt", encoding: .utf8), "from the child")
        let owner = try FileManager.default.attributesOfItem(atPath: layout.tmpDir + "/out.txt")[.ownerAccountID] as? NSNumber
        XCTAssertEqual(owner?.uint32Value, PackIdentity.forPack("alpha").uid)
        XCTAssertEqual(try String(contentsOfFile: layout.runDir + "/run.txt", encoding: .utf8), "run dir")
        XCTAssertFalse(FileManager.default.fileExists(atPath: layout.packDir + "/new.txt"))
    }

    func testSymlinksUnderAnAllowedPathDoNotLeadOutside() throws {
        // The runc/bubblewrap lesson: a link planted in a visible directory resolves inside the view,
        // so absolute and ../ links to host secrets find nothing.
        let layout = try IsolatedLayout.make(for: self)
        let links = ["absolute": layout.secretFile, "root": "/root", "other": layout.otherPackDir + "/pack.yaml",
                     "climb": "../../../../../../../../" + layout.secretFile]
        for (name, destination) in links {
            try FileManager.default.createSymbolicLink(atPath: layout.packDir + "/" + name, withDestinationPath: destination)
        }
        let program = """
        import errno
        for name in ['absolute', 'climb', 'other', 'root']:
            try:
                open('\(layout.packDir)/' + name).read()
                print(name, 'READ')
            except OSError as error:
                print(name, errno.errorcode[error.errno])
        """
        let child = try layout.python(program, policy: isolatedPolicy())
        XCTAssertEqual(child.stdout, "absolute ENOENT\nclimb ENOENT\nother ENOENT\nroot ENOENT\n", child.stderr)
    }

    func testAMissingViewPathIsRefusedByName() throws {
        let layout = try IsolatedLayout.make(for: self)
        var spec = layout.spec("/bin/true", [], policy: try isolatedPolicy())
        spec.readOnlyPaths = [layout.base + "/no-such-venv"]
        XCTAssertThrowsError(try Launcher.launch(spec)) { error in
            XCTAssertTrue("\(error)".contains(layout.base + "/no-such-venv"), "\(error)")
        }
    }
}
