"""Parameters from a ChatOps command by an alias format string, with st2's rules.

A format string is a regular expression in which `{{ name }}` and `{{ name = default }}` stand for
parameter values (representations use groups such as `( ref {{ref=master}})?`). A value is a
double- or single-quoted string (quotes removed), a `{...}` JSON text, or plain text. A parameter
with a default may be left out together with the space before it; one that is not matched gets
its default, or None. `key=value` pairs at the end of the command are parameters too.
"""

import re

__all__ = ["ParseException", "extract_parameters"]

_PLACEHOLDER = re.compile(r"(\s*){{\s*([^\s=}]+?)\s*(?:=\s*(.*?)\s*)?}}")
_VALUE = r'''"(?P<q{0}>.*?)"|'(?P<s{0}>.*?)'|(?P<j{0}>{{.+?}})|(?P<v{0}>.+?)'''
_TRAILING_PAIR = re.compile(r'''\s+([\w.-]+)=("[^"]*"|'[^']*'|{.*}|\S+)\s*$''', re.DOTALL)


class ParseException(ValueError):
    """The command does not match the format string."""


def _unquote(text):
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    return text


def _compile(format_string):
    """The format as an anchored regex, and each placeholder's (group index, name, default)."""
    params = []
    pieces = []
    position = 0
    for index, match in enumerate(_PLACEHOLDER.finditer(format_string)):
        pieces.append(format_string[position:match.start()])
        space, name, default = match.group(1), match.group(2), match.group(3)
        value = "(?:%s)" % _VALUE.format(index)
        if default is not None:
            # An optional value may be omitted along with the whitespace before it.
            pieces.append("(?:%s%s)?" % (r"\s+" if space else "", value))
        else:
            pieces.append((r"\s+" if space else "") + value)
        params.append((index, name, None if default is None else _unquote(default)))
        position = match.end()
    pieces.append(format_string[position:])
    return re.compile(r"^\s*" + "".join(pieces) + r"\s*$", re.DOTALL), params


def _match(format_string, command):
    regex, params = _compile(format_string)
    match = regex.match(command)
    if not match:
        return None
    result = {}
    for index, name, default in params:
        value = None
        for kind in "qsjv":
            found = match.group("%s%d" % (kind, index))
            if found is not None:
                value = found
                break
        if value is None:
            value = default
        # A name used twice keeps the first value found.
        if result.get(name) is None:
            result[name] = value
    return result


def _split_trailing_pairs(command):
    pairs = {}
    rest = command
    while True:
        match = _TRAILING_PAIR.search(rest)
        if not match:
            return rest, pairs
        pairs.setdefault(match.group(1), _unquote(match.group(2)))
        rest = rest[:match.start()]


def extract_parameters(format_str, param_stream):
    """The parameters `param_stream` (the command) gives for `format_str`; ParseException if it does not match."""
    format_str = format_str or ""
    command = param_stream or ""
    rest, pairs = _split_trailing_pairs(command)
    result = _match(format_str, rest) if pairs else None
    if result is None:
        pairs = {}
        result = _match(format_str, command)
    if result is None:
        raise ParseException('Command "%s" doesn\'t match format string "%s"' % (command, format_str))
    result.update(pairs)
    return result
