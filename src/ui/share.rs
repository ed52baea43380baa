//! Compact session links: a scenario's JSON, LZW-compressed and base64url-encoded,
//! as `?scenario=z:…`. Decoding checks every bound: a link is untrusted input.
//! Also the share link and the embed snippet of a session, built from the
//! page's base URL (pure, so tested natively).

use super::params;
use super::state::AppState;
use super::view;
use crate::sim::scenario::{Scenario, Text};

/// Prefix of a compressed inline scenario.
pub const PREFIX: &str = "z:";
/// Largest decompressed scenario accepted from a link.
const MAX_OUT: usize = 4 << 20;
const MAX_BITS: u32 = 16;

struct BitWriter {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl BitWriter {
    fn put(&mut self, code: u32, width: u32) {
        self.acc |= (code as u64) << self.n;
        self.n += width;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }
    fn finish(mut self) -> Vec<u8> {
        if self.n > 0 {
            self.out.push(self.acc as u8);
        }
        self.out
    }
}

/// The LZW dictionary: (prefix code, byte) → code, in an open-addressing table
/// (small code, no hashing library).
struct Dict {
    slots: Vec<u64>,
}

impl Dict {
    const EMPTY: u64 = u64::MAX;
    fn new() -> Dict {
        Dict {
            slots: vec![Dict::EMPTY; 1 << 17],
        }
    }
    fn key(c: u32, b: u8) -> u64 {
        (c as u64) << 8 | b as u64
    }
    fn find(&self, key: u64) -> usize {
        let mask = self.slots.len() - 1;
        let mut i = (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 40) as usize & mask;
        while self.slots[i] != Dict::EMPTY && self.slots[i] >> 24 != key {
            i = (i + 1) & mask;
        }
        i
    }
    fn get(&self, c: u32, b: u8) -> Option<u32> {
        let s = self.slots[self.find(Dict::key(c, b))];
        (s != Dict::EMPTY).then_some((s & 0xff_ffff) as u32)
    }
    fn insert(&mut self, c: u32, b: u8, code: u32) {
        let i = self.find(Dict::key(c, b));
        self.slots[i] = Dict::key(c, b) << 24 | code as u64;
    }
    fn clear(&mut self) {
        self.slots.iter_mut().for_each(|s| *s = Dict::EMPTY);
    }
}

/// LZW with variable-width codes (9–16 bits); the dictionary restarts when full.
fn lzw(data: &[u8]) -> Vec<u8> {
    let mut dict = Dict::new();
    let mut next = 256u32;
    let mut width = 9u32;
    let mut w = BitWriter {
        out: vec![],
        acc: 0,
        n: 0,
    };
    let mut cur: Option<u32> = None;
    for &b in data {
        cur = Some(match cur {
            None => b as u32,
            Some(c) => match dict.get(c, b) {
                Some(code) => code,
                None => {
                    w.put(c, width);
                    if next < (1 << MAX_BITS) {
                        dict.insert(c, b, next);
                        next += 1;
                        if next > (1 << width) && width < MAX_BITS {
                            width += 1;
                        }
                    } else {
                        dict.clear();
                        next = 256;
                        width = 9;
                    }
                    b as u32
                }
            },
        });
    }
    if let Some(c) = cur {
        w.put(c, width);
    }
    w.finish()
}

fn unlzw(data: &[u8]) -> Option<Vec<u8>> {
    let mut table: Vec<(Option<u32>, u8)> = (0..=255u8).map(|b| (None, b)).collect();
    let mut width = 9u32;
    let (mut acc, mut n, mut pos) = (0u64, 0u32, 0usize);
    let mut out = Vec::new();
    let mut prev: Option<u32> = None;
    let expand = |table: &Vec<(Option<u32>, u8)>, mut code: u32, buf: &mut Vec<u8>| -> Option<u8> {
        let start = buf.len();
        loop {
            let (parent, byte) = *table.get(code as usize)?;
            buf.push(byte);
            match parent {
                Some(p) => code = p,
                None => break,
            }
            if buf.len() - start > 1 << MAX_BITS {
                return None;
            }
        }
        buf[start..].reverse();
        Some(buf[start])
    };
    loop {
        while n < width && pos < data.len() {
            acc |= (data[pos] as u64) << n;
            n += 8;
            pos += 1;
        }
        if n < width {
            break; // padding bits at the end
        }
        let code = (acc & ((1u64 << width) - 1)) as u32;
        acc >>= width;
        n -= width;
        let first;
        if (code as usize) < table.len() {
            first = expand(&table, code, &mut out)?;
        } else if code as usize == table.len() {
            // The KwKwK case: the code being defined right now.
            let p = prev?;
            let start = out.len();
            let f = expand(&table, p, &mut out)?;
            out.push(f);
            first = out[start];
        } else {
            return None;
        }
        if out.len() > MAX_OUT {
            return None;
        }
        if let Some(p) = prev {
            // The entry the encoder added when it sent the previous code.
            table.push((Some(p), first));
            if table.len() >= 1 << MAX_BITS {
                // The encoder restarted its dictionary after this code.
                table.truncate(256);
                width = 9;
                prev = None;
                continue;
            }
            if table.len() + 1 > (1 << width) && width < MAX_BITS {
                width += 1;
            }
        }
        prev = Some(code);
    }
    Some(out)
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn b64(data: &[u8]) -> String {
    let mut s = String::with_capacity(data.len() * 4 / 3 + 2);
    for chunk in data.chunks(3) {
        let v = (chunk[0] as u32) << 16
            | (*chunk.get(1).unwrap_or(&0) as u32) << 8
            | *chunk.get(2).unwrap_or(&0) as u32;
        for i in 0..chunk.len() + 1 {
            s.push(B64[(v >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    s
}

fn unb64(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut n) = (0u32, 0u32);
    for c in s.bytes() {
        let v = B64.iter().position(|&b| b == c)? as u32;
        acc = acc << 6 | v;
        n += 6;
        if n >= 8 {
            n -= 8;
            out.push((acc >> n) as u8);
        }
    }
    Some(out)
}

/// Compresses a scenario's JSON for a link.
pub fn encode(json: &str) -> String {
    format!("{PREFIX}{}", b64(&lzw(json.as_bytes())))
}

/// Reads a compressed scenario from a link.
pub fn decode(s: &str) -> Result<String, String> {
    let body = s.strip_prefix(PREFIX).unwrap_or(s);
    let bytes = unb64(body).ok_or("the link's scenario is not valid base64url")?;
    let json = unlzw(&bytes).ok_or("the link's scenario is damaged (cannot decompress)")?;
    String::from_utf8(json).map_err(|_| "the link's scenario is damaged (not UTF-8)".to_string())
}

/// The session as a scenario, keeping the loaded scenario's title.
pub fn session(state: &AppState) -> Scenario {
    let (title, description) = match &state.scenario {
        Some(s) => (s.title.clone(), s.description.clone()),
        None => (
            Text::Plain("Raft Lab session".into()),
            Text::Plain("Recorded in Raft Lab.".into()),
        ),
    };
    state.hist.borrow().to_scenario(title, description)
}

/// A link (from the page at `base`) that replays this session up to now.
pub fn share_url(state: &AppState, base: &str) -> String {
    let json = session(state).to_json().to_text();
    let now = state.hist.borrow().now();
    format!(
        "{base}?scenario={}&t={}&lang={}",
        params::encode(&encode(&json)),
        view::ms_text(now),
        state.lang.code()
    )
}

/// The host's side of an embed: each embed posts `{type: "raftlab:height",
/// height}` to its parent when its height changes; this sizes its frame to fit
/// (no inner scroll bars). Once per host page, however many embeds.
pub const HOST_SCRIPT: &str = "<script>addEventListener(\"message\", (e) => {
  for (const f of document.querySelectorAll(\"iframe\")) if (e.data && e.data.type === \"raftlab:height\" && f.contentWindow === e.source) f.style.height = e.data.height + \"px\";
});</script>";

/// An iframe that embeds this scenario (by name when it is an untouched
/// shipped one), escaped for an HTML attribute, and the host script that
/// sizes it.
pub fn embed_snippet(state: &AppState, base: &str) -> String {
    let spec = match state.scenario.as_ref().and_then(|s| s.name.clone()) {
        Some(name) if !state.hist.borrow().forked() => name,
        _ => encode(&session(state).to_json().to_text()),
    };
    let src = format!(
        "{base}?embed=1&scenario={}&lang={}",
        params::encode(&spec),
        state.lang.code()
    );
    format!(
        "<iframe src=\"{}\" title=\"Raft Lab\" width=\"100%\" height=\"560\" style=\"border:0;max-width:720px\" loading=\"lazy\"></iframe>\n{HOST_SCRIPT}",
        src.replace('&', "&amp;").replace('"', "&quot;")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_shrinks() {
        for text in [
            "",
            "a",
            "abababababababab",
            include_str!("../../static/scenarios/figure-8-bug.json"),
            include_str!("../../static/scenarios/figure-7.json"),
        ] {
            let e = encode(text);
            assert_eq!(decode(&e).unwrap(), text);
            if text.len() > 1000 {
                // Base64 costs a third; LZW must more than win it back.
                assert!(e.len() < text.len() * 3 / 4, "{} → {}", text.len(), e.len());
            }
        }
    }

    #[test]
    fn a_dictionary_restart_round_trips() {
        let mut s = String::new();
        let mut x = 12345u64;
        while s.len() < 600_000 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            s.push_str(&format!("{}", x >> 50));
        }
        assert_eq!(decode(&encode(&s)).unwrap(), s);
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(decode("z:!!!").is_err());
        let mut x = 1u64;
        for len in 0..300 {
            let s: String = (0..len)
                .map(|_| {
                    x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
                    B64[(x >> 58) as usize] as char
                })
                .collect();
            let _ = decode(&s);
        }
    }
}
