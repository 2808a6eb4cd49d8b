#if canImport(Glibc)
import Glibc
#endif

/// The errno names a policy may use in `errno:NAME` actions.
enum ErrnoNames {
    static let byName: [String: Int32] = [
        "EPERM": EPERM, "ENOENT": ENOENT, "EACCES": EACCES, "EINVAL": EINVAL,
        "ENOSYS": ENOSYS, "EAGAIN": EAGAIN, "EOPNOTSUPP": EOPNOTSUPP, "ENOTSUP": ENOTSUP,
        "EFAULT": EFAULT, "EBADF": EBADF, "ENOTTY": ENOTTY,
    ]

    static func name(of number: Int32) -> String? {
        byName.first { $0.value == number && $0.key != "ENOTSUP" }?.key
    }
}
