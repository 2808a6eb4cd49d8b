import SquallSandbox
import XCTest

/// The filter only admits the native ABI: i386 (`int $0x80`) and x32 calls kill the process.
final class ArchitectureCheckTests: XCTestCase {
    func testI386SyscallKillsTheProcess() throws {
        // Anchor: minijail and libseccomp kill on architecture mismatch (reproduced: int $0x80 bypassed an unchecked filter).
        // push rbx; mov eax, 310 (i386 unshare); xor ebx, ebx; int 0x80; pop rbx; ret
        let program = """
        import ctypes, mmap
        code = bytes([0x53, 0xB8, 0x36, 0x01, 0x00, 0x00, 0x31, 0xDB, 0xCD, 0x80, 0x5B, 0xC3])
        page = mmap.mmap(-1, 4096, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)
        page.write(code)
        function = ctypes.CFUNCTYPE(ctypes.c_int)(ctypes.addressof(ctypes.c_char.from_buffer(page)))
        print("returned", function(), flush=True)
        """
        let child = try runPython(program, policy: defaultPolicy())
        XCTAssertEqual(child.termination, .signaled(SIGSYS), "stdout: \(child.stdout) stderr: \(child.stderr)")
        XCTAssertFalse(child.stdout.contains("returned"))
    }

    func testX32SyscallKillsTheProcess() throws {
        // Anchor: firejail and libseccomp kill x32 calls (nr | 0x40000000).
        let program = """
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        print("returned", libc.syscall(0x40000000 | 272, 0), flush=True)
        """
        let child = try runPython(program, policy: defaultPolicy())
        XCTAssertEqual(child.termination, .signaled(SIGSYS), "stdout: \(child.stdout) stderr: \(child.stderr)")
    }
}
