//! The band table's columns, told by their header: the band parser reads
//! them, and the outline uses them to tell a band table from other tables.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Column {
    Region,
    Base,
    Equity,
    Bonus,
    Total,
}

pub(super) const COLUMNS: [(Column, &str); 5] = [
    (Column::Region, "Region"),
    (Column::Base, "Base Salary"),
    (Column::Equity, "Equity"),
    (Column::Bonus, "Bonus"),
    (Column::Total, "Total Comp"),
];

pub(super) fn column_of(header: &str) -> Option<Column> {
    let h = header.to_lowercase();
    if h.contains("region") || h.contains("location") {
        Some(Column::Region)
    } else if h.contains("base") {
        Some(Column::Base)
    } else if h.contains("equity") || h.contains("rsu") || h.contains("stock") {
        Some(Column::Equity)
    } else if h.contains("bonus") {
        Some(Column::Bonus)
    } else if h.contains("total") || h.trim() == "tc" {
        Some(Column::Total)
    } else {
        None
    }
}
