package dev.skyrun.state;

import java.io.IOException;

/**
 * A run name held by this process's controller of a run, so that two launches of one name never run
 * at once: a file lock in a SQLite home ({@link NameLock}), or an advisory lock on a shared
 * PostgreSQL server ({@link ServerNameLock}). Either is released when its holder dies.
 */
public sealed interface HeldName extends AutoCloseable permits NameLock, ServerNameLock {

    /** Lets the name go. */
    @Override
    void close() throws IOException;
}
