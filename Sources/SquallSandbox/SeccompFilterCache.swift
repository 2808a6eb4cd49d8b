import Foundation

/// Compiled BPF programs, one per distinct policy per process: compiling costs far more than
/// a launch, and policies are few.
final class SeccompFilterCache: @unchecked Sendable {
    static let shared = SeccompFilterCache()

    private let lock = NSLock()
    private var programs: [SeccompPolicy: SeccompPrograms] = [:]

    func program(for policy: SeccompPolicy) throws -> SeccompPrograms {
        lock.lock()
        defer { lock.unlock() }
        if let program = programs[policy] { return program }
        let program = try SeccompFilterCompiler.compile(policy)
        programs[policy] = program
        return program
    }
}
