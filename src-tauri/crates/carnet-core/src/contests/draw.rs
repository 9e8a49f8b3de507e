//! A draw anyone can check: a recorded 32-byte seed and the ordered list of eligible
//! entry ids (and its digest) always give the same winners, in the same order.
//!
//! Since schema 17 the seed is fixed before anyone can know the winners: when a contest is
//! made, a random secret is drawn and only its commitment is published (in the rules and
//! on the contest page); when entries close, the list is fixed; at the draw the secret is
//! revealed and mixed with a public value the rules named (a lottery's result, a drand
//! round), typed by the office. `docs/draw.md` defines every byte; `docs/check_draw.py`
//! recomputes a draw from its report alone.
//!
//! The random stream is SHA-256 in counter mode over the seed and the list's digest; an
//! index in `0..n` is taken by rejection sampling, so every entry is equally likely; the
//! order is a partial Fisher–Yates shuffle of the list. Nothing here reads the clock or
//! the register: it is a pure function the verification runs again.

use sha2::{Digest, Sha256};

/// The digest of the ordered list of entry ids the draw ran on.
pub fn list_digest(entry_ids: &[i64]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"carnet draw list v1");
    h.update((entry_ids.len() as u64).to_le_bytes());
    for id in entry_ids {
        h.update(id.to_le_bytes());
    }
    h.finalize().into()
}

/// The commitment to a draw's secret, published when the contest is made.
pub fn commitment(secret: &[u8; 32]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"carnet draw commitment v2");
    h.update(secret);
    h.finalize().into()
}

/// The seed of a committed draw: the revealed secret and the public value (its UTF-8
/// bytes, as recorded), each delimited.
pub fn committed_seed(secret: &[u8; 32], public_value: &str) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"carnet draw seed v2");
    h.update(secret);
    h.update((public_value.len() as u64).to_le_bytes());
    h.update(public_value.as_bytes());
    h.finalize().into()
}

/// The random stream of a draw.
struct Stream {
    key: [u8; 32],
    counter: u64,
    block: [u8; 32],
    used: usize,
}

impl Stream {
    fn new(seed: &[u8; 32], digest: &[u8; 32]) -> Stream {
        let mut h = Sha256::new();
        h.update(b"carnet draw stream v1");
        h.update(seed);
        h.update(digest);
        Stream {
            key: h.finalize().into(),
            counter: 0,
            block: [0; 32],
            used: 32,
        }
    }

    fn next_u64(&mut self) -> u64 {
        if self.used + 8 > 32 {
            let mut h = Sha256::new();
            h.update(self.key);
            h.update(self.counter.to_le_bytes());
            self.block = h.finalize().into();
            self.counter += 1;
            self.used = 0;
        }
        let v = u64::from_le_bytes(
            self.block[self.used..self.used + 8]
                .try_into()
                .expect("8 bytes"),
        );
        self.used += 8;
        v
    }

    /// A uniform index in `0..n` (`n > 0`), without modulo bias.
    fn below(&mut self, n: u64) -> u64 {
        let zone = u64::MAX - (u64::MAX % n);
        loop {
            let v = self.next_u64();
            if v < zone {
                return v % n;
            }
        }
    }
}

/// The first `take` entries of the list in drawn order: winners first, then alternates.
pub fn draw_order(seed: &[u8; 32], entry_ids: &[i64], take: usize) -> Vec<i64> {
    let digest = list_digest(entry_ids);
    let mut stream = Stream::new(seed, &digest);
    let mut list = entry_ids.to_vec();
    let n = list.len();
    let take = take.min(n);
    for k in 0..take {
        let j = k + stream.below((n - k) as u64) as usize;
        list.swap(k, j);
    }
    list.truncate(take);
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The test vectors of `docs/draw.md`: a change to any byte of the method fails here.
    #[test]
    fn the_specification_s_test_vectors_hold() {
        let secret: [u8; 32] = std::array::from_fn(|i| i as u8);
        assert_eq!(
            hex::encode(commitment(&secret)),
            "607afa6cdd820058403a5640f9dba8589ab731f6000b2718a7ae791be27a3c48"
        );
        let seed = committed_seed(&secret, "drand 1234567: 5a6b");
        assert_eq!(
            hex::encode(seed),
            "8394fe5820e47c7033cd509049cad45c701efdedfb445baf3a7aa10af99c90b6"
        );
        let ids = [3, 5, 8, 13, 21, 34, 55, 89];
        assert_eq!(
            hex::encode(list_digest(&ids)),
            "6b071cb5aded3228b6c0b4486daae5ca449a36e5436c736959b7cae40e7ff77e"
        );
        assert_eq!(draw_order(&seed, &ids, 4), [13, 21, 89, 3]);
    }

    #[test]
    fn the_same_seed_and_list_give_the_same_order_and_any_change_another() {
        let ids: Vec<i64> = (1..=50).collect();
        let seed = [7u8; 32];
        let a = draw_order(&seed, &ids, 10);
        assert_eq!(a, draw_order(&seed, &ids, 10));
        assert_eq!(a.len(), 10);
        let mut sorted = a.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), 10, "no entry drawn twice");
        assert_ne!(a, draw_order(&[8u8; 32], &ids, 10));
        let mut other = ids.clone();
        other[3] = 99;
        assert_ne!(list_digest(&ids), list_digest(&other));
        // asking for more than there are gives everyone once
        assert_eq!(draw_order(&seed, &ids[..3], 10).len(), 3);
    }

    /// Over 4,000 fixed seeds, the winner among 10 entries is uniform: chi-square with 9
    /// degrees of freedom stays under 27.88 (p = 0.001).
    #[test]
    fn winners_are_uniform_over_many_seeds() {
        let ids: Vec<i64> = (100..110).collect();
        let mut counts = [0u32; 10];
        let runs = 4000u32;
        for s in 0..runs {
            let mut seed = [0u8; 32];
            seed[..4].copy_from_slice(&s.to_le_bytes());
            let w = draw_order(&seed, &ids, 1)[0];
            counts[(w - 100) as usize] += 1;
        }
        let expected = f64::from(runs) / 10.0;
        let chi: f64 = counts
            .iter()
            .map(|&c| (f64::from(c) - expected).powi(2) / expected)
            .sum();
        assert!(chi < 27.88, "chi-square {chi} for {counts:?}");
    }
}
