import Foundation

extension IntegrationHarness {
    /// Files under the data directory (SQLite's database, WAL and shared memory included) whose
    /// bytes contain `text`; the shared virtualenvs and the st2 client's home are not squall's.
    func filesContaining(_ text: String) -> [String] {
        let needle = Data(text.utf8)
        var found: [String] = []
        let enumerator = FileManager.default.enumerator(atPath: dataDirectory)
        while let path = enumerator?.nextObject() as? String {
            if path.hasPrefix("virtualenvs") || path.hasPrefix("client-home") { continue }
            let full = dataDirectory + "/" + path
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue,
                  let data = FileManager.default.contents(atPath: full) else { continue }
            if data.range(of: needle) != nil { found.append(path) }
        }
        return found
    }
}
