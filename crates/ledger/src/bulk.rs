//! Reading the two kinds that make up nearly all of a large ledger —
//! encounters logged and scoresheets — in one pass over the line.
//!
//! [`crate::entry::parse_line`] keeps the payload as raw JSON, which the
//! payload's own parse then reads a second time: on a scored ledger that is
//! a third of verification's time. Here the payload is parsed into its type
//! as the line is read, once the line's `kind` (written before the payload)
//! says which. Anything else — another kind, the payload before the kind, a
//! field out of place, a payload that does not read — is refused, and the
//! caller reads the line the general way, which gives the same result and
//! the same errors: this is only a faster road to what that road finds.

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, MapAccess, Visitor};

use crate::Digest;
use crate::entry::{Batch, Kind};
use crate::payload::{LoggedRef, SheetRef};
use crate::sign::Signature;

/// A bulk kind's payload, parsed.
pub(crate) enum BulkPayload<'a> {
    Sheet(Box<SheetRef<'a>>),
    Logged(LoggedRef<'a>),
}

/// A line of a bulk kind, read in one pass: [`crate::EntryRef`]'s fields
/// with the payload parsed.
pub(crate) struct BulkLine<'a> {
    pub v: u32,
    pub seq: u64,
    pub time: Cow<'a, str>,
    pub actor: Cow<'a, str>,
    pub batch: Option<Batch>,
    pub payload: BulkPayload<'a>,
    pub prev: Digest,
    pub hash: Digest,
    pub sig: Option<Signature>,
}

/// The line read in one pass, or `None`: read it the general way.
pub(crate) fn parse(line: &[u8]) -> Option<BulkLine<'_>> {
    serde_json::from_slice(line).ok()
}

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "lowercase")]
enum Field {
    V,
    Seq,
    Time,
    Actor,
    Kind,
    Batch,
    Payload,
    Prev,
    Salt,
    Hash,
    Sig,
}

impl<'de: 'a, 'a> Deserialize<'de> for BulkLine<'a> {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(LineVisitor(std::marker::PhantomData))
    }
}

struct LineVisitor<'a>(std::marker::PhantomData<&'a ()>);

/// Sets a field once; a second occurrence is refused, as serde's derive
/// refuses it for [`crate::EntryRef`].
fn once<'de, T, A: MapAccess<'de>>(
    slot: &mut Option<T>,
    map: &mut A,
    value: impl FnOnce(&mut A) -> Result<T, A::Error>,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::custom("duplicate field"));
    }
    *slot = Some(value(map)?);
    Ok(())
}

impl<'de: 'a, 'a> Visitor<'de> for LineVisitor<'a> {
    type Value = BulkLine<'a>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a ledger entry of a bulk kind")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<BulkLine<'a>, A::Error> {
        let (mut v, mut seq, mut time, mut actor, mut kind) = (None, None, None, None, None);
        let (mut batch, mut payload, mut prev, mut hash, mut sig) = (None, None, None, None, None);
        let mut salt: Option<Option<Cow<'a, str>>> = None;
        while let Some(field) = map.next_key::<Field>()? {
            match field {
                Field::V => once(&mut v, &mut map, |m| m.next_value::<u32>())?,
                Field::Seq => once(&mut seq, &mut map, |m| m.next_value::<u64>())?,
                Field::Time => once(&mut time, &mut map, |m| m.next_value::<Cow<'a, str>>())?,
                Field::Actor => once(&mut actor, &mut map, |m| m.next_value::<Cow<'a, str>>())?,
                Field::Kind => once(&mut kind, &mut map, |m| {
                    let name = m.next_value::<Cow<'a, str>>()?;
                    match Kind::from_name(&name) {
                        Some(k @ (Kind::ScoresheetRecorded | Kind::EncounterLogged)) => Ok(k),
                        _ => Err(de::Error::custom("not a bulk kind")),
                    }
                })?,
                Field::Batch => once(&mut batch, &mut map, |m| m.next_value::<Option<Batch>>())?,
                Field::Payload => {
                    let kind = kind.ok_or_else(|| de::Error::custom("payload before kind"))?;
                    once(&mut payload, &mut map, |m| match kind {
                        Kind::ScoresheetRecorded => {
                            m.next_value::<SheetRef<'a>>().map(|s| BulkPayload::Sheet(Box::new(s)))
                        }
                        _ => m.next_value::<LoggedRef<'a>>().map(BulkPayload::Logged),
                    })?
                }
                Field::Prev => once(&mut prev, &mut map, |m| m.next_value::<Digest>())?,
                // Hashed with the rest of the line; nothing reads it.
                Field::Salt => {
                    once(&mut salt, &mut map, |m| m.next_value::<Option<Cow<'a, str>>>())?
                }
                Field::Hash => once(&mut hash, &mut map, |m| m.next_value::<Digest>())?,
                Field::Sig => once(&mut sig, &mut map, |m| m.next_value::<Option<Signature>>())?,
            }
        }
        let missing = |name| de::Error::missing_field(name);
        Ok(BulkLine {
            v: v.ok_or_else(|| missing("v"))?,
            seq: seq.ok_or_else(|| missing("seq"))?,
            time: time.ok_or_else(|| missing("time"))?,
            actor: actor.ok_or_else(|| missing("actor"))?,
            batch: batch.flatten(),
            payload: payload.ok_or_else(|| missing("payload"))?,
            prev: prev.ok_or_else(|| missing("prev"))?,
            hash: hash.ok_or_else(|| missing("hash"))?,
            sig: sig.flatten(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry::parse_line;

    const SHEET: &str = r#"{"v":2,"seq":7,"time":"2026-12-06T14:00:46.146Z","actor":"aino","kind":"scoresheet-recorded","batch":{"first":7,"count":2},"payload":{"encounter":"G-1","source":"human","auditor":"aino","rubric":"r","fingerprint":"ab","answers":{"a.b":{"value":"yes","comment":"sanoi \"evidence\":[ ja \\"}},"evidence":[],"required_evidence":["photo"],"missing_evidence_reason":"synthetic","result":{"overall":"1","verdict":"pass","critical_failures":[]}},"prev":"3eeed243d065df4a38acc3c04d84cee99f0b966e5cae4a7d68fb4e0096c927e8","salt":"e567fbdd5164e015046eea0739233739","hash":"eb008ab0df71d54a5859d34178aed05e80b655c8b6b44ac341eba372f29f86a3"}"#;
    const LOGGED: &str = r#"{"v":1,"seq":1,"time":"t","actor":"a","kind":"encounter-logged","payload":{"encounter":"E-1","channel":"call","profile":{"segment":"b2b"}},"prev":"0000000000000000000000000000000000000000000000000000000000000000","hash":"eb008ab0df71d54a5859d34178aed05e80b655c8b6b44ac341eba372f29f86a3","sig":{"key":"k","ed25519":"s"}}"#;

    /// The one pass reads what the general road reads.
    #[test]
    fn reads_what_the_general_road_reads() {
        for line in [SHEET, LOGGED] {
            let bulk = parse(line.as_bytes()).expect("a bulk line");
            let entry = parse_line(line.as_bytes()).unwrap();
            assert_eq!(
                (bulk.v, bulk.seq, &*bulk.time, &*bulk.actor, bulk.batch, bulk.prev, bulk.hash),
                (
                    entry.v,
                    entry.seq,
                    &*entry.time,
                    &*entry.actor,
                    entry.batch,
                    entry.prev,
                    entry.hash
                )
            );
            assert_eq!(bulk.sig, entry.sig);
            match bulk.payload {
                BulkPayload::Sheet(sheet) => {
                    let general: SheetRef<'_> = serde_json::from_str(entry.payload.get()).unwrap();
                    assert_eq!(sheet.encounter, general.encounter);
                    assert_eq!(sheet.answers.get(), general.answers.get());
                    assert_eq!(sheet.result.get(), general.result.get());
                    assert_eq!(sheet.required_evidence, ["photo"]);
                    assert_eq!(sheet.missing_evidence_reason.as_deref(), Some("synthetic"));
                }
                BulkPayload::Logged(logged) => {
                    assert_eq!(logged.encounter, "E-1");
                    assert_eq!(logged.profile.map(|p| p.get()), Some(r#"{"segment":"b2b"}"#));
                }
            }
        }
    }

    /// Whatever the one pass does not read exactly as the general road
    /// would is left to the general road.
    #[test]
    fn leaves_everything_else_to_the_general_road() {
        let cases = [
            // Another kind.
            SHEET.replace("scoresheet-recorded", "score-amended"),
            // The payload before the kind.
            LOGGED.replace(
                r#""kind":"encounter-logged","payload":{"encounter":"E-1","channel":"call","profile":{"segment":"b2b"}}"#,
                r#""payload":{"encounter":"E-1"},"kind":"encounter-logged""#,
            ),
            // A field twice, an unknown field, a field of the wrong type.
            LOGGED.replace(r#""v":1,"#, r#""v":1,"v":1,"#),
            LOGGED.replace(r#""v":1,"#, r#""v":1,"extra":1,"#),
            SHEET.replace(r#""salt":"e567fbdd5164e015046eea0739233739""#, r#""salt":5"#),
            // A scoresheet payload that does not read (an unknown field).
            SHEET.replace(r#""source":"human""#, r#""source":"human","x":1"#),
            // Not one JSON value.
            format!("{LOGGED} {{}}"),
        ];
        for line in cases {
            assert!(parse(line.as_bytes()).is_none(), "{line}");
        }
    }
}
