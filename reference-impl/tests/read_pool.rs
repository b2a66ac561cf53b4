//! Reads go through the read pool, not the writer: a read answers with the last committed
//! state while a write holds the writer in an open transaction, sees a commit at once, and
//! sees schema changes on every pool connection.

use std::sync::mpsc;
use std::sync::{Arc, Barrier};
use std::time::Duration;

use conform_reference::db::Db;
use conform_reference::read_pool::ReadPool;

/// Guards against a hang only (a read queued behind the held writer never answers); no
/// assertion depends on how long anything takes.
const HANG_GUARD: Duration = Duration::from_secs(60);

async fn count(db: &Db) -> i64 {
    let read = db.read(|conn| Ok(conn.query_row("SELECT COUNT(*) FROM t", [], |r| r.get(0))?));
    tokio::time::timeout(HANG_GUARD, read)
        .await
        .unwrap_or_else(|_| panic!("the read waited for the writer"))
        .unwrap_or_else(|e| panic!("read: {}", e.message))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_answers_while_the_writer_is_in_a_transaction_and_sees_its_commit_at_once() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let db = Db::open(dir.path()).unwrap_or_else(|e| panic!("open: {e}"));
    db.call(|conn| Ok(conn.execute_batch("CREATE TABLE t (n INTEGER); INSERT INTO t VALUES (1);")?))
        .await
        .unwrap_or_else(|e| panic!("setup: {}", e.message));
    assert_eq!(count(&db).await, 1);

    // The writer inserts a row, then holds its transaction open until told to commit.
    let (inside, wrote) = mpsc::channel::<()>();
    let (release, released) = mpsc::channel::<()>();
    let writer = db.clone();
    let write = tokio::spawn(async move {
        writer
            .call(move |conn| {
                let tx = conn.transaction()?;
                tx.execute("INSERT INTO t VALUES (2)", [])?;
                let _ = inside.send(());
                let _ = released.recv();
                tx.commit()?;
                Ok(())
            })
            .await
    });
    tokio::task::spawn_blocking(move || wrote.recv()).await.unwrap_or_else(|e| panic!("join: {e}")).unwrap_or_else(|e| panic!("{e}"));

    assert_eq!(count(&db).await, 1, "a read during the write sees the last committed state, not the open write");
    assert!(!write.is_finished(), "the writer is still inside its transaction");

    let _ = release.send(());
    write.await.unwrap_or_else(|e| panic!("join: {e}")).unwrap_or_else(|e| panic!("write: {}", e.message));
    assert_eq!(count(&db).await, 2, "the committed write is visible to the next read");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_pool_connection_sees_schema_changes_and_none_can_write() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let db = Db::open(dir.path()).unwrap_or_else(|e| panic!("open: {e}"));
    db.call(|conn| Ok(conn.execute_batch("CREATE TABLE t (n INTEGER); INSERT INTO t VALUES (1);")?))
        .await
        .unwrap_or_else(|e| panic!("setup: {}", e.message));

    // All reads wait at the barrier, so each holds a different connection: together they
    // use every connection of the pool.
    let size = ReadPool::default_size();
    let on_every_connection = |sql: &'static str| {
        let barrier = Arc::new(Barrier::new(size));
        let reads: Vec<_> = (0..size)
            .map(|_| {
                let (db, barrier) = (db.clone(), barrier.clone());
                tokio::spawn(async move {
                    db.read(move |conn| {
                        barrier.wait();
                        let mut stmt = conn.prepare_cached(sql)?;
                        let values = stmt.query_map([], |r| r.get::<_, i64>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
                        Ok(values)
                    })
                    .await
                })
            })
            .collect();
        async move {
            let mut answers = Vec::new();
            for read in reads {
                let answer = tokio::time::timeout(HANG_GUARD, read).await.unwrap_or_else(|_| panic!("the pool has fewer connections"));
                answers.push(answer.unwrap_or_else(|e| panic!("join: {e}")).unwrap_or_else(|e| panic!("read: {}", e.message)));
            }
            answers
        }
    };

    // Caches a statement on every connection, then changes the table under it.
    assert_eq!(on_every_connection("SELECT * FROM t").await, vec![vec![1]; size]);
    db.call(|conn| {
        Ok(conn.execute_batch(
            "ALTER TABLE t ADD COLUMN m INTEGER; UPDATE t SET m = 7; DROP TABLE t; CREATE TABLE t (m INTEGER); INSERT INTO t VALUES (8);",
        )?)
    })
    .await
    .unwrap_or_else(|e| panic!("schema change: {}", e.message));
    assert_eq!(on_every_connection("SELECT * FROM t").await, vec![vec![8]; size], "the cached statement was prepared again");

    let refused = db.read(|conn| Ok(conn.execute("INSERT INTO t VALUES (9)", [])?)).await;
    assert!(refused.is_err(), "pool connections are read-only");
    assert_eq!(on_every_connection("SELECT m FROM t").await, vec![vec![8]; size]);
}
