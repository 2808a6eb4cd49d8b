#!/usr/bin/env python3
"""Writes Sources/SquallPython/CaseFoldingTable.swift from this interpreter's Unicode data:
every code point whose str.casefold() differs from its str.lower()."""
import sys
import unicodedata

rows = []
for cp in range(0x110000):
    if 0xD800 <= cp <= 0xDFFF:
        continue
    c = chr(cp)
    if c.casefold() != c.lower():
        rows.append((cp, [ord(x) for x in c.casefold()]))

lines, line = [], "        "
for cp, folded in rows:
    item = "0x%04X: [%s], " % (cp, ", ".join("0x%04X" % x for x in folded))
    if len(line) + len(item) > 122:
        lines.append(line.rstrip())
        line = "        "
    line += item
lines.append(line.rstrip().rstrip(","))

version = "%d.%d" % sys.version_info[:2]
sys.stdout.write(f"""// Generated from Python {version} (Unicode {unicodedata.unidata_version}) on the build machine by
// scripts/generate-casefold-table.py: every code point whose str.casefold() differs from its
// str.lower(). Regenerate when the pack interpreters move to a newer Python.

extension Python {{
    /// Full case folding where it differs from the full lowercase mapping ('ß' -> "ss").
    static let caseFoldingExceptions: [UInt32: [UInt32]] = [
""" + "\n".join(lines) + """
    ]
}
""")
