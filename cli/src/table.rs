//! Aligned columns for a terminal, and the way numbers read in them.

use comfy_table::presets::NOTHING;
use comfy_table::{CellAlignment, ContentArrangement, Table};

/// How a column lines up: text to the left, numbers to the right.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Align {
    /// Text.
    Left,
    /// Numbers.
    Right,
}

/// `rows` under `headers` (each with its alignment), columns two spaces apart, no borders,
/// no trailing spaces; one line per row, each ending with a newline.
pub(crate) fn render(headers: &[(&str, Align)], rows: Vec<Vec<String>>) -> String {
    let mut table = Table::new();
    table
        .load_style(NOTHING)
        .set_content_arrangement(ContentArrangement::Disabled);
    if !headers.is_empty() {
        table.set_header(headers.iter().map(|(header, _)| *header));
    }
    for row in rows {
        table.add_row(row);
    }
    for (column, (_, align)) in table.column_iter_mut().zip(headers) {
        column.set_padding((0, 2));
        column.set_cell_alignment(match align {
            Align::Left => CellAlignment::Left,
            Align::Right => CellAlignment::Right,
        });
    }
    let mut text = String::new();
    for line in table.lines() {
        text.push_str(line.trim_end());
        text.push('\n');
    }
    text
}

/// A time given in microseconds, in the unit that reads best (`850µs`, `1.25ms`, `3.10s`: one word, so that a
/// column splits on white space),
/// or `-` for none.
pub(crate) fn micros(us: Option<f64>) -> String {
    match us {
        None => "-".to_owned(),
        Some(us) if us < 1_000.0 => format!("{us:.0}µs"),
        Some(us) if us < 1_000_000.0 => format!("{:.2}ms", us / 1_000.0),
        Some(us) => format!("{:.2}s", us / 1_000_000.0),
    }
}

/// A span of seconds as `45s`, `12m05s` or `3h07m`, or `-` for none.
pub(crate) fn seconds(s: Option<f64>) -> String {
    let Some(s) = s else {
        return "-".to_owned();
    };
    let whole = s.max(0.0) as u64;
    match whole {
        0..60 => format!("{whole}s"),
        60..3_600 => format!("{}m{:02}s", whole / 60, whole % 60),
        _ => format!("{}h{:02}m", whole / 3_600, whole % 3_600 / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_line_up_text_left_and_numbers_right() {
        let text = render(
            &[("NAME", Align::Left), ("CALLS", Align::Right)],
            vec![
                vec!["a".to_owned(), "5".to_owned()],
                vec!["longer".to_owned(), "1234".to_owned()],
            ],
        );
        assert_eq!(text, "NAME    CALLS\na           5\nlonger   1234\n");
    }

    #[test]
    fn times_read_in_their_unit() {
        assert_eq!(micros(None), "-");
        assert_eq!(micros(Some(850.4)), "850µs");
        assert_eq!(micros(Some(1_250.0)), "1.25ms");
        assert_eq!(micros(Some(3_100_000.0)), "3.10s");
        assert_eq!(seconds(None), "-");
        assert_eq!(seconds(Some(45.9)), "45s");
        assert_eq!(seconds(Some(725.0)), "12m05s");
        assert_eq!(seconds(Some(11_220.0)), "3h07m");
    }
}
