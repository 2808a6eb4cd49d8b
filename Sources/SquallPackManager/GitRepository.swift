import CSquallGit
import Foundation

/// A failure reported by libgit2. Its text may quote the URL being fetched: callers scrub it
/// before it reaches the user.
struct GitError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }

    /// The text of libgit2's last error on this thread, prefixed with what we were doing.
    static func last(_ doing: String? = nil) -> GitError {
        if let error = squall_git_error_last(), let text = error.pointee.message {
            let message = String(cString: text).trimmingCharacters(in: .whitespacesAndNewlines)
            return GitError(message: doing.map { "\($0): \(message)" } ?? message)
        }
        return GitError(message: doing ?? "libgit2 gave no reason")
    }
}

/// libgit2 is loaded and initialised on first use (once per process) rather than linked.
enum LibGit2 {
    private static let loadError: String? = {
        var reason = [CChar](repeating: 0, count: 256)
        return squall_git_load(&reason, reason.count) == 0 ? nil : String(cString: reason)
    }()

    static func ensureLoaded() throws {
        if let loadError { throw GitError(message: loadError) }
    }
}

/// What the credential callback may answer with: a user and password (an HTTPS token) or an SSH key.
final class GitCredentials {
    let username: String?
    let password: String?
    let sshKeyPath: String?
    /// libgit2 asks again after a rejected credential; answering once stops an endless loop.
    var attempts = 0

    init(username: String?, password: String?, sshKeyPath: String?) {
        self.username = username; self.password = password; self.sshKeyPath = sshKeyPath
    }
}

/// The credential callback: reads the GitCredentials passed as payload.
private func acquireCredential(out: UnsafeMutablePointer<UnsafeMutablePointer<git_credential>?>?,
                               url: UnsafePointer<CChar>?, usernameFromURL: UnsafePointer<CChar>?,
                               allowedTypes: UInt32, payload: UnsafeMutableRawPointer?) -> Int32 {
    guard let payload else { return GIT_PASSTHROUGH.rawValue }
    let credentials = Unmanaged<GitCredentials>.fromOpaque(payload).takeUnretainedValue()
    guard credentials.sshKeyPath != nil || credentials.username != nil else { return GIT_PASSTHROUGH.rawValue }
    credentials.attempts += 1
    guard credentials.attempts <= 3 else { return GIT_EAUTH.rawValue }
    let urlUser = usernameFromURL.map { String(cString: $0) }
    if allowedTypes & GIT_CREDENTIAL_SSH_KEY.rawValue != 0, let key = credentials.sshKeyPath {
        return squall_git_credential_ssh_key_new(out, credentials.username ?? urlUser ?? "git", nil, key, nil)
    }
    if allowedTypes & GIT_CREDENTIAL_USERNAME.rawValue != 0 {
        return squall_git_credential_username_new(out, credentials.username ?? urlUser ?? "git")
    }
    if allowedTypes & GIT_CREDENTIAL_USERPASS_PLAINTEXT.rawValue != 0, let user = credentials.username {
        return squall_git_credential_userpass_plaintext_new(out, user, credentials.password ?? "")
    }
    return GIT_PASSTHROUGH.rawValue
}

/// The few libgit2 operations pack installs need: clone, list tags and branches, resolve a
/// revision to a commit, check it out, and look at a working tree's state.
final class GitRepository {
    private let handle: OpaquePointer

    private init(handle: OpaquePointer) { self.handle = handle }
    deinit { squall_git_repository_free(handle) }

    /// Clones `url` into `path` without checking anything out (the caller checks out the revision it wants).
    static func clone(url: String, into path: String, credentials: GitCredentials) throws -> GitRepository {
        try LibGit2.ensureLoaded()
        var options = git_clone_options()
        squall_git_clone_options_init(&options, UInt32(GIT_CLONE_OPTIONS_VERSION))
        options.checkout_opts.checkout_strategy = GIT_CHECKOUT_NONE.rawValue
        options.fetch_opts.callbacks.credentials = acquireCredential
        let payload = Unmanaged.passUnretained(credentials).toOpaque()
        options.fetch_opts.callbacks.payload = payload
        var repository: OpaquePointer?
        squall_git_error_clear()
        let status = withExtendedLifetime(credentials) { squall_git_clone(&repository, url, path, &options) }
        if status == GIT_EAUTH.rawValue {
            // libgit2 leaves an unrelated message behind when our callback gives up.
            throw GitError(message: credentials.attempts > 0 ? "authentication failed: the server refused the credentials"
                                                            : "authentication required: give a token in the URL or --ssh-key")
        }
        guard status == 0, let repository else { throw GitError.last() }
        return GitRepository(handle: repository)
    }

    /// Opens the repository whose git directory or working tree is exactly `path`; nil when it is none.
    static func open(path: String) -> GitRepository? {
        guard (try? LibGit2.ensureLoaded()) != nil else { return nil }
        var repository: OpaquePointer?
        guard squall_git_repository_open_ext(&repository, path, GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue, nil) == 0,
              let repository else { return nil }
        return GitRepository(handle: repository)
    }

    var isBare: Bool { squall_git_repository_is_bare(handle) == 1 }

    var tagNames: [String] {
        var names = git_strarray()
        guard squall_git_tag_list(&names, handle) == 0 else { return [] }
        defer { squall_git_strarray_dispose(&names) }
        return (0..<names.count).compactMap { names.strings[$0].map { String(cString: $0) } }
    }

    /// Branch names of the clone's origin (without the `origin/` prefix), HEAD excluded.
    var remoteBranchNames: [String] {
        var names: [String] = []
        var iterator: OpaquePointer?
        guard squall_git_branch_iterator_new(&iterator, handle, GIT_BRANCH_REMOTE) == 0 else { return [] }
        defer { squall_git_branch_iterator_free(iterator) }
        var reference: OpaquePointer?
        var type = GIT_BRANCH_REMOTE
        while squall_git_branch_next(&reference, &type, iterator) == 0 {
            var name: UnsafePointer<CChar>?
            if squall_git_branch_name(&name, reference) == 0, let name {
                let text = String(cString: name)
                if text.hasPrefix("origin/") && text != "origin/HEAD" { names.append(String(text.dropFirst(7))) }
            }
            squall_git_reference_free(reference)
        }
        return names
    }

    /// The commit a revision names (`refs/tags/v1`, a sha or its prefix, `HEAD`), peeled through
    /// annotated tags; nil when it names no commit.
    func commit(for revision: String) -> String? {
        var object: OpaquePointer?
        guard squall_git_revparse_single(&object, handle, revision) == 0, let object else { return nil }
        defer { squall_git_object_free(object) }
        var commit: OpaquePointer?
        guard squall_git_object_peel(&commit, object, GIT_OBJECT_COMMIT) == 0, let commit else { return nil }
        defer { squall_git_object_free(commit) }
        return Self.hex(squall_git_object_id(commit))
    }

    /// Makes the working tree exactly the given commit's tree and detaches HEAD there.
    func checkout(commit sha: String) throws {
        var oid = git_oid()
        guard squall_git_oid_fromstr(&oid, sha) == 0 else { throw GitError(message: "checkout failed: '\(sha)' is not a commit id") }
        var object: OpaquePointer?
        guard squall_git_object_lookup(&object, handle, &oid, GIT_OBJECT_COMMIT) == 0, let object else {
            throw GitError.last("checkout of \(sha) failed")
        }
        defer { squall_git_object_free(object) }
        var options = git_checkout_options()
        squall_git_checkout_options_init(&options, UInt32(GIT_CHECKOUT_OPTIONS_VERSION))
        options.checkout_strategy = GIT_CHECKOUT_FORCE.rawValue | GIT_CHECKOUT_REMOVE_UNTRACKED.rawValue
        guard squall_git_checkout_tree(handle, object, &options) == 0 else { throw GitError.last("checkout of \(sha) failed") }
        guard squall_git_repository_set_head_detached(handle, &oid) == 0 else { throw GitError.last("checkout of \(sha) failed") }
    }

    /// Whether the working tree differs from HEAD in any way git would show (untracked files included).
    func hasUncommittedChanges() -> Bool {
        var options = git_status_options()
        squall_git_status_options_init(&options, UInt32(GIT_STATUS_OPTIONS_VERSION))
        options.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED.rawValue | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS.rawValue
        var list: OpaquePointer?
        guard squall_git_status_list_new(&list, handle, &options) == 0, let list else { return false }
        defer { squall_git_status_list_free(list) }
        return squall_git_status_list_entrycount(list) > 0
    }

    private static func hex(_ oid: UnsafePointer<git_oid>?) -> String {
        guard let oid, let text = squall_git_oid_tostr_s(oid) else { return "" }
        return String(cString: text)
    }
}
