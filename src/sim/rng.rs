//! The world's one random number generator: `StdRng` seeded with
//! `seed_from_u64`, made cloneable for history checkpoints.
//!
//! `StdRng` is deliberately not `Clone`. We re-key it from its own output every
//! [`EPOCH`] draws and count draws since the last re-key, so a copy is the epoch's
//! key plus at most `EPOCH` replayed draws. Every draw is one `next_u64` of the
//! inner generator, so the count alone fixes its position.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng, TryRng};
use std::convert::Infallible;

/// Draws between re-keys: bounds the cost of a clone.
const EPOCH: u32 = 1024;

/// A deterministic, cloneable RNG for the simulation.
#[derive(Debug)]
pub struct SimRng {
    key: u64,
    used: u32,
    inner: StdRng,
}

impl SimRng {
    pub fn seed_from_u64(seed: u64) -> SimRng {
        SimRng {
            key: seed,
            used: 0,
            inner: StdRng::seed_from_u64(seed),
        }
    }

    fn draw(&mut self) -> u64 {
        if self.used == EPOCH {
            self.key = self.inner.next_u64();
            self.inner = StdRng::seed_from_u64(self.key);
            self.used = 0;
        }
        self.used += 1;
        self.inner.next_u64()
    }
}

impl Clone for SimRng {
    fn clone(&self) -> SimRng {
        let mut inner = StdRng::seed_from_u64(self.key);
        for _ in 0..self.used {
            inner.next_u64();
        }
        SimRng {
            key: self.key,
            used: self.used,
            inner,
        }
    }
}

impl TryRng for SimRng {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        Ok((self.draw() >> 32) as u32)
    }

    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        Ok(self.draw())
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        for chunk in dst.chunks_mut(8) {
            let bytes = self.draw().to_le_bytes();
            chunk.copy_from_slice(&bytes[..chunk.len()]);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::RngExt;

    #[test]
    fn a_clone_continues_exactly_like_the_original() {
        let mut a = SimRng::seed_from_u64(42);
        for n in [0usize, 1, 1023, 1024, 1025, 5000] {
            let mut x = SimRng::seed_from_u64(7);
            for _ in 0..n {
                x.random_range(0..1000u64);
            }
            let mut y = x.clone();
            for _ in 0..3000 {
                assert_eq!(
                    x.random_range(0..1_000_000u64),
                    y.random_range(0..1_000_000u64)
                );
            }
        }
        let first: Vec<u64> = (0..5).map(|_| a.random_range(0..100u64)).collect();
        let mut b = SimRng::seed_from_u64(42);
        let again: Vec<u64> = (0..5).map(|_| b.random_range(0..100u64)).collect();
        assert_eq!(first, again, "same seed, same numbers");
    }
}
