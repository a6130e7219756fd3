//! A map that holds at most a fixed number of entries, forgetting the one used
//! longest ago when full: what keeps the judgement cache's memory bounded
//! however many periods, localities, days or plans are asked about.

use std::collections::HashMap;
use std::hash::Hash;

pub struct Bounded<K, V> {
    capacity: usize,
    /// Each value with the tick it was last used at.
    entries: HashMap<K, (V, u64)>,
    tick: u64,
}

impl<K: Eq + Hash + Clone, V: Clone> Bounded<K, V> {
    pub fn new(capacity: usize) -> Self {
        Bounded {
            capacity: capacity.max(1),
            entries: HashMap::new(),
            tick: 0,
        }
    }

    /// The value under `key`, marked as just used.
    pub fn get(&mut self, key: &K) -> Option<V> {
        self.tick += 1;
        let tick = self.tick;
        self.entries.get_mut(key).map(|(value, used)| {
            *used = tick;
            value.clone()
        })
    }

    /// The value under `key`, made by `make` when absent (forgetting the least
    /// recently used entry if the map is full).
    pub fn get_or_insert_with(&mut self, key: K, make: impl FnOnce() -> V) -> V {
        if let Some(found) = self.get(&key) {
            return found;
        }
        let value = make();
        self.insert(key, value.clone());
        value
    }

    pub fn insert(&mut self, key: K, value: V) {
        self.tick += 1;
        if !self.entries.contains_key(&key) && self.entries.len() >= self.capacity {
            let oldest = self
                .entries
                .iter()
                .min_by_key(|(_, (_, used))| *used)
                .map(|(key, _)| key.clone());
            if let Some(oldest) = oldest {
                self.entries.remove(&oldest);
            }
        }
        self.entries.insert(key, (value, self.tick));
    }

    /// Every entry, least recently used first, without marking any as used.
    pub fn entries(&self) -> Vec<(K, V)> {
        let mut all: Vec<(&K, &(V, u64))> = self.entries.iter().collect();
        all.sort_by_key(|(_, (_, used))| *used);
        all.into_iter()
            .map(|(key, (value, _))| (key.clone(), value.clone()))
            .collect()
    }

    /// How many entries are held.
    #[cfg(test)]
    pub fn held(&self) -> usize {
        self.entries.len()
    }
}

#[cfg(test)]
mod tests {
    use super::Bounded;

    #[test]
    fn the_least_recently_used_entry_goes_when_full() {
        let mut map = Bounded::new(2);
        map.insert("a", 1);
        map.insert("b", 2);
        assert_eq!(map.get(&"a"), Some(1));
        map.insert("c", 3);
        assert_eq!(map.held(), 2);
        assert_eq!(map.get(&"b"), None);
        assert_eq!(map.get(&"a"), Some(1));
        assert_eq!(map.get_or_insert_with("c", || 9), 3);
        map.insert("a", 10);
        assert_eq!(map.get(&"a"), Some(10));
        assert_eq!(map.held(), 2);
    }
}
