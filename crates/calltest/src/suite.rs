//! A suite: the test files under the paths given, in a stable order, and the K-th of N
//! shards of it for a CI matrix.

use std::path::{Path, PathBuf};

/// Every `.toml` file at or under `paths` (folders searched), sorted, without repeats.
///
/// # Errors
/// A path that does not exist, or a folder that cannot be read.
pub fn collect(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, &mut files)?;
        } else if path.is_file() {
            files.push(path.clone());
        } else {
            return Err(format!("{}: no such file or folder", path.display()));
        }
    }
    files.sort();
    files.dedup();
    Ok(files)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| format!("{}: {e}", dir.display()))?.path();
        if path.is_dir() {
            walk(&path, files)?;
        } else if path.extension().is_some_and(|ext| ext == "toml") {
            files.push(path);
        }
    }
    Ok(())
}

/// A shard: the `index`-th (1-based) of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// Which, from 1.
    pub index: usize,
    /// Of how many.
    pub count: usize,
}

impl Shard {
    /// Reads `K/N`.
    ///
    /// # Errors
    /// Why it is not one (K from 1 to N).
    pub fn parse(text: &str) -> Result<Self, String> {
        let (k, n) = text
            .split_once('/')
            .ok_or_else(|| format!("--shard is K/N, such as 1/4, not “{text}”"))?;
        let index: usize = k
            .trim()
            .parse()
            .map_err(|_| format!("--shard {text}: K is not a number"))?;
        let count: usize = n
            .trim()
            .parse()
            .map_err(|_| format!("--shard {text}: N is not a number"))?;
        if count == 0 || index == 0 || index > count {
            return Err(format!("--shard {text}: K must be 1 to N"));
        }
        Ok(Self { index, count })
    }

    /// This shard's part of `files` (every N-th, from the K-th), so shards are even.
    #[must_use]
    pub fn take<T: Clone>(&self, files: &[T]) -> Vec<T> {
        files
            .iter()
            .enumerate()
            .filter(|(i, _)| i % self.count == self.index - 1)
            .map(|(_, f)| f.clone())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_split_a_suite_evenly_and_cover_it_once() {
        let files: Vec<usize> = (0..10).collect();
        let mut all: Vec<usize> = (1..=3)
            .flat_map(|k| Shard { index: k, count: 3 }.take(&files))
            .collect();
        all.sort_unstable();
        assert_eq!(all, files);
        assert_eq!(Shard::parse("2/3"), Ok(Shard { index: 2, count: 3 }));
        for bad in ["0/3", "4/3", "1/0", "x/2", "3"] {
            assert!(Shard::parse(bad).is_err(), "{bad}");
        }
    }
}
