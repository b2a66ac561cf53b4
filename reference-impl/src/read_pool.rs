//! Read-only SQLite connections beside the one writer (`db::Db`), so reads run in parallel
//! with each other and with a write in progress. The database is in WAL mode: a read sees
//! every transaction committed before it began and nothing of one still open.

use std::path::Path;
use std::sync::{Condvar, Mutex};

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use crate::error::ApiResult;

pub struct ReadPool {
    /// The connections no read is using; a read takes one out and puts it back.
    idle: Mutex<Vec<Connection>>,
    returned: Condvar,
}

impl ReadPool {
    /// Opens `size` connections to the (already migrated, WAL-mode) database at `path`.
    pub fn open(path: &Path, size: usize) -> anyhow::Result<ReadPool> {
        let conns = (0..size).map(|_| open_reader(path)).collect::<anyhow::Result<Vec<_>>>()?;
        Ok(ReadPool { idle: Mutex::new(conns), returned: Condvar::new() })
    }

    /// One connection per core: reads are CPU-bound once the pages are cached, and more
    /// connections than cores would only contend. Two at least, so one slow read (a large
    /// count) never holds up every other.
    pub fn default_size() -> usize {
        std::thread::available_parallelism().map_or(2, usize::from).max(2)
    }

    /// Runs `f` on an idle connection (waiting for one when all are busy), inside one read
    /// transaction so everything `f` reads comes from the same committed state. Blocking:
    /// call from `spawn_blocking`.
    pub fn run<T>(&self, f: impl FnOnce(&Connection) -> ApiResult<T>) -> ApiResult<T> {
        let mut lease = self.take();
        read_snapshot(lease.conn.as_mut().expect("a lease holds its connection until it drops"), f)
    }

    fn take(&self) -> Lease<'_> {
        let mut idle = self.idle.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        loop {
            if let Some(conn) = idle.pop() {
                return Lease { pool: self, conn: Some(conn) };
            }
            idle = self.returned.wait(idle).unwrap_or_else(|poisoned| poisoned.into_inner());
        }
    }
}

/// A connection taken from the pool; it goes back when the lease drops, also when `f`
/// panics (its transaction is rolled back while unwinding), so the pool never shrinks.
struct Lease<'a> {
    pool: &'a ReadPool,
    conn: Option<Connection>,
}

impl Drop for Lease<'_> {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            self.pool.idle.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).push(conn);
            self.pool.returned.notify_one();
        }
    }
}

fn read_snapshot<T>(conn: &mut Connection, f: impl FnOnce(&Connection) -> ApiResult<T>) -> ApiResult<T> {
    // Deferred: the snapshot starts at the first read. Dropping the transaction rolls it
    // back, which for a read-only one just ends it.
    let tx = conn.transaction_with_behavior(TransactionBehavior::Deferred)?;
    f(&tx)
}

fn open_reader(path: &Path) -> anyhow::Result<Connection> {
    // Read-write flags with `query_only` rather than SQLITE_OPEN_READ_ONLY: a read-only
    // handle cannot recover or create the WAL index when it is the first to look at it.
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
    let conn = Connection::open_with_flags(path, flags)?;
    conn.pragma_update(None, "query_only", "ON")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    crate::query_spatial::register(&conn)?;
    Ok(conn)
}
