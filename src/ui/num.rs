//! Numbers as text without the standard float formatter (which would cost the
//! page its weight in code): integers do all the work.

/// `x` with one decimal ("-12.5", "3"), for SVG coordinates and labels.
pub fn f1(x: f64) -> String {
    let tenths = (x * 10.0).round() as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    let (whole, frac) = (tenths.abs() / 10, tenths.abs() % 10);
    if frac == 0 {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{frac}")
    }
}

/// A non-negative number with up to three decimals, trailing zeros dropped
/// ("0.1", "2", "0.125"), for the speed.
pub fn f3(x: f64) -> String {
    let milli = (x.max(0.0) * 1000.0).round() as u64;
    let (whole, frac) = (milli / 1000, milli % 1000);
    if frac == 0 {
        return whole.to_string();
    }
    let f = format!("{frac:03}");
    format!("{whole}.{}", f.trim_end_matches('0'))
}

/// Simulated microseconds as milliseconds with one decimal ("1234.5").
pub fn ms1(t: u64) -> String {
    let tenths = (t + 50) / 100;
    format!("{}.{}", tenths / 10, tenths % 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_the_float_formatter_would() {
        assert_eq!(f1(12.34), "12.3");
        assert_eq!(f1(-0.05), "-0.1");
        assert_eq!(f1(3.0), "3");
        assert_eq!(f3(0.1), "0.1");
        assert_eq!(f3(2.0), "2");
        assert_eq!(f3(0.125), "0.125");
        assert_eq!(ms1(1_234_567), "1234.6");
        assert_eq!(ms1(0), "0.0");
    }
}
