import SquallModel
import SquallTemplates
import XCTest

final class St2RegexFilterTests: St2FilterTestCase {
    func testRegexMatchAnchorsAtTheStartOnly() {
        assertRenders(#"{{ k1 | regex_match("x") }}"#, "True", ["k1": "xyz"])
        assertRenders(#"{{ k1 | regex_match("y") }}"#, "False", ["k1": "xyz"])
        assertRenders(#"{{ k1 | regex_match("^v(\\d+\\.)?(\\d+\\.)?(\\*|\\d+)$") }}"#, "True", ["k1": "v0.10.1"])
        assertRenders(#"{{ k1 | regex_match("X") }}/{{ k1 | regex_match("X", true) }}/{{ k1 | regex_match("X", ignorecase=True) }}"#,
                      "False/True/True", ["k1": "xyz"])
        // Non-strings are matched as str(value).
        assertRenders(#"{{ 42 | regex_match("\\d+$") }} {{ none | regex_match("None") }}"#, "True True", ["none": nil])
    }

    func testRegexSearch() {
        assertRenders(#"{{ k1 | regex_search("y") }} {{ k1 | regex_search("^y") }}"#, "True False", ["k1": "xyz"])
        // Python's $ matches before a final newline, and \Z only at the very end.
        assertRenders(#"{{ k | regex_search("z$") }} {{ k | regex_search("z\\Z") }}"#, "True False", ["k": "xyz\n"])
        assertRenders(#"{{ k | regex_search("a.b") }}"#, "False", ["k": "a\nb"])
    }

    func testRegexReplace() {
        assertRenders(#"{{ k1 | regex_replace("x", "y") }}"#, "yyz", ["k1": "xyz"])
        assertRenders(#"{{ k1 | regex_replace("(blue|white|red)", "color") }}"#, "color socks and color shoes", ["k1": "blue socks and red shoes"])
        assertRenders(#"{{ x | regex_replace('a(b)', '\\1') }}"#, "bcb", ["x": "abcab"])
        assertRenders(#"{{ x | regex_replace('(\\w+)@(\\w+)', '\\2 at \\g<1>') }}"#, "example at me", ["x": "me@example"])
        assertRenders(#"{{ x | regex_replace('(?P<user_name>\\w+)@(?P<host>\\w+)', '\\g<host>/\\g<user_name>') }}"#, "example/me", ["x": "me@example"])
        assertRenders(#"{{ x | regex_replace('(?P<c>o)(?P=c)', '0') }}"#, "f0d", ["x": "food"])
        assertRenders(#"{{ x | regex_replace('A', '-', ignorecase=True) }}"#, "-b-", ["x": "abA"])
        // Escapes in the replacement, an unmatched group, and Python 3.7's empty-match rule.
        assertRenders(#"{{ x | regex_replace(' ', '\\n') }}"#, "a\nb", ["x": "a b"])
        assertRenders(#"{{ x | regex_replace('(a)|b', '[\\1]') }}"#, "[a][]", ["x": "ab"])
        assertRenders(#"{{ x | regex_replace('x*', '-') }}"#, "-a-b--d-", ["x": "abxd"])
        assertRenders(#"{{ x | regex_replace('a{,2}', 'X') }}"#, "XXXbX", ["x": "aaab"])
        assertRenders(#"{{ x | regex_replace('[]a]', '_') }}"#, "__b", ["x": "]ab"])
        XCTAssertEqual(errorMessage(#"{{ 'ab' | regex_replace('a', '\\2') }}"#), "re.error: invalid group reference 2")
        XCTAssertEqual(errorMessage(#"{{ 'ab' | regex_replace('a', '\\q') }}"#), #"re.error: bad escape \q"#)
        XCTAssertNotNil(errorMessage(#"{{ 'ab' | regex_replace('(', 'x') }}"#))
    }

    func testRegexSubstring() {
        let pattern = #"{{ s | regex_substring("([0-9]{3} \\w+ (?:Ave|St|Dr))"#
        assertRenders(pattern + #"") }}"#, "123 Somewhere Ave", ["s": "My address is 123 Somewhere Ave. See you soon!"])
        assertRenders(pattern + #"", 1) }}"#, "123 Somewhere Ave", ["s": "Your address is 567 Elsewhere Dr. My address is 123 Somewhere Ave."])
        assertRenders(pattern + #"", -1) }}"#, "567 Elsewhere Dr", ["s": "Your address is 567 Elsewhere Dr."])
        XCTAssertEqual(errorMessage(pattern + #"", 1) }}"#, ["s": "Your address is 567 Elsewhere Dr."]), "IndexError: list index out of range")
        XCTAssertEqual(errorMessage(#"{{ s | regex_substring("([0-3]{3} \\w+ (?:Ave|St|Dr))") }}"#, ["s": "My address is 986 Somewhere Ave."]),
                       "IndexError: list index out of range")
        // findall: whole matches without groups, group tuples (lists here) with several.
        assertRenders(#"{{ 'a1b22' | regex_substring('\\d+', 1) }}"#, "22")
        XCTAssertEqual(try value(#"{{ 'k=v' | regex_substring('(\\w)=(\\w)') }}"#), ["k", "v"])
    }
}

final class St2VersionFilterTests: St2FilterTestCase {
    func testCompareFamily() {
        for (version, compare, more, less, equal) in [("0.9.0", "-1", "False", "True", "False"),
                                                      ("0.10.1", "1", "True", "False", "False"),
                                                      ("0.10.0", "0", "False", "False", "True")] {
            let context: [String: JSONValue] = ["version": .string(version)]
            assertRenders(#"{{ version | version_compare("0.10.0") }}"#, compare, context)
            assertRenders(#"{{ version | version_more_than("0.10.0") }}"#, more, context)
            assertRenders(#"{{ version | version_less_than("0.10.0") }}"#, less, context)
            assertRenders(#"{{ version | version_equal("0.10.0") }}"#, equal, context)
        }
    }

    func testSemVerPrecedence() {
        // SemVer 2.0.0 section 11's chain, plus build metadata that never counts.
        let chain = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
                     "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0"]
        for (lower, higher) in zip(chain, chain.dropFirst()) {
            assertRenders("{{ a | version_compare(b) }}{{ b | version_compare(a) }}", "-11", ["a": .string(lower), "b": .string(higher)])
        }
        assertRenders("{{ '1.0.0+build.1' | version_compare('1.0.0+other') }}", "0")
    }

    func testMatch() {
        assertRenders(#"{{ '0.10.1' | version_match(">0.10.0") }} {{ '0.1.1' | version_match(">0.10.0") }}"#, "True False")
        assertRenders(#"{{ '0.1.0' | version_match("<0.10.0") }} {{ '1.1.0' | version_match("<0.10.0") }}"#, "True False")
        assertRenders(#"{{ '0.10.0' | version_match("==0.10.0") }} {{ '0.10.1' | version_match("==0.10.0") }}"#, "True False")
        assertRenders(#"{{ '1.0.0' | version_match(">=1.0.0") }} {{ '1.0.0' | version_match("<=0.9.9") }} {{ '1.0.0' | version_match("!=1.0.0") }} {{ '1.0.0' | version_match("1.0.0") }}"#,
                      "True False False True")
        XCTAssertNotNil(errorMessage(#"{{ '1.0.0' | version_match("~1.0.0") }}"#))
    }

    func testBumpAndStrip() {
        let context: JSONValue = "0.10.1"
        assertRenders("{{ v | version_bump_major }} {{ v | version_bump_minor }} {{ v | version_bump_patch }} {{ v | version_strip_patch }}",
                      "1.0.0 0.11.0 0.10.2 0.10", ["v": context])
        assertRenders("{{ '1.2.3-rc.1+b5' | version_bump_patch }}", "1.2.4")
    }

    func testInvalidVersions() {
        for bad in ["1.0", "01.0.0", "1.0.0-", "1.0.0-01", "1.0.0+", "v1.0.0", "1.0.0-a..b"] {
            XCTAssertEqual(errorMessage("{{ v | version_bump_major }}", ["v": .string(bad)]), "ValueError: \(bad) is not valid SemVer string", bad)
        }
        XCTAssertEqual(errorMessage("{{ 1 | version_compare('1.0.0') }}"), "TypeError: not expecting type 'int'")
    }
}

final class St2PathTimeJSONPathFilterTests: St2FilterTestCase {
    func testBasenameAndDirname() {
        for (path, base, dir) in [("/some/path/to/file.txt", "file.txt", "/some/path/to"), ("/some/path/to/dir", "dir", "/some/path/to"),
                                  ("/some/path/to/dir/", "", "/some/path/to/dir"), ("file", "file", ""), ("/", "", "/"),
                                  ("//a", "a", "//"), ("a//b", "b", "a")] {
            assertRenders("{{ p | basename }}|{{ p | dirname }}", "\(base)|\(dir)", ["p": .string(path)])
        }
        XCTAssertEqual(errorMessage("{{ 5 | basename }}"), "expected str, bytes or os.PathLike object, not int")
    }

    func testHumanTime() {
        for (seconds, text) in [(JSONValue.int(12345), "3h25m45s"), (0, "0s"), (0.1, "0.1\u{03BC}s"), (56, "56s"), (56.2, "56s"),
                                (456, "7m36s"), (4560, "1h16m0s"), (45678997, "1y12d16h36m37s"), (-5, "-5\u{03BC}s"),
                                (2.5, "2s"), (true, "1s"), (86400, "1d0h0m0s")] {
            assertRenders("{{ s | to_human_time_from_seconds }}", text, ["s": seconds])
        }
        XCTAssertNotNil(errorMessage("{{ 'stuff' | to_human_time_from_seconds }}"))
    }

    let people: JSONValue = [
        "people": [["first": "James", "last": "d"], ["first": "Jacob", "last": "e"], ["first": "Jayden", "last": "f"], ["missing": "different"]],
        "foo": ["bar": "baz"],
    ]

    func testJSONPathQueryFromSt2() throws {
        XCTAssertEqual(try value(#"{{ obj | jsonpath_query("people[*].first") }}"#, ["obj": people]), ["James", "Jacob", "Jayden"])
        XCTAssertEqual(try value("{{ obj | jsonpath_query(query) }}", ["obj": people, "query": "people[*].last"]), ["d", "e", "f"])
        assertRenders("{{ obj | jsonpath_query('query_returns_no_results') }}", "None", ["obj": people])
    }

    func testJSONPathQuerySyntax() throws {
        let obj = people
        XCTAssertEqual(try value("{{ obj | jsonpath_query('$.foo.bar') }}", ["obj": obj]), ["baz"])
        XCTAssertEqual(try value("{{ obj | jsonpath_query('people[1].first') }}", ["obj": obj]), ["Jacob"])
        XCTAssertEqual(try value("{{ obj | jsonpath_query('people[-1].missing') }}", ["obj": obj]), ["different"])
        XCTAssertEqual(try value("{{ obj | jsonpath_query('people[0:2].last') }}", ["obj": obj]), ["d", "e"])
        XCTAssertEqual(try value("{{ obj | jsonpath_query(\"$['foo'].bar\") }}", ["obj": obj]), ["baz"])
        XCTAssertEqual(try value("{{ obj | jsonpath_query('$..first') }}", ["obj": obj]), ["James", "Jacob", "Jayden"])
        XCTAssertEqual(try value("{{ obj | jsonpath_query('foo.*') }}", ["obj": obj]), ["baz"])
        XCTAssertEqual(try value("{{ obj | jsonpath_query('people[3].missing,first') }}", ["obj": obj]), ["different"])
        // jsonpath-rw's [*] treats a lone object as a one-item list.
        XCTAssertEqual(try value("{{ obj | jsonpath_query('foo[*].bar') }}", ["obj": obj]), ["baz"])
        XCTAssertEqual(try value("{{ obj | jsonpath_query('people[9]') }}", ["obj": obj]), nil)
        XCTAssertNotNil(errorMessage("{{ obj | jsonpath_query('people[') }}", ["obj": obj]))
        XCTAssertNotNil(errorMessage("{{ obj | jsonpath_query('a..') }}", ["obj": obj]))
    }
}
