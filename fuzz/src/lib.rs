//! What the fuzz targets share: how a fuzzer's bytes become a request or a sequence of
//! WebSocket messages. Each target lives in `src/bin/` and is run by `./dev fuzz`.

/// Splits `data` at the first `0xff` bytes into up to `n` parts (the rest in the last).
#[must_use]
pub fn parts(data: &[u8], n: usize) -> Vec<&[u8]> {
    let mut out = Vec::with_capacity(n);
    let mut rest = data;
    while out.len() + 1 < n {
        match rest.iter().position(|b| *b == 0xff) {
            Some(at) => {
                out.push(&rest[..at]);
                rest = &rest[at + 1..];
            }
            None => break,
        }
    }
    out.push(rest);
    out.resize(n, &[]);
    out
}
