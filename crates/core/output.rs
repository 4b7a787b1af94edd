//! Writing for people: standard output, tables, and a closed pipe.

use std::io::{self, IsTerminal, Write};

use comfy_table::{ContentArrangement, Table, TableComponent, presets};

/// Whether an error is a write to a closed pipe, which is not a failure:
/// `tarkka rubric show x.toml | head` is fine.
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause.downcast_ref::<io::Error>().is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// Writes text to standard output, reporting a closed pipe as an error the
/// caller can recognise.
pub fn print(text: &str) -> anyhow::Result<()> {
    let mut stdout = io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    Ok(())
}

/// A table in the house style: light lines, wrapped to the terminal on a
/// terminal and to 120 columns elsewhere, so that piped output does not
/// depend on where it goes.
pub fn table(header: &[&str]) -> Table {
    let mut table = Table::new();
    table.load_preset(presets::NOTHING);
    table.set_style(TableComponent::HeaderLines, '─');
    table.set_style(TableComponent::MiddleHeaderIntersections, '─');
    table.set_content_arrangement(ContentArrangement::Dynamic);
    if !io::stdout().is_terminal() {
        table.set_width(120);
    }
    table.set_header(header.iter().copied());
    table
}
