import collections.abc, json, sys
sys.path.insert(0, __import__('os').path.dirname(__file__))
import yaql
from yaql.language import utils as yu
from cases import CASES, ERROR_CASES, SYNTAX_CASES
engine = yaql.factory.YaqlFactory().create()
root = yaql.create_context()
def ev(expr, data):
    ctx = root.create_child_context()
    ctx['$'] = yu.convert_input_data(data)
    def ctx_fn(name=None):
        return ctx['$'] if name is None else ctx['$'][name]
    ctx.register_function(ctx_fn, name='ctx')
    try:
        return ('ok', engine(expr).evaluate(context=ctx))
    except Exception as e:
        return ('err', type(e).__name__ + ": " + str(e))
def sw(s):  # Swift string literal
    out = '"'
    for ch in s:
        if ch == '"': out += '\\"'
        elif ch == '\\': out += '\\\\'
        elif ch == '\n': out += '\\n'
        elif ch == '\t': out += '\\t'
        elif ch == '\r': out += '\\r'
        elif ord(ch) < 0x20 or ord(ch) == 0x7f: out += '\\u{%x}' % ord(ch)
        else: out += ch
    return out + '"'
def val(v):  # Swift JSONValue, explicit so the type checker stays fast and 0.1 + 0.2 stays exact
    if v is None: return '.null'
    if v is True: return '.bool(true)'
    if v is False: return '.bool(false)'
    if isinstance(v, int): return '.int(%d)' % v
    if isinstance(v, float): return '.double(%r)' % v
    if isinstance(v, str): return '.string(%s)' % sw(v)
    if isinstance(v, (list, tuple)): return '.array([%s])' % ', '.join(val(x) for x in v)
    if isinstance(v, dict): return '.object([%s])' % (', '.join('%s: %s' % (sw(k), val(x)) for k, x in v.items()) if v else ':')
    if isinstance(v, (set, frozenset)): raise TypeError('set result')
    if hasattr(v, 'items'): return val(dict(v))
    raise TypeError(repr(type(v)))
out = []
out.append("// Generated from the real yaql (PyPI yaql 3.2.0, CPython 3.11, the versions st2's lockfile pins) by")
out.append("// evaluating each expression with YaqlFactory().create() and yaql.create_context(), `$` bound to the data")
out.append("// and a ctx() function as in the tests. Regenerate only by re-running yaql; never edit a result by hand.")
out.append("")
out.append("import SquallModel")
out.append("")
out.append("let evaluatedCases: [YAQLCase] = [")
bad = []
for expr, data in CASES:
    kind, res = ev(expr, data)
    if kind != 'ok':
        bad.append((expr, res)); continue
    out.append("    YAQLCase(%s, data: %s, expected: %s)," % (sw(expr), val(data), val(json.loads(json.dumps(res)))))
out.append("]")
out.append("")
out.append("/// Expressions yaql refuses while evaluating; the comment is yaql's own error.")
out.append("let failingCases: [YAQLCase] = [")
for expr, data in ERROR_CASES:
    kind, res = ev(expr, data)
    if kind != 'err':
        bad.append((expr, 'NOT AN ERROR: %r' % (res,))); continue
    # yaql's exception class, where it tells which of our error kinds must match (its internal
    # functions such as "#property#b", for `null.b`, are not what a user calls).
    kind = ('.missingKey' if res.startswith('KeyError') else
            '.unknownFunction' if res.startswith('NoFunctionRegisteredException') and '"#' not in res else
            '.unknownMethod' if res.startswith('NoMethodRegisteredException') else '.other')
    out.append("    YAQLCase(%s, data: %s, failure: %s), // %s" % (sw(expr), val(data), kind, res.replace('\n', ' ')))
out.append("]")
out.append("")
out.append("/// Expressions yaql cannot parse; the comment is yaql's own error.")
out.append("let unparsableExpressions: [String] = [")
for expr in SYNTAX_CASES:
    try:
        engine(expr)
        bad.append((expr, 'PARSES'))
    except Exception as e:
        out.append("    %s, // %s" % (sw(expr), (type(e).__name__ + ": " + str(e)).replace('\n', ' ')))
out.append("]")
print("\n".join(out))
for b in bad: print("BAD", b, file=sys.stderr)
