//! A small JSON reader and writer for scenario files. The page needs only this
//! much JSON, and a general-purpose library would cost it page weight.
//!
//! Numbers keep their literal text, so a 64-bit seed survives exactly; objects
//! keep their key order, so a written scenario reads like the format's example.

use std::fmt::Write as _;

/// A JSON value.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Json {
    #[default]
    Null,
    Bool(bool),
    /// The number as written.
    Num(String),
    Str(String),
    Arr(Vec<Json>),
    /// Members in order; on duplicate keys the last one counts.
    Obj(Vec<(String, Json)>),
}

/// How deeply arrays and objects may nest (a guard against stack exhaustion).
const MAX_DEPTH: usize = 100;

/// Reads a decimal number ("12", "-0.05", "2.5e3") without the standard float
/// parser, whose tables would cost the page about 3 KB gzipped. The result is
/// the nearest double, as `str::parse` gives, whenever the digits fit in 2^53
/// and the exponent is within ±22: both operands are then exact doubles and one
/// IEEE division or multiplication rounds once. Beyond that (never a sensible
/// speed, time or loss) it is a close approximation. "inf" and "NaN" are refused.
pub fn decimal(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let (neg, mut i) = match b.first() {
        Some(b'-') => (true, 1),
        Some(b'+') => (false, 1),
        _ => (false, 0),
    };
    let (mut mant, mut exp, mut digits) = (0u64, 0i32, 0);
    let mut push = |d: u8, fraction: bool, exp: &mut i32| {
        if mant < 100_000_000_000_000_000 {
            mant = mant * 10 + u64::from(d - b'0');
            if fraction {
                *exp -= 1;
            }
        } else if !fraction {
            *exp += 1; // a digit too many to keep: only its place counts
        }
    };
    while i < b.len() && b[i].is_ascii_digit() {
        push(b[i], false, &mut exp);
        digits += 1;
        i += 1;
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            push(b[i], true, &mut exp);
            digits += 1;
            i += 1;
        }
    }
    if digits == 0 {
        return None;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        let sign = match b.get(i) {
            Some(b'-') => {
                i += 1;
                -1
            }
            Some(b'+') => {
                i += 1;
                1
            }
            _ => 1,
        };
        let start = i;
        let mut e: i32 = 0;
        while i < b.len() && b[i].is_ascii_digit() {
            e = (e * 10 + i32::from(b[i] - b'0')).min(10_000);
            i += 1;
        }
        if i == start {
            return None;
        }
        exp += sign * e;
    }
    if i != b.len() {
        return None;
    }
    let mut pow = 1.0f64; // 10^|exp|: exact up to 10^22
    for _ in 0..exp.unsigned_abs().min(400) {
        pow *= 10.0;
    }
    let m = mant as f64;
    let v = if exp < 0 { m / pow } else { m * pow };
    Some(if neg { -v } else { v })
}

impl Json {
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Json::Num(s) if s.bytes().all(|b| b.is_ascii_digit()) => s.parse().ok(),
            _ => None,
        }
    }
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Json::Num(s) => decimal(s),
            _ => None,
        }
    }
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_array(&self) -> Option<&Vec<Json>> {
        match self {
            Json::Arr(a) => Some(a),
            _ => None,
        }
    }
    pub fn as_object(&self) -> Option<&Vec<(String, Json)>> {
        match self {
            Json::Obj(m) => Some(m),
            _ => None,
        }
    }
    pub fn is_null(&self) -> bool {
        matches!(self, Json::Null)
    }
    /// The member `key` of an object (the last, if repeated).
    pub fn get(&self, key: &str) -> Option<&Json> {
        self.as_object()?
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    /// A whole number.
    pub fn int(n: u64) -> Json {
        Json::Num(n.to_string())
    }
    /// A non-negative number with at most `decimals` decimals, written without
    /// float formatting (exact for the values scenarios hold).
    pub fn fixed(x: f64, decimals: u32) -> Json {
        let scale = 10u64.pow(decimals);
        let v = (x.max(0.0) * scale as f64).round() as u64;
        let (whole, frac) = (v / scale, v % scale);
        if frac == 0 {
            return Json::int(whole);
        }
        let mut f = format!("{frac:0width$}", width = decimals as usize);
        while f.ends_with('0') {
            f.pop();
        }
        Json::Num(format!("{whole}.{f}"))
    }
    pub fn str(s: impl Into<String>) -> Json {
        Json::Str(s.into())
    }
    /// An object from `(key, value)` pairs.
    pub fn obj<const N: usize>(members: [(&str, Json); N]) -> Json {
        Json::Obj(
            members
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        )
    }
    /// Adds or replaces a member of an object.
    pub fn set(&mut self, key: &str, value: Json) {
        if let Json::Obj(m) = self {
            match m.iter_mut().find(|(k, _)| k == key) {
                Some(slot) => slot.1 = value,
                None => m.push((key.to_string(), value)),
            }
        }
    }
    /// Removes a member of an object.
    pub fn remove(&mut self, key: &str) {
        if let Json::Obj(m) = self {
            m.retain(|(k, _)| k != key);
        }
    }

    /// Compact text.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, None, 0);
        out
    }
    /// Indented text, for files people read.
    pub fn pretty(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, Some(2), 0);
        out
    }

    fn write(&self, out: &mut String, indent: Option<usize>, level: usize) {
        let newline = |out: &mut String, level: usize| {
            if let Some(n) = indent {
                out.push('\n');
                out.extend(std::iter::repeat_n(' ', n * level));
            }
        };
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Num(n) => out.push_str(n),
            Json::Str(s) => write_str(out, s),
            Json::Arr(a) => {
                out.push('[');
                // Short lists of numbers stay on one line, as in the format's examples.
                let flat = a.iter().all(|v| matches!(v, Json::Num(_) | Json::Null));
                for (i, v) in a.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                        if flat && indent.is_some() {
                            out.push(' ');
                        }
                    }
                    if !flat {
                        newline(out, level + 1);
                    }
                    v.write(out, indent, level + 1);
                }
                if !flat && !a.is_empty() {
                    newline(out, level);
                }
                out.push(']');
            }
            Json::Obj(m) => {
                out.push('{');
                for (i, (k, v)) in m.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    newline(out, level + 1);
                    write_str(out, k);
                    out.push(':');
                    if indent.is_some() {
                        out.push(' ');
                    }
                    v.write(out, indent, level + 1);
                }
                if !m.is_empty() {
                    newline(out, level);
                }
                out.push('}');
            }
        }
    }
}

impl std::fmt::Display for Json {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_text())
    }
}

fn write_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Reads JSON text. Errors say where: "line 3, column 7: expected `,` or `}`".
/// A byte order mark at the very start (some Windows editors write one) is skipped.
pub fn parse(text: &str) -> Result<Json, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut p = Parser {
        b: text.as_bytes(),
        i: 0,
    };
    p.ws();
    let v = p.value(0)?;
    p.ws();
    if p.i < p.b.len() {
        return Err(p.err("trailing characters after the value"));
    }
    Ok(v)
}

/// The four hex digits at `i` (exactly four: no sign, as `from_str_radix` would allow).
fn hex4_at(b: &[u8], i: usize) -> Option<u32> {
    let h = b.get(i..i + 4)?;
    h.iter()
        .try_fold(0, |acc, &c| Some(acc * 16 + char::from(c).to_digit(16)?))
}

struct Parser<'a> {
    b: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn err(&self, what: &str) -> String {
        let upto = &self.b[..self.i.min(self.b.len())];
        let line = upto.iter().filter(|&&c| c == b'\n').count() + 1;
        let col = upto.iter().rev().take_while(|&&c| c != b'\n').count() + 1;
        format!("line {line}, column {col}: {what}")
    }

    fn ws(&mut self) {
        while self.i < self.b.len() && matches!(self.b[self.i], b' ' | b'\t' | b'\n' | b'\r') {
            self.i += 1;
        }
    }

    fn eat(&mut self, c: u8) -> bool {
        if self.b.get(self.i) == Some(&c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn lit(&mut self, word: &str, v: Json) -> Result<Json, String> {
        if self.b[self.i..].starts_with(word.as_bytes()) {
            self.i += word.len();
            Ok(v)
        } else {
            Err(self.err("expected a value"))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, String> {
        if depth > MAX_DEPTH {
            return Err(self.err("nested too deeply"));
        }
        match self.b.get(self.i) {
            None => Err(self.err("unexpected end of input")),
            Some(b'n') => self.lit("null", Json::Null),
            Some(b't') => self.lit("true", Json::Bool(true)),
            Some(b'f') => self.lit("false", Json::Bool(false)),
            Some(b'"') => self.string().map(Json::Str),
            Some(b'[') => {
                self.i += 1;
                let mut items = vec![];
                self.ws();
                if self.eat(b']') {
                    return Ok(Json::Arr(items));
                }
                loop {
                    self.ws();
                    items.push(self.value(depth + 1)?);
                    self.ws();
                    if self.eat(b']') {
                        return Ok(Json::Arr(items));
                    }
                    if !self.eat(b',') {
                        return Err(self.err("expected `,` or `]`"));
                    }
                }
            }
            Some(b'{') => {
                self.i += 1;
                let mut members = vec![];
                self.ws();
                if self.eat(b'}') {
                    return Ok(Json::Obj(members));
                }
                loop {
                    self.ws();
                    if self.b.get(self.i) != Some(&b'"') {
                        return Err(self.err("expected a key in double quotes"));
                    }
                    let k = self.string()?;
                    self.ws();
                    if !self.eat(b':') {
                        return Err(self.err("expected `:`"));
                    }
                    self.ws();
                    let v = self.value(depth + 1)?;
                    members.push((k, v));
                    self.ws();
                    if self.eat(b'}') {
                        return Ok(Json::Obj(members));
                    }
                    if !self.eat(b',') {
                        return Err(self.err("expected `,` or `}`"));
                    }
                }
            }
            Some(c) if *c == b'-' || c.is_ascii_digit() => self.number(),
            Some(_) => Err(self.err("expected a value")),
        }
    }

    fn number(&mut self) -> Result<Json, String> {
        let start = self.i;
        self.eat(b'-');
        let digits = |p: &mut Self| {
            let s = p.i;
            while p.i < p.b.len() && p.b[p.i].is_ascii_digit() {
                p.i += 1;
            }
            p.i > s
        };
        if self.eat(b'0') {
            // no leading zeros
        } else if !digits(self) {
            return Err(self.err("a number needs digits"));
        }
        if self.eat(b'.') && !digits(self) {
            return Err(self.err("a number needs digits after `.`"));
        }
        if self.eat(b'e') || self.eat(b'E') {
            let _ = self.eat(b'+') || self.eat(b'-');
            if !digits(self) {
                return Err(self.err("a number needs digits in its exponent"));
            }
        }
        let text =
            std::str::from_utf8(&self.b[start..self.i]).map_err(|_| self.err("bad number"))?;
        Ok(Json::Num(text.to_string()))
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let h = hex4_at(self.b, self.i).ok_or_else(|| self.err("bad \\u escape"))?;
        self.i += 4;
        Ok(h)
    }

    /// After a high surrogate: takes a following `\\uDC00`–`\\uDFFF` escape, the
    /// pair's second half. Anything else is left unread.
    fn low_surrogate(&mut self) -> Option<u32> {
        if !self.b[self.i..].starts_with(b"\\u") {
            return None;
        }
        let lo = hex4_at(self.b, self.i + 2).filter(|lo| (0xdc00..0xe000).contains(lo))?;
        self.i += 6;
        Some(lo)
    }

    fn string(&mut self) -> Result<String, String> {
        self.i += 1; // the opening quote
        let mut out = String::new();
        loop {
            let start = self.i;
            while self.i < self.b.len()
                && !matches!(self.b[self.i], b'"' | b'\\')
                && self.b[self.i] >= 0x20
            {
                self.i += 1;
            }
            out.push_str(
                std::str::from_utf8(&self.b[start..self.i])
                    .map_err(|_| self.err("invalid UTF-8"))?,
            );
            match self.b.get(self.i) {
                None => return Err(self.err("unterminated string")),
                Some(b'"') => {
                    self.i += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.i += 1;
                    let c = *self
                        .b
                        .get(self.i)
                        .ok_or_else(|| self.err("unterminated string"))?;
                    self.i += 1;
                    match c {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let mut cp = self.hex4()?;
                            if (0xd800..0xdc00).contains(&cp) {
                                if let Some(lo) = self.low_surrogate() {
                                    cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                                }
                            }
                            // A lone surrogate is no character: U+FFFD stands in
                            // for it, and whatever follows is read on its own.
                            out.push(char::from_u32(cp).unwrap_or('\u{fffd}'));
                        }
                        _ => return Err(self.err("bad escape in a string")),
                    }
                }
                Some(_) => return Err(self.err("control character in a string")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_matches_the_standard_parser() {
        // Exact where it says it is: every value a speed, time or loss takes.
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let digits = 1 + (x % 15) as u32;
            let mant = (x >> 8) % 10u64.pow(digits);
            let point = ((x >> 4) % (u64::from(digits) + 1)) as usize;
            let t = format!("{mant:0width$}", width = digits as usize);
            let (a, b) = t.split_at(t.len() - point);
            for text in [format!("{a}.{b}"), format!("-{a}.{b}e{}", (x >> 40) % 9)] {
                let want: f64 = text.parse().unwrap();
                assert_eq!(decimal(&text), Some(want), "{text}");
            }
        }
        for (text, want) in [
            ("0.05", 0.05),
            ("1e3", 1000.0),
            ("+2.", 2.0),
            (".5", 0.5),
            ("7E-2", 0.07),
        ] {
            assert_eq!(decimal(text), Some(want), "{text}");
        }
        for bad in [
            "", "-", ".", "e3", "1e", "1e+", "NaN", "inf", "1.2.3", "1,5", " 1", "0x10",
        ] {
            assert_eq!(decimal(bad), None, "{bad:?}");
        }
        assert_eq!(decimal("1e999"), Some(f64::INFINITY));
        assert_eq!(
            decimal("123456789012345678901234567890").map(|v| v > 1.2e29),
            Some(true)
        );
    }

    #[test]
    fn reads_and_writes_the_basics() {
        let text = r#"{"a": [1, 2.5, -3e2], "b": {"c": null, "d": true}, "s": "x\"y\\z\n\u00e9\ud83d\ude00"}"#;
        let v = parse(text).unwrap();
        assert_eq!(
            v.get("a").unwrap().as_array().unwrap()[1].as_f64(),
            Some(2.5)
        );
        assert_eq!(v.get("s").unwrap().as_str(), Some("x\"y\\z\né😀"));
        assert_eq!(parse(&v.to_text()).unwrap(), v);
        assert_eq!(parse(&v.pretty()).unwrap(), v);
        assert_eq!(
            parse("18446744073709551615").unwrap().as_u64(),
            Some(u64::MAX)
        );
        assert_eq!(parse("-1").unwrap().as_u64(), None);
    }

    #[test]
    fn errors_say_where() {
        assert_eq!(
            parse("{\n  \"a\": 1,\n  2\n}").unwrap_err(),
            "line 3, column 3: expected a key in double quotes"
        );
        assert!(parse("[1, 2").unwrap_err().contains("expected `,` or `]`"));
        assert!(parse("01").unwrap_err().contains("trailing"));
        assert!(parse(&"[".repeat(1000))
            .unwrap_err()
            .contains("nested too deeply"));
        assert!(parse("\"\\x\"").is_err());
    }

    #[test]
    fn a_lone_surrogate_reads_as_a_replacement_character() {
        let s = |text: &str| parse(text).map(|v| v.as_str().map(str::to_string));
        // A high surrogate followed by an escape that is not its low half: the
        // next escape is a character of its own, not swallowed.
        assert_eq!(s(r#""\ud800\u0041""#), Ok(Some("\u{fffd}A".into())));
        assert_eq!(
            s(r#""\ud800\ud800\udc00""#),
            Ok(Some("\u{fffd}\u{10000}".into()))
        );
        assert_eq!(s(r#""\ud800\n""#), Ok(Some("\u{fffd}\n".into())));
        assert_eq!(s(r#""\ud800x""#), Ok(Some("\u{fffd}x".into())));
        assert_eq!(s(r#""\udc00\u0041""#), Ok(Some("\u{fffd}A".into())));
        assert_eq!(s(r#""\ud83d\ude00""#), Ok(Some("😀".into())));
        assert!(s(r#""\ud800\u00zz""#)
            .unwrap_err()
            .contains("bad \\u escape"));
        // Exactly four hex digits, no sign.
        assert!(s(r#""\u+041""#).unwrap_err().contains("bad \\u escape"));
    }

    #[test]
    fn a_byte_order_mark_at_the_start_is_skipped() {
        assert_eq!(
            parse("\u{feff}{\"a\": 1}").unwrap().get("a"),
            Some(&Json::int(1))
        );
        assert_eq!(parse("\u{feff}[]").unwrap(), Json::Arr(vec![]));
        // Only at the very start: elsewhere it is a stray character.
        assert!(parse(" \u{feff}{}").is_err());
        assert!(parse("\u{feff}\u{feff}{}").is_err());
        assert!(parse("\u{feff}")
            .unwrap_err()
            .contains("unexpected end of input"));
    }

    #[test]
    fn fixed_numbers_are_exact() {
        assert_eq!(Json::fixed(0.1, 9).to_text(), "0.1");
        assert_eq!(Json::fixed(1234.567, 3).to_text(), "1234.567");
        assert_eq!(Json::fixed(3.0, 3).to_text(), "3");
        assert_eq!(Json::fixed(0.05, 9).as_f64(), Some(0.05));
    }
}
