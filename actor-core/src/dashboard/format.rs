//! Figures as the pages show them: durations, rates, amounts.

/// A duration given in microseconds, in the unit that suits it: `850 ns`, `12.3 µs`,
/// `4.56 ms`, `1.20 s`.
pub(super) fn micros(us: f64) -> String {
    if us < 1.0 {
        format!("{:.0} ns", us * 1e3)
    } else if us < 1e3 {
        format!("{us:.3} µs").trim_decimals()
    } else if us < 1e6 {
        format!("{:.3} ms", us / 1e3).trim_decimals()
    } else {
        format!("{:.2} s", us / 1e6)
    }
}

/// An optional duration in microseconds; a dash when there is none.
pub(super) fn maybe_micros(us: Option<f64>) -> String {
    us.map_or_else(|| "–".to_owned(), micros)
}

/// A span of seconds as `3d 4h`, `2h 5m`, `4m 10s` or `12s`.
pub(super) fn span(seconds: f64) -> String {
    let seconds = seconds.max(0.0) as u64;
    let (days, hours, minutes, secs) = (
        seconds / 86_400,
        seconds / 3600 % 24,
        seconds / 60 % 60,
        seconds % 60,
    );
    match (days, hours, minutes) {
        (0, 0, 0) => format!("{secs}s"),
        (0, 0, _) if secs == 0 => format!("{minutes}m"),
        (0, 0, _) => format!("{minutes}m {secs}s"),
        (0, _, _) => format!("{hours}h {minutes}m"),
        _ => format!("{days}d {hours}h"),
    }
}

/// An amount of a resource: whole amounts without decimals.
pub(super) fn amount(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.2}")
    }
}

/// A rate of calls per second, with fewer decimals as it grows.
pub(super) fn rate(per_second: f64) -> String {
    if per_second >= 100.0 {
        format!("{per_second:.0}/s")
    } else {
        format!("{per_second:.1}/s")
    }
}

trait TrimDecimals {
    /// Keeps three significant digits: `123.456 µs` → `123 µs`, `1.234 ms` → `1.23 ms`.
    fn trim_decimals(self) -> String;
}

impl TrimDecimals for String {
    fn trim_decimals(self) -> String {
        let Some((number, unit)) = self.split_once(' ') else {
            return self;
        };
        let Ok(value) = number.parse::<f64>() else {
            return self;
        };
        let decimals = match value {
            v if v >= 100.0 => 0,
            v if v >= 10.0 => 1,
            _ => 2,
        };
        format!("{value:.decimals$} {unit}")
    }
}
