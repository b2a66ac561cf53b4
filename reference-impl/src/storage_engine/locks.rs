//! One async mutex per upload (bucket/file), created on demand and dropped when its last user
//! leaves, so chunk bookkeeping and assembly of one file are serialised while different files
//! proceed in parallel. Chunk bytes are written before taking the lock (see chunks.rs), so the
//! lock is held only for counting, assembly and the caller's database update.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::{Mutex as AsyncMutex, OwnedMutexGuard};

#[derive(Default, Debug)]
pub(crate) struct UploadLocks {
    map: Mutex<HashMap<String, Arc<AsyncMutex<()>>>>,
}

/// Holds one upload's lock; releasing it forgets the mutex if nobody else waits on it.
pub(crate) struct Held<'a> {
    locks: &'a UploadLocks,
    name: String,
    guard: Option<OwnedMutexGuard<()>>,
}

impl UploadLocks {
    pub(crate) async fn lock(&self, name: String) -> Held<'_> {
        let mutex = {
            let mut map = self.map.lock().unwrap_or_else(PoisonError::into_inner);
            Arc::clone(map.entry(name.clone()).or_default())
        };
        let guard = mutex.lock_owned().await;
        Held { locks: self, name, guard: Some(guard) }
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.map.lock().unwrap_or_else(PoisonError::into_inner).len()
    }
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        let mut map = self.locks.map.lock().unwrap_or_else(PoisonError::into_inner);
        // Release first, then count: clones are only taken under `map`'s lock, so a count of
        // one (the map's own) means no task holds or awaits this mutex.
        self.guard = None;
        if map.get(&self.name).is_some_and(|m| Arc::strong_count(m) == 1) {
            map.remove(&self.name);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn serialises_one_name_and_forgets_idle_locks() {
        let locks = Arc::new(UploadLocks::default());
        let inside = Arc::new(AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for _ in 0..16 {
            let (locks, inside) = (Arc::clone(&locks), Arc::clone(&inside));
            tasks.push(tokio::spawn(async move {
                let _held = locks.lock("b/f".into()).await;
                assert_eq!(inside.fetch_add(1, Ordering::SeqCst), 0, "two holders at once");
                tokio::task::yield_now().await;
                inside.fetch_sub(1, Ordering::SeqCst);
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        assert_eq!(locks.len(), 0);
    }
}
