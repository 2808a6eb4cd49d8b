// sqlite3_db_config is variadic, which Swift cannot call: one fixed-signature wrapper per option used.
#ifndef SQUALL_SQLITE_H
#define SQUALL_SQLITE_H

#include <sqlite3.h>

// Skips the checkpoint SQLite runs when the last connection to a WAL database closes (three fsyncs
// at the end of every short CLI run); the WAL is checkpointed by later writers as it grows instead.
int squall_sqlite_skip_checkpoint_on_close(sqlite3 *db);

#endif
