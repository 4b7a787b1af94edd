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
use std::sync::LazyLock;

use memchr::memmem::Finder;

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

/// A scoresheet's line under a checkpoint known from outside, read only as
/// far as later checks need it.
///
/// Such a line was verified whole — parsed, hashed, its signature checked,
/// its result re-scored — when the checkpoint was signed, and the scan
/// proves it is still those bytes (its hash, then the checkpoint's root).
/// Its answers and result, most of a scored ledger's bytes, are skipped
/// unread: only the fields around them are taken, from the fixed order the
/// writer puts them in. A line that strays from that order in any way (an
/// escape in a name, a field missing or out of place) is left to the one
/// pass, which reads it as before; so is one whose content does not hash to
/// its hash. If the checkpoint turns out not to cover these bytes, the
/// whole ledger is verified again without it. A line that reads here but
/// differently from the one pass (an answer holding an `evidence` and a
/// `result` of its own, a field after the payload) cannot be under a
/// checkpoint: every full verification reads sheets both ways and names
/// such a line, and a checkpoint is signed only over a ledger without
/// findings.
pub(crate) struct VouchedSheet<'a> {
    pub v: u32,
    pub seq: u64,
    pub time: &'a str,
    pub actor: &'a str,
    pub batch: Option<Batch>,
    pub encounter: &'a str,
    pub evidence: Vec<Digest>,
    pub required_evidence: Vec<String>,
    pub missing_evidence_reason: Option<String>,
    pub prev: Digest,
    pub hash: Digest,
    /// The signer's key, when signed.
    pub key: Option<&'a str>,
    /// The hashed content is `line[..content_end]` and `}`.
    pub content_end: usize,
}

/// The fields between a scoresheet's answers and its result.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Middle {
    evidence: Vec<Digest>,
    #[serde(default)]
    required_evidence: Vec<String>,
    #[serde(default)]
    missing_evidence_reason: Option<String>,
}

/// Reads a vouched scoresheet's line (see [`VouchedSheet`]), or `None`.
pub(crate) fn vouched_sheet(line: &[u8]) -> Option<VouchedSheet<'_>> {
    let mut at = Cursor { line, at: 0 };
    at.literal(br#"{"v":"#)?;
    let v = u32::try_from(at.number()?).ok()?;
    at.literal(br#","seq":"#)?;
    let seq = at.number()?;
    at.literal(br#","time":""#)?;
    let time = at.plain_string()?;
    at.literal(br#","actor":""#)?;
    let actor = at.plain_string()?;
    at.literal(br#","kind":"scoresheet-recorded","#)?;
    let batch = match at.literal(br#""batch":{"first":"#) {
        Some(()) => {
            let first = at.number()?;
            at.literal(br#","count":"#)?;
            let count = at.number()?;
            at.literal(b"},")?;
            Some(Batch { first, count })
        }
        None => None,
    };
    at.literal(br#""payload":{"encounter":""#)?;
    let encounter = at.plain_string()?;
    // The tail, from the end: `,"prev":"…"[,"salt":"…"],"hash":"…"` and
    // an optional signature.
    let content_end = crate::entry::hash_field(line)?;
    let mut tail = Cursor { line, at: content_end };
    tail.literal(br#","hash":""#)?;
    let hash = tail.digest()?;
    let key = match tail.literal(br#","sig":{"key":""#) {
        Some(()) => {
            let key = tail.plain_string()?;
            tail.literal(br#","ed25519":""#)?;
            tail.plain_string()?;
            tail.literal(b"}")?;
            Some(key)
        }
        None => None,
    };
    (tail.at + 1 == line.len() && line[tail.at] == b'}').then_some(())?;
    let salted = content_end.checked_sub(42).filter(|&s| line[s..].starts_with(br#","salt":""#));
    let prev_end = salted.unwrap_or(content_end);
    let mut prev_at = Cursor { line, at: prev_end.checked_sub(74)? };
    prev_at.literal(br#","prev":""#)?;
    let prev = prev_at.digest()?;
    let payload_end = prev_end - 74;
    (line.get(payload_end.checked_sub(1)?) == Some(&b'}')).then_some(())?;
    // The fields between the answers and the result: no string can hold
    // `,"evidence":[` or `,"result":{` (a quote inside a string is escaped),
    // and an answer is an object, so the first of each is the field itself.
    let payload = line.get(at.at..payload_end)?;
    static EVIDENCE: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(br#","evidence":["#));
    static RESULT: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(br#","result":{"#));
    let from = EVIDENCE.find(payload)?;
    let to = from + RESULT.find(&payload[from..])?;
    let mut middle = Vec::with_capacity(to - from + 1);
    middle.push(b'{');
    middle.extend_from_slice(&payload[from + 1..to]);
    middle.push(b'}');
    let middle: Middle = serde_json::from_slice(&middle).ok()?;
    Some(VouchedSheet {
        v,
        seq,
        time,
        actor,
        batch,
        encounter,
        evidence: middle.evidence,
        required_evidence: middle.required_evidence,
        missing_evidence_reason: middle.missing_evidence_reason,
        prev,
        hash,
        key,
        content_end,
    })
}

/// A place in a line, for [`vouched_sheet`]'s fixed-order reading.
struct Cursor<'a> {
    line: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn literal(&mut self, text: &[u8]) -> Option<()> {
        self.line[self.at..].starts_with(text).then(|| self.at += text.len())
    }

    /// A JSON number that is a whole number without a sign.
    fn number(&mut self) -> Option<u64> {
        let digits = self.line[self.at..].iter().take_while(|b| b.is_ascii_digit()).count();
        let text = &self.line[self.at..self.at + digits];
        if digits == 0 || (digits > 1 && text[0] == b'0') {
            return None;
        }
        self.at += digits;
        std::str::from_utf8(text).ok()?.parse().ok()
    }

    /// A string's text up to its closing quote (already past the opening
    /// one), when it has no escape and no control character.
    fn plain_string(&mut self) -> Option<&'a str> {
        let rest = &self.line[self.at..];
        let end = memchr::memchr2(b'"', b'\\', rest)?;
        if rest[end] != b'"' || rest[..end].iter().any(|&b| b < 0x20) {
            return None;
        }
        self.at += end + 1;
        std::str::from_utf8(&rest[..end]).ok()
    }

    /// 64 lower-case hexadecimal digits and the closing quote.
    fn digest(&mut self) -> Option<Digest> {
        let text = self.line.get(self.at..self.at + 64)?;
        let digest = Digest::from_hex(std::str::from_utf8(text).ok()?)?;
        self.at += 64;
        self.literal(b"\"")?;
        Some(digest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry::parse_line;

    const SHEET: &str = r#"{"v":2,"seq":7,"time":"2026-12-06T14:00:46.146Z","actor":"aino","kind":"scoresheet-recorded","batch":{"first":7,"count":2},"payload":{"encounter":"G-1","source":"human","auditor":"aino","rubric":"r","fingerprint":"ab","answers":{"a.b":{"value":"yes","comment":"sanoi \"evidence\":[ ja \\"}},"evidence":[],"required_evidence":["photo"],"missing_evidence_reason":"synthetic","result":{"overall":"1","verdict":"pass","critical_failures":[]}},"prev":"3eeed243d065df4a38acc3c04d84cee99f0b966e5cae4a7d68fb4e0096c927e8","salt":"e567fbdd5164e015046eea0739233739","hash":"eb008ab0df71d54a5859d34178aed05e80b655c8b6b44ac341eba372f29f86a3"}"#;
    const LOGGED: &str = r#"{"v":1,"seq":1,"time":"t","actor":"a","kind":"encounter-logged","payload":{"encounter":"E-1","channel":"call","profile":{"segment":"b2b"}},"prev":"0000000000000000000000000000000000000000000000000000000000000000","hash":"eb008ab0df71d54a5859d34178aed05e80b655c8b6b44ac341eba372f29f86a3","sig":{"key":"k","ed25519":"s"}}"#;

    /// What both roads read around the payload.
    type Envelope<'a> = (u32, u64, &'a str, &'a str, Option<Batch>, Digest, Digest);

    fn envelope<'a>(entry: &'a crate::entry::EntryRef<'a>) -> Envelope<'a> {
        (entry.v, entry.seq, &entry.time, &entry.actor, entry.batch, entry.prev, entry.hash)
    }

    /// The one pass reads what the general road reads.
    #[test]
    fn reads_what_the_general_road_reads() {
        for line in [SHEET, LOGGED] {
            let bulk = parse(line.as_bytes()).expect("a bulk line");
            let entry = parse_line(line.as_bytes()).unwrap();
            assert_eq!(
                (bulk.v, bulk.seq, &*bulk.time, &*bulk.actor, bulk.batch, bulk.prev, bulk.hash),
                envelope(&entry)
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

    /// A vouched scoresheet's fields around its answers and result read
    /// as the general road reads them: salted or not, signed or not, with
    /// or without a batch, with evidence and a reason.
    #[test]
    fn a_vouched_sheet_reads_what_the_general_road_reads() {
        let digest = "ab".repeat(32);
        let with_evidence =
            SHEET.replace(r#""evidence":[]"#, &format!(r#""evidence":["{digest}"]"#));
        let signed = format!(
            "{},\"sig\":{{\"key\":\"k1\",\"ed25519\":\"s1\"}}}}",
            &SHEET[..SHEET.len() - 1]
        );
        let unsalted = SHEET
            .replace(r#","salt":"e567fbdd5164e015046eea0739233739""#, "")
            .replace(r#""v":2"#, r#""v":1"#);
        let unbatched = SHEET.replace(r#""batch":{"first":7,"count":2},"#, "");
        let unreasoned = SHEET.replace(r#","missing_evidence_reason":"synthetic""#, "");
        for line in [SHEET.to_string(), with_evidence, signed, unsalted, unbatched, unreasoned] {
            let fast = vouched_sheet(line.as_bytes()).unwrap_or_else(|| panic!("{line}"));
            let entry = parse_line(line.as_bytes()).unwrap();
            let general: SheetRef<'_> = serde_json::from_str(entry.payload.get()).unwrap();
            assert_eq!(
                (fast.v, fast.seq, fast.time, fast.actor, fast.batch, fast.prev, fast.hash),
                envelope(&entry),
                "{line}"
            );
            assert_eq!(fast.key, entry.sig.as_ref().map(|sig| sig.key.as_str()));
            assert_eq!(fast.encounter, general.encounter);
            assert_eq!(fast.evidence, general.evidence);
            assert_eq!(fast.required_evidence, general.required_evidence);
            assert_eq!(fast.missing_evidence_reason, general.missing_evidence_reason);
            assert_eq!(
                Some(crate::entry::content_hash_to(line.as_bytes(), fast.content_end)),
                crate::entry::content_hash(line.as_bytes())
            );
        }
    }

    /// A line that strays from the writer's order in a field it reads is
    /// left to the one pass (the bytes it skips were read when the
    /// checkpoint was signed).
    #[test]
    fn a_vouched_sheet_out_of_the_writers_order_is_left_to_the_one_pass() {
        let cases = [
            SHEET.replace("scoresheet-recorded", "score-amended"),
            SHEET.replace(r#""encounter":"G-1""#, r#""encounter":"G-\u0031""#),
            SHEET.replace(r#""actor":"aino""#, r#""actor":"ai\"no""#),
            SHEET.replace(r#""v":2,"seq":7"#, r#""seq":7,"v":2"#),
            SHEET.replace(r#""seq":7"#, r#""seq":07"#),
            SHEET.replace(r#""evidence":[],"#, ""),
            SHEET.replace(r#""evidence":[]"#, r#""evidence":["not a digest"]"#),
            SHEET.replace(r#","result":{"#, r#","outcome":{"#),
            SHEET.replace(r#""prev":"3e"#, r#""prev":"3E"#),
            SHEET.replace(r#"}},"prev""#, r#"}} ,"prev""#),
            format!("{SHEET} "),
            SHEET[..SHEET.len() - 1].to_string(),
        ];
        for line in cases {
            assert!(vouched_sheet(line.as_bytes()).is_none(), "{line}");
        }
    }
}
