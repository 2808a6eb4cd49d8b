import GRDB

extension StoredResultText {
    /// Drops the text kept beside execution `executionId`, inside the transaction that rewrote its
    /// row without one: readers take the text whenever the row's own result is NULL
    /// (`column`), so a later update clearing the result would otherwise show the old text again.
    static func discard(executionId: String, in db: Database) throws {
        try BulkStatement.cached(db, sql: "DELETE FROM execution_result_texts WHERE execution_id = ?")
            .run([.text(executionId)])
    }
}
