//! The crate's one sort, and its small maps kept in key order.
//!
//! Each call of the standard library's sorts is a copy of the whole
//! algorithm for its item and its closure (some 4 KB of WebAssembly each,
//! ten of them); here the algorithm is compiled once, over item positions,
//! and each list only swaps its items into place. It is stable (equal
//! items keep their order), and it needs room for one index per item, not
//! for half the items again, as `sort_by_key` does: a long case's rows are
//! some hundred bytes each, and the WebAssembly memory keeps its peak.

use std::borrow::Borrow;
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

/// Sorts `items` in their own order.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp)
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

/// A map of a handful of entries, kept as a list sorted by key and written
/// (serde) as a map in key order, as a `BTreeMap` is: each `BTreeMap` type
/// compiles some 5 to 8 KB of WebAssembly; this is a few hundred bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct SortedMap<K, V>(Vec<(K, V)>);

impl<K, V> Default for SortedMap<K, V> {
    fn default() -> Self {
        SortedMap(Vec::new())
    }
}

impl<K: Ord, V> SortedMap<K, V> {
    fn at<Q: Ord + ?Sized>(&self, k: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
    {
        self.0.binary_search_by(|(key, _)| key.borrow().cmp(k))
    }

    pub fn get<Q: Ord + ?Sized>(&self, k: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        self.at(k).ok().map(|i| &self.0[i].1)
    }

    /// Sets `k`'s value; the one it replaces, if any.
    pub fn insert(&mut self, k: K, v: V) -> Option<V> {
        match self.at(&k) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, v)),
            Err(i) => {
                self.0.insert(i, (k, v));
                None
            }
        }
    }

    /// `k`'s value, made by `v` if there is none yet.
    pub fn get_or_insert_with(&mut self, k: K, v: impl FnOnce() -> V) -> &mut V {
        let i = match self.at(&k) {
            Ok(i) => i,
            Err(i) => {
                self.0.insert(i, (k, v()));
                i
            }
        };
        &mut self.0[i].1
    }

    pub fn remove<Q: Ord + ?Sized>(&mut self, k: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        let i = self.at(k).ok()?;
        Some(self.0.remove(i).1)
    }

    /// Keeps the entries `keep` says yes to.
    pub fn retain(&mut self, mut keep: impl FnMut(&K, &mut V) -> bool) {
        self.0.retain_mut(|(k, v)| keep(k, v))
    }

    pub fn clear(&mut self) {
        self.0.clear()
    }

    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.0.iter().map(|(_, v)| v)
    }
}

impl<K: Ord, V, const N: usize> From<[(K, V); N]> for SortedMap<K, V> {
    fn from(all: [(K, V); N]) -> Self {
        let mut out = SortedMap::default();
        for (k, v) in all {
            out.insert(k, v);
        }
        out
    }
}

impl<K: Ord + Borrow<Q>, V, Q: Ord + ?Sized> std::ops::Index<&Q> for SortedMap<K, V> {
    type Output = V;
    fn index(&self, k: &Q) -> &V {
        self.get(k).unwrap_or_else(|| panic!("no such key"))
    }
}

impl<K: serde::Serialize, V: serde::Serialize> serde::Serialize for SortedMap<K, V> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

impl<'de, K: Ord + serde::Deserialize<'de>, V: serde::Deserialize<'de>> serde::Deserialize<'de> for SortedMap<K, V> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Entries<K, V>(std::marker::PhantomData<(K, V)>);
        impl<'de, K: Ord + serde::Deserialize<'de>, V: serde::Deserialize<'de>> serde::de::Visitor<'de> for Entries<K, V> {
            type Value = SortedMap<K, V>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut m: A) -> Result<Self::Value, A::Error> {
                let mut out = SortedMap::default();
                // Of keys written twice the last counts, as in a `BTreeMap`.
                while let Some((k, v)) = m.next_entry()? {
                    out.insert(k, v);
                }
                Ok(out)
            }
        }
        d.deserialize_map(Entries(std::marker::PhantomData))
    }
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
