/// How Python sees a JSON value: shared by the template engine and the rules' operators, which both
/// follow Python's data model.
extension JSONValue {
    /// Python's truthiness: None, False, 0, 0.0, "", [] and {} are false.
    public var isPythonTruthy: Bool {
        switch self {
        case .null: return false
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .double(let d): return d != 0
        case .string(let s): return !s.isEmpty
        case .array(let a): return !a.isEmpty
        case .object(let o): return !o.isEmpty
        }
    }

    /// Python's type name, for error messages that read like Python's.
    public var pythonTypeName: String {
        switch self {
        case .null: return "NoneType"
        case .bool: return "bool"
        case .int: return "int"
        case .double: return "float"
        case .string: return "str"
        case .array: return "list"
        case .object: return "dict"
        }
    }
}
