import Foundation
import SquallModel
import SquallSandbox
import SquallTransport
#if canImport(Glibc)
import Glibc
#endif

/// The python-script runner's use of a warm host: which host (by fingerprint) and where the
/// execution's channel goes (a directory the host's forks can reach).
struct WarmPythonLaunch {
    let host: WarmHost
    let channelDirectory: String

    static func checkOut(pool: WarmHostPool, pack: Pack, interpreter: String, job: RunnerJob,
                         runner: PythonScriptRunner) -> WarmPythonLaunch? {
        let runRoot = (job.runDirectory as NSString).deletingLastPathComponent
        // The fork is moved into its cgroups (adopt) a few ms from now: the first cgroup move
        // after a quiet spell waits a whole RCU grace period (~10 ms measured in the fork path,
        // between the fork's "R" and its "G"). Paid here on a background thread, beside the
        // lease, the fork and the other slots' work; a burst keeps it open (it runs ~1 s).
        CgroupMigrationWarmup.begin(deadline: 1)
        guard let host = host(pool: pool, pack: pack, interpreter: interpreter, policy: job.policy, runRoot: runRoot,
                              runner: runner) else { return nil }
        // sun_path holds 107 bytes: a deep data directory runs cold.
        guard let directory = try? host.makeChannelDirectory(), directory.utf8.count + "/channel".utf8.count <= 107 else {
            pool.checkIn(host, problem: nil)
            return nil
        }
        return WarmPythonLaunch(host: host, channelDirectory: directory)
    }

    /// The pack's host for what it would load now (started if needed), checked out of `pool`;
    /// nil while the pack backs off or when its channels could not fit under `runRoot`.
    static func host(pool: WarmHostPool, pack: Pack, interpreter: String, policy: SandboxPolicy, runRoot: String,
                     runner: PythonScriptRunner) -> WarmHost? {
        // The channel's socket path (`<run>/w-<8>/c/<20>/channel`) must fit sun_path: a deep data
        // directory runs cold without starting a host it could never use.
        guard runRoot.utf8.count + 41 <= 107 else { return nil }
        let venv = runner.virtualenvs.path(forPack: pack.ref)
        // The st2 runtime layer is in the host's view, so its forks can import from it.
        let st2Layer = runner.virtualenvs.st2LayerPath(forPack: pack.ref)
        let readOnly = [pack.path, venv, runner.runtimeDirectory].filter { FileManager.default.fileExists(atPath: $0) }
            + (st2Layer.map { [$0] } ?? [])
        let print = fingerprint(interpreter: interpreter, venv: venv, runtime: runner.runtimeDirectory, policy: policy)
            + "|st2-layer:" + (st2Layer ?? "-")
        return pool.checkOut(pack: pack.ref, fingerprint: print, start: {
            try WarmHost(pack: pack, interpreter: interpreter, runtimeDirectory: runner.runtimeDirectory, readOnlyPaths: readOnly,
                         policy: policy, runRoot: runRoot, fingerprint: print)
        })
    }

    /// Forks the execution with its channel in `channelDirectory`; nil (and `problem` says why)
    /// when the host failed before the fork ran anything of the execution's.
    func fork(job: RunnerJob, lease: CgroupLease?, directory: String, environment: (ChildChannel) -> [String: String],
              problem: inout String?) -> (WarmForkedChild, ChildChannel)? {
        do {
            let channel = try ChildChannel(context: try ZmqContext.shared(), directory: channelDirectory, executionId: job.executionId)
            do {
                let child = try host.fork(lease: lease, environment: environment(channel), directory: directory,
                                          channelDirectory: channelDirectory)
                return (child, channel)
            } catch {
                channel.close()
                throw error
            }
        } catch {
            problem = "\(error)"
            return nil
        }
    }

    /// What the host loaded: its interpreter and virtualenv (pip changes site-packages), squall's
    /// runtime files, and the pack's sandbox policy. Pack code and config are read by each fork.
    /// Computed for every execution, so with stat(2) alone: inode and change time of each file and
    /// directory (a file replaced or edited in place, an entry added or removed).
    static func fingerprint(interpreter: String, venv: String, runtime: String, policy: SandboxPolicy) -> String {
        var parts = [interpreter, "\(policy.hashValue)"]
        func stamp(_ path: String) {
            var status = stat()
            guard stat(path, &status) == 0 else { return parts.append(path + ":-") }
            parts.append("\(path):\(status.st_ino):\(status.st_ctim.tv_sec).\(status.st_ctim.tv_nsec):\(status.st_mtim.tv_nsec)")
        }
        func stampDirectory(_ directory: String) {
            stamp(directory)
            guard let handle = opendir(directory) else { return }
            defer { closedir(handle) }
            while let entry = readdir(handle) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                if name.hasSuffix(".py") { stamp(directory + "/" + name) }
            }
        }
        stamp(venv + "/pyvenv.cfg")
        stampDirectory(venv + "/lib")
        for version in (try? FileManager.default.contentsOfDirectory(atPath: venv + "/lib")) ?? [] {
            stamp(venv + "/lib/" + version + "/site-packages")
        }
        for directory in ["", "/squall_runtime", "/st2common", "/st2common/runners", "/st2common/util", "/st2actions"] {
            stampDirectory(runtime + directory)
        }
        return parts.joined(separator: "|")
    }
}
