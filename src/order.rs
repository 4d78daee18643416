//! The crate's one sort. Each call of the standard library's sorts is a
//! copy of the whole algorithm for its item and its closure (some 4 KB of
//! WebAssembly each, a dozen of them); here the algorithm is compiled once,
//! over item positions, and each list only swaps its items into place.
//! It is stable (equal items keep their order), and it needs room for one
//! index per item, not for half the items again, as `sort_by_key` does: a
//! long case's rows are some hundred bytes each, and the WebAssembly memory
//! keeps its peak.

use std::cmp::Ordering;

/// Sorts `items` by `cmp`, stably.
pub fn sort_by<T>(items: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    let mut order = positions(items.len(), &|a, b| cmp(&items[a], &items[b]));
    // items[k] becomes the item at order[k], one cycle of the permutation at a time.
    for start in 0..items.len() {
        let mut at = start;
        loop {
            let from = order[at] as usize;
            order[at] = at as u32;
            if from == start {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

/// Sorts `items` by `key`, stably.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)))
}

/// The positions `0..n` in the order `cmp` puts them, stably: the one
/// place a sorting algorithm is compiled.
fn positions(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<u32> {
    let mut order: Vec<u32> = (0..n as u32).collect();
    order.sort_by(|a, b| cmp(*a as usize, *b as usize));
    order
}

#[cfg(test)]
mod tests {
    use super::{sort_by, sort_by_key};

    #[test]
    fn it_is_the_standard_stable_sort() {
        // Many ties (keys 0..7), so that a wrong permutation or an unstable
        // order shows: each item remembers where it came from.
        let mut seed = 7u32;
        for n in [0usize, 1, 2, 3, 17, 500] {
            let items: Vec<(u32, usize)> = (0..n)
                .map(|i| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
                    ((seed >> 16) % 8, i)
                })
                .collect();
            let mut want = items.clone();
            want.sort_by_key(|x| std::cmp::Reverse(x.0));
            let mut got = items.clone();
            sort_by_key(&mut got, |x| std::cmp::Reverse(x.0));
            assert_eq!(got, want, "{n} items, by key");
            let mut want = items.clone();
            want.sort_by_key(|a| a.0);
            let mut got = items;
            sort_by(&mut got, |a, b| a.0.cmp(&b.0));
            assert_eq!(got, want, "{n} items, by comparison");
        }
    }
}
