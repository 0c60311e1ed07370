import PostgresClient

/// Working memory for one import's transaction, sized to its file.
public enum ImportMemory {
    /// Sizes the transaction's memory for a file of `fileBytes`; call it before the import's
    /// first temporary table (`temp_buffers` is fixed from then on).
    public static func reserve(forFileBytes fileBytes: Int, connection: PostgresConnection) throws {
        // The merges hash whole files (with the default 4 MB their hash joins spill to disk), and
        // the staging tables hold the file about three times over (beyond temp_buffers they are
        // written out and read back). Both grow with the file, within bounds; memory is taken
        // only as it is used.
        let megabytes = fileBytes >> 20
        try connection.execute("SELECT set_config('work_mem', \("\(min(max(64, 2 * megabytes), 1024))MB"), true)")
        try connection.execute("SELECT set_config('temp_buffers', \("\(min(max(256, 4 * megabytes), 2048))MB"), true)")
        // The staging tables have no statistics, so the planner overestimates the merges'
        // statements and compiles them; at these sizes compiling costs more than it saves.
        try connection.execute("SELECT set_config('jit', 'off', true)")
    }
}
