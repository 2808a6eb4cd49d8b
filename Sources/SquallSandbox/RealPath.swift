#if canImport(Glibc)
import Glibc
#endif

/// A path with every symlink and `..` resolved (realpath(3)); nil when it does not exist.
public enum RealPath {
    public static func of(_ path: String) -> String? {
        guard let resolved = Glibc.realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
