import SquallCommandLine
import SquallModel

extension ResultTextPrinting {
    /// Prints a record as `squall run` and `execution get` show it: a big result held as text
    /// from the text when it nests at most `maximumDepth` levels, else from its value; the same
    /// bytes either way.
    static func print(_ execution: Execution, json: Bool) {
        if let text = execution.actionResultText, let index = JSONTextIndex(text, depthLimit: maximumDepth) {
            if json { printJSON(execution, text: text, index: index) } else { printText(execution, text: text, index: index) }
        } else if json {
            say(ExecutionPresentation.json(execution.materialized()).jsonString(pretty: true))
        } else {
            say(lines: ExecutionPresentation.lines(execution.materialized()))
        }
    }
}
