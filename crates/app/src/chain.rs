//! Amendment chains: a scoresheet and the amendments that changed it.
//!
//! An amendment names the entry it amends: the scoresheet, or an amendment
//! of it. It counts only after what it amends (as `verify` requires); one
//! naming a later entry, or an entry of no chain, amends nothing. [`Links`]
//! is that rule, and the one place it is written: the full replay's
//! [`chains`] and the report's slim replay both link amendments through it.

use tarkka_ledger::payload::{ScoreAmended, ScoresheetRecorded};
use tarkka_ledger::{EncounterState, Recorded};
use tarkka_rubric::Fraction;
use tarkka_scoring::{Answer, Answers};

use crate::error::{Context as _, Result};

/// The entries of one chain: the scoresheet's sequence number and its
/// amendments', in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Links {
    /// The scoresheet.
    pub sheet: u64,
    /// Its amendments (an amendment may amend an amendment), in order.
    pub amendments: Vec<u64>,
}

impl Links {
    /// A scoresheet not amended yet.
    pub fn new(sheet: u64) -> Links {
        Links { sheet, amendments: Vec::new() }
    }

    /// Whether the amendment recorded as entry `seq`, amending entry
    /// `amends`, extends this chain.
    pub fn extended_by(&self, seq: u64, amends: u64) -> bool {
        seq > self.sheet && (amends == self.sheet || self.amendments.contains(&amends))
    }

    /// The entry a new amendment amends: the last in the chain.
    pub fn last(&self) -> u64 {
        self.amendments.last().copied().unwrap_or(self.sheet)
    }

    /// Links an amendment to the chain it extends among `chains`, if any,
    /// and says which.
    pub fn link<'a>(
        chains: impl IntoIterator<Item = &'a mut Links>,
        seq: u64,
        amends: u64,
    ) -> Option<usize> {
        let (index, chain) =
            chains.into_iter().enumerate().find(|(_, chain)| chain.extended_by(seq, amends))?;
        chain.amendments.push(seq);
        Some(index)
    }
}

/// A scoresheet with the amendments that changed it, in order.
pub struct Chain<'a> {
    /// The scoresheet as recorded.
    pub sheet: &'a Recorded<ScoresheetRecorded>,
    /// Its amendments, in order.
    pub amendments: Vec<&'a Recorded<ScoreAmended>>,
}

impl Chain<'_> {
    /// The entry a new amendment amends: the last in the chain.
    pub fn last_seq(&self) -> u64 {
        self.amendments.last().map_or(self.sheet.seq, |a| a.seq)
    }

    /// The current result: the last amendment's, else the scoresheet's.
    pub fn result(&self) -> &serde_json::value::RawValue {
        self.amendments.last().map_or(&self.sheet.payload.result, |a| &a.payload.result)
    }

    /// The answers as they stand after every amendment in the chain.
    pub fn answers(&self) -> Result<Answers> {
        let mut answers: Answers = serde_json::from_str(self.sheet.payload.answers.get())
            .with_context(|| tarkka_i18n::msg!("entry-answers-unreadable", seq = self.sheet.seq))?;
        for amendment in &self.amendments {
            let after: Answer =
                serde_json::from_str(amendment.payload.after.get()).with_context(|| {
                    tarkka_i18n::msg!("entry-answer-unreadable", seq = amendment.seq)
                })?;
            answers.insert(amendment.payload.criterion.clone(), after);
        }
        Ok(answers)
    }
}

/// Every scoresheet of an encounter with its amendments.
pub fn chains(encounter: &EncounterState) -> Vec<Chain<'_>> {
    let mut links: Vec<Links> = encounter.scoresheets.iter().map(|s| Links::new(s.seq)).collect();
    let mut chains: Vec<Chain<'_>> =
        encounter.scoresheets.iter().map(|sheet| Chain { sheet, amendments: Vec::new() }).collect();
    for amendment in &encounter.amendments {
        if let Some(index) = Links::link(&mut links, amendment.seq, amendment.payload.amends) {
            chains[index].amendments.push(amendment);
        }
    }
    chains
}

/// The overall score of a stored result as a fraction, if it has one.
pub fn overall_of(result: &serde_json::value::RawValue) -> Option<Fraction> {
    tarkka_ledger::payload::summary_of(result).overall.and_then(|o| o.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::Links;

    /// The rule as a table: (amendment seq, amends) → which chain, for the
    /// chains of scoresheets 2 and 5.
    #[test]
    fn an_amendment_extends_the_chain_of_what_it_amends_and_only_after_it() {
        let mut chains = vec![Links::new(2), Links::new(5)];
        let cases = [
            (3, 2, Some(0)), // amends sheet 2
            (4, 3, Some(0)), // amends the amendment of sheet 2
            (6, 5, Some(1)), // amends sheet 5
            (7, 9, None),    // names a later entry
            (8, 1, None),    // names no chain's entry
            (9, 4, Some(0)), // amends an amendment further back
            (1, 2, None),    // recorded before the sheet it names
        ];
        for (seq, amends, expected) in cases {
            assert_eq!(Links::link(&mut chains, seq, amends), expected, "{seq} amends {amends}");
        }
        assert_eq!(chains[0].amendments, [3, 4, 9]);
        assert_eq!(chains[1].amendments, [6]);
        assert_eq!((chains[0].last(), chains[1].last()), (9, 6));
    }
}
