//! An order-keeping parallel map on scoped threads: the output is the same
//! whatever the thread count, which keeps every report deterministic.
//!
//! Bottom layer: imports no other module of the crate (docs/architecture.md).

use std::sync::atomic::{AtomicUsize, Ordering};

/// The default worker count: the machine's parallelism, asked once (each
/// asking reads the cgroup's CPU quota: four files).
pub fn default_jobs() -> usize {
    static JOBS: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *JOBS.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// The most threads a run starts: four per core. More only queue for the
/// same cores, and `--jobs 65535` would stall the walk starting them.
pub fn workers(requested: usize) -> usize {
    requested.clamp(1, default_jobs().saturating_mul(4).max(4))
}

/// Workers get the main thread's usual stack, so `--jobs 1` and `--jobs N`
/// have the same headroom.
const WORKER_STACK: usize = 8 << 20;

/// Applies `f` to every item on `jobs` threads; results keep input order.
pub fn map_ordered<T: Sync, R: Send>(
    items: &[T],
    jobs: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let jobs = workers(jobs).min(items.len().max(1));
    if jobs == 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let parts: Vec<Vec<(usize, R)>> = std::thread::scope(|scope| {
        let work = || {
            let mut done = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(i) else { break };
                done.push((i, f(item)));
            }
            done
        };
        // The calling thread works too.
        let workers = spawn_workers(scope, jobs - 1, work);
        joined(work(), workers)
    });
    in_order(parts)
}

/// Applies `f` on `jobs` threads to the items `produce` hands over as it
/// makes them (a walk's files as it finds them); results keep the order
/// the items were handed over. The calling thread produces, then works
/// through what is left. A worker waits on the queue and wakes when an
/// item or the end arrives: a short run ends when its last item is done,
/// with no poll interval.
pub fn map_fed<T: Send, R: Send>(
    jobs: usize,
    produce: impl FnOnce(&mut dyn FnMut(T)),
    f: impl Fn(T) -> R + Sync,
) -> Vec<R> {
    let jobs = workers(jobs);
    if jobs == 1 {
        let mut out = Vec::new();
        produce(&mut |item| out.push(f(item)));
        return out;
    }
    let (send, receive) = std::sync::mpsc::channel::<(usize, T)>();
    let receive = std::sync::Mutex::new(receive);
    let parts: Vec<Vec<(usize, R)>> = std::thread::scope(|scope| {
        let work = || {
            let mut done = Vec::new();
            loop {
                // One worker at a time waits on the queue, holding the
                // lock, and lets go once it has an item (or the end); a
                // poisoned lock (a worker panicked) still holds the queue.
                let next = receive.lock().unwrap_or_else(|p| p.into_inner()).recv();
                let Ok((i, item)) = next else { break };
                done.push((i, f(item)));
            }
            done
        };
        let workers = spawn_workers(scope, jobs - 1, work);
        let mut count = 0;
        if workers.is_empty() {
            // No worker could start: the calling thread does it all.
            let mut out = Vec::new();
            produce(&mut |item| {
                out.push((count, f(item)));
                count += 1;
            });
            return vec![out];
        }
        produce(&mut |item| {
            // The workers live until the queue ends: the send succeeds.
            let _ = send.send((count, item));
            count += 1;
        });
        drop(send);
        joined(work(), workers)
    });
    in_order(parts)
}

/// Starts `count` workers running `work` (a copy each) in `scope`; a
/// worker the system cannot start only means fewer hands.
fn spawn_workers<'scope, R: Send + 'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    count: usize,
    work: impl Fn() -> R + Send + Copy + 'scope,
) -> Vec<std::thread::ScopedJoinHandle<'scope, R>> {
    (0..count)
        .filter_map(|_| {
            std::thread::Builder::new()
                .stack_size(WORKER_STACK)
                .spawn_scoped(scope, work)
                .ok()
        })
        .collect()
}

/// The calling thread's part, then each worker's.
fn joined<R>(mine: R, workers: Vec<std::thread::ScopedJoinHandle<'_, R>>) -> Vec<R> {
    let mut parts = vec![mine];
    parts.extend(
        workers
            .into_iter()
            .map(|w| w.join().expect("worker does not panic")),
    );
    parts
}

/// The results of numbered items, in their numbers' order.
fn in_order<R>(parts: Vec<Vec<(usize, R)>>) -> Vec<R> {
    let mut all: Vec<(usize, R)> = parts.into_iter().flatten().collect();
    all.sort_by_key(|(i, _)| *i);
    all.into_iter().map(|(_, r)| r).collect()
}

/// Frees `value` on a thread of its own, so that freeing a large tree of
/// small allocations costs the caller nothing (the run may end first: the
/// memory goes with the process). Without a thread, it is freed here.
pub fn drop_aside<T: Send + 'static>(value: T) {
    // A thread that cannot start hands its closure, and `value`, back to
    // be dropped here.
    let _ = std::thread::Builder::new().spawn(move || drop(value));
}

/// [`map_ordered`], the items taken heaviest first by `weight` (a heavy
/// item taken last would keep one thread busy while the others wait);
/// results keep input order.
pub fn map_largest_first<T: Sync, R: Send>(
    items: &[T],
    jobs: usize,
    weight: impl Fn(&T) -> u64,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(weight(&items[i])), i));
    let done = map_ordered(&order, jobs, |&i| f(&items[i]));
    let mut slots: Vec<Option<R>> = std::iter::repeat_with(|| None).take(items.len()).collect();
    for (i, r) in order.into_iter().zip(done) {
        slots[i] = Some(r);
    }
    slots.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn thread_counts_are_bounded() {
        let most = super::default_jobs() * 4;
        assert_eq!(super::workers(0), 1);
        assert_eq!(super::workers(65535), most.max(4));
        assert_eq!(super::workers(2), 2);
    }

    #[test]
    fn keeps_order() {
        let items: Vec<u32> = (0..1000).collect();
        assert_eq!(
            super::map_ordered(&items, 4, |x| x * 2),
            items.iter().map(|x| x * 2).collect::<Vec<_>>()
        );
    }

    #[test]
    fn fed_results_keep_the_order_handed_over() {
        for jobs in [1, 2, 4] {
            let out = super::map_fed(
                jobs,
                |hand: &mut dyn FnMut(u32)| {
                    for i in (0..500).rev() {
                        hand(i);
                    }
                },
                |x| x * 3,
            );
            assert_eq!(
                out,
                (0..500).rev().map(|x| x * 3).collect::<Vec<_>>(),
                "jobs {jobs}"
            );
            let none = super::map_fed(jobs, |_: &mut dyn FnMut(u32)| {}, |x| x);
            assert!(none.is_empty(), "jobs {jobs}");
        }
    }

    #[test]
    fn fed_items_are_worked_on_while_the_producer_runs() {
        // The producer waits until a worker has finished the first item:
        // with one thread this would never end, so only jobs > 1.
        let done = std::sync::atomic::AtomicBool::new(false);
        let out = super::map_fed(
            2,
            |hand: &mut dyn FnMut(u32)| {
                hand(1);
                while !done.load(std::sync::atomic::Ordering::SeqCst) {
                    std::thread::yield_now();
                }
                hand(2);
            },
            |x| {
                done.store(true, std::sync::atomic::Ordering::SeqCst);
                x + 10
            },
        );
        assert_eq!(out, vec![11, 12]);
    }

    #[test]
    fn heaviest_first_results_in_input_order() {
        let items = [3u64, 40, 7, 40, 1];
        let seen = std::sync::Mutex::new(Vec::new());
        let out = super::map_largest_first(
            &items,
            1,
            |w| *w,
            |w| {
                seen.lock().unwrap().push(*w);
                w * 10
            },
        );
        assert_eq!(out, vec![30, 400, 70, 400, 10]);
        assert_eq!(*seen.lock().unwrap(), vec![40, 40, 7, 3, 1]);
        assert_eq!(
            super::map_largest_first(&items, 3, |w| *w, |w| w + 1),
            vec![4, 41, 8, 41, 2]
        );
    }
}
