//! A problem found in a sheet, pointed at by sheet, row and column.
//!
//! The spreadsheet counterpart of [`crate::diag::Diagnostic`]: a sheet has no
//! byte offsets, so a problem names the row number and the A1 column letter a
//! spreadsheet program shows, plus the column's header. It does not decide
//! what is a problem.

use std::fmt;

/// One bad cell, header or row of an imported sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetProblem {
    /// The sheet's name (the file name for a CSV).
    pub sheet: String,
    /// 1-based row number; 0 for a problem with the whole file.
    pub row: usize,
    /// A1 column letter and header text, when the problem is in one cell.
    pub column: Option<(String, String)>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

impl SheetProblem {
    /// A problem about a whole row.
    pub(crate) fn row(sheet: &str, row: usize, message: impl Into<String>) -> Self {
        Self { sheet: sheet.into(), row, column: None, message: message.into(), help: None }
    }

    /// A problem with the whole file (its encoding, its kind), before any row is read.
    pub(crate) fn file(file: &str, message: impl Into<String>) -> Self {
        Self::row(file, 0, message)
    }

    /// A problem in one cell.
    pub(crate) fn cell(
        sheet: &str,
        row: usize,
        letter: String,
        header: &str,
        message: impl Into<String>,
    ) -> Self {
        Self {
            sheet: sheet.into(),
            row,
            column: Some((letter, header.to_string())),
            message: message.into(),
            help: None,
        }
    }

    /// Adds the hint that says how to fix it.
    #[must_use]
    pub(crate) fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// `sheet "Nilai", row 3, column C (perda)`: where to look (`file "x.csv"`
    /// for a problem with the whole file).
    pub fn location(&self) -> String {
        if self.row == 0 {
            return format!("file {:?}", self.sheet);
        }
        format!("sheet {:?}, {}", self.sheet, self.location_in_sheet())
    }

    /// `row 3, column C (perda)`: the location without the sheet's name.
    pub(crate) fn location_in_sheet(&self) -> String {
        let column = match &self.column {
            Some((letter, header)) if header.is_empty() => format!(", column {letter}"),
            Some((letter, header)) => format!(", column {letter} ({header})"),
            None => String::new(),
        };
        format!("row {}{column}", self.row)
    }
}

/// `1 problem`, `2 problems`: a count with its noun, singular for one.
pub(crate) fn counted(n: usize, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
}

impl fmt::Display for SheetProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error: {}", self.message)?;
        writeln!(f, "  --> {}", self.location())?;
        if let Some(help) = &self.help {
            writeln!(f, "  = help: {help}")?;
        }
        Ok(())
    }
}
