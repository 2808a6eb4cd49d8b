import SquallCommandLine

/// Plain-text tables for list commands, as st2's CLI prints them: a header row, then one row per
/// item, columns aligned with two spaces between them (no borders, so the output stays greppable).
struct TextTable {
    let headers: [String]
    var rows: [[String]] = []

    init(_ headers: [String]) { self.headers = headers }

    mutating func add(_ row: [String]) { rows.append(row) }

    /// The lines to print; the last column is not padded. Multi-line cells keep their first line.
    var lines: [String] {
        let all = [headers] + rows.map { row in row.map { String($0.split(separator: "\n", omittingEmptySubsequences: false).first ?? "") } }
        var widths = [Int](repeating: 0, count: headers.count)
        for row in all { for (index, cell) in row.enumerated() where index < widths.count { widths[index] = max(widths[index], cell.count) } }
        return all.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count)
            }.joined(separator: "  ").trimmingTrailingSpaces
        }
    }

    /// Prints the table (nothing but the header when there are no rows).
    func print() { lines.forEach(say) }
}

private extension String {
    /// An empty last cell would otherwise leave the padding of the one before it.
    var trimmingTrailingSpaces: String {
        var text = self[...]
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
