//! Signed notes (C2SP `signed-note`) and checkpoints (C2SP
//! `tlog-checkpoint`): the small text formats in which a transparency log
//! states its tree head, so that anyone — not only tarkka — can check it.
//!
//! A note is text ending in a newline, a blank line, and signature lines
//! `— NAME base64(key ID || Ed25519 signature of the text)`. A key is known
//! to a verifier by its *vkey*, `NAME+hex(key ID)+base64(0x01 || public
//! key)`, where the key ID is the first four bytes of
//! `SHA-256(NAME || 0x0A || 0x01 || public key)`.
//!
//! A checkpoint is a note whose text is three lines: the log's origin, the
//! tree size, and the base64 RFC 6962 root over the entries' hashes.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use ed25519_dalek::{Signer as _, SigningKey, Verifier as _, VerifyingKey};
use sha2::{Digest as _, Sha256};

use crate::Digest;

/// The signature type byte of Ed25519 note signatures.
const ED25519: u8 = 0x01;
/// The em dash that starts a signature line.
const DASH: &str = "\u{2014} ";
/// At most this many signature lines are read (the spec asks for ≥ 16).
const MAX_SIGNATURES: usize = 64;

/// Whether `name` may name a key or a log: not empty, no spaces, no `+`.
pub fn valid_name(name: &str) -> bool {
    !name.is_empty() && !name.chars().any(|c| c.is_whitespace() || c == '+' || c.is_control())
}

fn key_id(name: &str, public: &VerifyingKey) -> [u8; 4] {
    let mut hasher = Sha256::new();
    hasher.update(name.as_bytes());
    hasher.update([b'\n', ED25519]);
    hasher.update(public.as_bytes());
    let hash = hasher.finalize();
    [hash[0], hash[1], hash[2], hash[3]]
}

/// A private note-signing key with its name.
pub struct NoteSigner {
    name: String,
    key: SigningKey,
}

impl NoteSigner {
    /// The key named `name` made from 32 secret bytes; `None` when the name
    /// is not a valid key name.
    pub fn new(name: &str, secret: [u8; 32]) -> Option<NoteSigner> {
        valid_name(name)
            .then(|| NoteSigner { name: name.to_string(), key: SigningKey::from_bytes(&secret) })
    }

    /// The key's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The secret, hexadecimal (for the private key file).
    pub fn secret_hex(&self) -> String {
        hex::encode(self.key.to_bytes())
    }

    /// Its verifier.
    pub fn verifier(&self) -> NoteVerifier {
        let key = self.key.verifying_key();
        NoteVerifier { name: self.name.clone(), id: key_id(&self.name, &key), key }
    }

    /// The signature line over `text` (which must end in a newline).
    pub fn sign(&self, text: &str) -> String {
        let mut bytes = key_id(&self.name, &self.key.verifying_key()).to_vec();
        bytes.extend_from_slice(&self.key.sign(text.as_bytes()).to_bytes());
        format!("{DASH}{} {}\n", self.name, BASE64.encode(bytes))
    }

    /// The signed note: `text`, a blank line, and this key's signature.
    pub fn sign_note(&self, text: &str) -> String {
        format!("{text}\n{}", self.sign(text))
    }
}

/// A public note-verifying key, as a vkey names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoteVerifier {
    name: String,
    id: [u8; 4],
    key: VerifyingKey,
}

impl NoteVerifier {
    /// Reads a vkey (`NAME+ID+KEY`); the error says what is wrong.
    pub fn parse(vkey: &str) -> Result<NoteVerifier, String> {
        let vkey = vkey.trim();
        let mut parts = vkey.splitn(3, '+');
        let (Some(name), Some(id), Some(key)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(format!("`{vkey}` is not a verifier key (NAME+KEYID+BASE64KEY)"));
        };
        if !valid_name(name) {
            return Err(format!("`{name}` is not a key name (no spaces or `+`)"));
        }
        let mut id_bytes = [0u8; 4];
        if id.len() != 8 || hex::decode_to_slice(id, &mut id_bytes).is_err() {
            return Err(format!("`{id}` is not a key ID (8 hexadecimal digits)"));
        }
        let bytes = BASE64.decode(key).map_err(|_| format!("`{key}` is not base64"))?;
        let public: [u8; 32] = match bytes.split_first() {
            Some((&ED25519, rest)) => rest.try_into().map_err(|_| {
                format!("the key is {} bytes long; an Ed25519 key has 32", rest.len())
            })?,
            _ => return Err("only Ed25519 verifier keys (type 0x01) are supported".to_string()),
        };
        let key = VerifyingKey::from_bytes(&public)
            .map_err(|_| "the key is not an Ed25519 public key".to_string())?;
        if key_id(name, &key) != id_bytes {
            return Err(format!("the key ID {id} does not belong to this name and key"));
        }
        Ok(NoteVerifier { name: name.to_string(), id: id_bytes, key })
    }

    /// The key's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The vkey text.
    pub fn vkey(&self) -> String {
        let mut key = vec![ED25519];
        key.extend_from_slice(self.key.as_bytes());
        format!("{}+{}+{}", self.name, hex::encode(self.id), BASE64.encode(key))
    }

    fn verifies(&self, text: &str, signature: &[u8]) -> bool {
        let Ok(bytes) = <[u8; 64]>::try_from(signature) else { return false };
        self.key.verify(text.as_bytes(), &ed25519_dalek::Signature::from_bytes(&bytes)).is_ok()
    }
}

/// A signature line of a note.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoteSignature {
    /// The key name.
    pub name: String,
    /// The key ID.
    pub id: [u8; 4],
    /// The signature bytes after the key ID.
    pub signature: Vec<u8>,
}

/// A note as read, before any signature is checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    /// The text, final newline included.
    pub text: String,
    /// The signature lines.
    pub signatures: Vec<NoteSignature>,
}

impl Note {
    /// Reads a signed note; the error says what is wrong.
    pub fn parse(note: &str) -> Result<Note, String> {
        if note.chars().any(|c| c.is_control() && c != '\n') {
            return Err("a note contains no control characters but newlines".to_string());
        }
        let Some(at) = note.rfind("\n\n") else {
            return Err("no blank line before the signatures".to_string());
        };
        let text = &note[..=at];
        let lines = &note[at + 2..];
        if !lines.ends_with('\n') {
            return Err("the last signature line does not end in a newline".to_string());
        }
        let mut signatures = Vec::new();
        for line in lines.lines() {
            if signatures.len() == MAX_SIGNATURES {
                return Err(format!("more than {MAX_SIGNATURES} signatures"));
            }
            let Some(rest) = line.strip_prefix(DASH) else {
                return Err(format!("`{line}` is not a signature line (`— NAME SIGNATURE`)"));
            };
            let Some((name, encoded)) = rest.split_once(' ') else {
                return Err(format!("`{line}` has no signature after the key name"));
            };
            let bytes = BASE64
                .decode(encoded)
                .map_err(|_| format!("the signature of `{name}` is not base64"))?;
            if !valid_name(name) || bytes.len() < 5 {
                return Err(format!("`{line}` is not a signature line"));
            }
            signatures.push(NoteSignature {
                name: name.to_string(),
                id: [bytes[0], bytes[1], bytes[2], bytes[3]],
                signature: bytes[4..].to_vec(),
            });
        }
        if signatures.is_empty() {
            return Err("the note has no signature".to_string());
        }
        Ok(Note { text: text.to_string(), signatures })
    }

    /// Checks the signatures against known keys, as the signed-note spec
    /// says: a signature by a known key (same name and ID) that does not
    /// verify rejects the note; signatures by unknown keys are ignored;
    /// without a verified signature by a known key the note is rejected.
    /// Returns the names of the keys that signed it.
    pub fn verify(&self, known: &[NoteVerifier]) -> Result<Vec<String>, NoteRejected> {
        let mut signed = Vec::new();
        for signature in &self.signatures {
            let Some(key) = known.iter().find(|k| k.name == signature.name && k.id == signature.id)
            else {
                continue;
            };
            if !key.verifies(&self.text, &signature.signature) {
                return Err(NoteRejected::BadSignature(signature.name.clone()));
            }
            signed.push(signature.name.clone());
        }
        if signed.is_empty() {
            let names = self.signatures.iter().map(|s| s.name.clone()).collect();
            return Err(NoteRejected::UnknownSigner(names));
        }
        Ok(signed)
    }
}

/// Why a note is not believed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NoteRejected {
    /// A known key's signature does not verify: the note was altered.
    BadSignature(String),
    /// No signature is by a known key; these keys signed it.
    UnknownSigner(Vec<String>),
}

/// The signature type byte of timestamped Ed25519 cosignatures (C2SP
/// `tlog-cosignature`).
const COSIGNATURE: u8 = 0x04;

fn cosigner_id(name: &str, public: &VerifyingKey) -> [u8; 4] {
    let mut hasher = Sha256::new();
    hasher.update(name.as_bytes());
    hasher.update([b'\n', COSIGNATURE]);
    hasher.update(public.as_bytes());
    let hash = hasher.finalize();
    [hash[0], hash[1], hash[2], hash[3]]
}

/// The message a v1 Ed25519 cosignature signs: the header, the time, and
/// the checkpoint's note text.
fn cosigned_message(text: &str, time: u64) -> String {
    format!("cosignature/v1\ntime {time}\n{text}")
}

/// A witness's private cosigning key with its name.
pub struct Cosigner {
    name: String,
    key: SigningKey,
}

impl Cosigner {
    /// The key named `name` made from 32 secret bytes; `None` when the name
    /// is not a valid key name.
    pub fn new(name: &str, secret: [u8; 32]) -> Option<Cosigner> {
        valid_name(name)
            .then(|| Cosigner { name: name.to_string(), key: SigningKey::from_bytes(&secret) })
    }

    /// The key's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The secret, hexadecimal (for the private key file).
    pub fn secret_hex(&self) -> String {
        hex::encode(self.key.to_bytes())
    }

    /// Its verifier.
    pub fn verifier(&self) -> CosignatureVerifier {
        let key = self.key.verifying_key();
        CosignatureVerifier { name: self.name.clone(), id: cosigner_id(&self.name, &key), key }
    }

    /// The cosignature line over a checkpoint's note text, at `time`
    /// (seconds since the epoch).
    pub fn cosign(&self, text: &str, time: u64) -> String {
        let mut bytes = cosigner_id(&self.name, &self.key.verifying_key()).to_vec();
        bytes.extend_from_slice(&time.to_be_bytes());
        bytes.extend_from_slice(&self.key.sign(cosigned_message(text, time).as_bytes()).to_bytes());
        format!("{DASH}{} {}\n", self.name, BASE64.encode(bytes))
    }
}

/// A witness's public cosigning key, as a vkey (type 0x04) names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CosignatureVerifier {
    name: String,
    id: [u8; 4],
    key: VerifyingKey,
}

impl CosignatureVerifier {
    /// Reads a witness vkey (`NAME+ID+KEY`, type 0x04).
    pub fn parse(vkey: &str) -> Result<CosignatureVerifier, String> {
        let vkey = vkey.trim();
        let mut parts = vkey.splitn(3, '+');
        let (Some(name), Some(id), Some(key)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(format!("`{vkey}` is not a verifier key (NAME+KEYID+BASE64KEY)"));
        };
        let bytes = BASE64.decode(key).map_err(|_| format!("`{key}` is not base64"))?;
        let public: [u8; 32] = match bytes.split_first() {
            Some((&COSIGNATURE, rest)) => rest.try_into().map_err(|_| {
                format!("the key is {} bytes long; an Ed25519 key has 32", rest.len())
            })?,
            _ => return Err("a witness key is a cosignature key (type 0x04)".to_string()),
        };
        let key = VerifyingKey::from_bytes(&public)
            .map_err(|_| "the key is not an Ed25519 public key".to_string())?;
        let mut id_bytes = [0u8; 4];
        if !valid_name(name)
            || hex::decode_to_slice(id, &mut id_bytes).is_err()
            || cosigner_id(name, &key) != id_bytes
        {
            return Err(format!("`{vkey}` is not a witness key: its name or key ID does not fit"));
        }
        Ok(CosignatureVerifier { name: name.to_string(), id: id_bytes, key })
    }

    /// The key's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The vkey text.
    pub fn vkey(&self) -> String {
        let mut key = vec![COSIGNATURE];
        key.extend_from_slice(self.key.as_bytes());
        format!("{}+{}+{}", self.name, hex::encode(self.id), BASE64.encode(key))
    }
}

impl Note {
    /// The witnesses among `known` whose cosignature on this note holds,
    /// with the time each states; a cosignature by a known witness that
    /// does not verify is an error (the note was altered).
    pub fn cosigned_by(&self, known: &[CosignatureVerifier]) -> Result<Vec<(String, u64)>, String> {
        let mut found = Vec::new();
        for signature in &self.signatures {
            let Some(key) = known.iter().find(|k| k.name == signature.name && k.id == signature.id)
            else {
                continue;
            };
            let bytes = &signature.signature;
            let (Some(time), Some(sig)) = (
                bytes.get(..8).and_then(|t| <[u8; 8]>::try_from(t).ok()),
                bytes.get(8..).and_then(|s| <[u8; 64]>::try_from(s).ok()),
            ) else {
                return Err(format!("the cosignature of `{}` is not 72 bytes", signature.name));
            };
            let time = u64::from_be_bytes(time);
            let message = cosigned_message(&self.text, time);
            if key
                .key
                .verify(message.as_bytes(), &ed25519_dalek::Signature::from_bytes(&sig))
                .is_err()
            {
                return Err(format!("the cosignature of `{}` does not verify", signature.name));
            }
            if !found.iter().any(|(name, _)| *name == signature.name) {
                found.push((signature.name.clone(), time));
            }
        }
        Ok(found)
    }
}

/// A log's tree head at a size (C2SP `tlog-checkpoint`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checkpoint {
    /// The log's identity.
    pub origin: String,
    /// How many entries the tree has.
    pub size: u64,
    /// The RFC 6962 root over the first `size` entry hashes.
    pub root: Digest,
}

impl Checkpoint {
    /// The note text: origin, size and base64 root, one per line.
    pub fn text(&self) -> String {
        format!("{}\n{}\n{}\n", self.origin, self.size, BASE64.encode(self.root.0))
    }

    /// Reads a checkpoint's note text (extension lines are allowed and
    /// ignored); the error says what is wrong.
    pub fn parse_text(text: &str) -> Result<Checkpoint, String> {
        let mut lines = text.lines();
        let (Some(origin), Some(size), Some(root)) = (lines.next(), lines.next(), lines.next())
        else {
            return Err("a checkpoint has three lines: origin, tree size, root hash".to_string());
        };
        if origin.is_empty() {
            return Err("the origin line is empty".to_string());
        }
        let size_ok =
            size.bytes().all(|b| b.is_ascii_digit()) && (size == "0" || !size.starts_with('0'));
        let size: u64 = match size.parse() {
            Ok(size) if size_ok => size,
            _ => return Err(format!("`{size}` is not a tree size")),
        };
        let root = BASE64
            .decode(root)
            .ok()
            .and_then(|bytes| <[u8; 32]>::try_from(bytes).ok())
            .ok_or_else(|| format!("`{root}` is not a base64 SHA-256 root hash"))?;
        Ok(Checkpoint { origin: origin.to_string(), size, root: Digest(root) })
    }

    /// The checkpoint signed by `signer` as a note.
    pub fn sign(&self, signer: &NoteSigner) -> String {
        signer.sign_note(&self.text())
    }

    /// Reads a signed checkpoint and checks it against known log keys; the
    /// origin must be the name of the key that signed it.
    pub fn open(note: &str, known: &[NoteVerifier]) -> Result<(Checkpoint, String), String> {
        let note = Note::parse(note)?;
        let checkpoint = Checkpoint::parse_text(&note.text)?;
        let signed = note.verify(known).map_err(|rejected| match rejected {
            NoteRejected::BadSignature(name) => {
                format!("the signature of `{name}` does not verify: the checkpoint was altered")
            }
            NoteRejected::UnknownSigner(names) => format!(
                "signed by {} — no log key this verification trusts",
                names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
            ),
        })?;
        match signed.iter().find(|name| **name == checkpoint.origin) {
            Some(name) => Ok((checkpoint.clone(), name.clone())),
            None => Err(format!(
                "the checkpoint names the log `{}` but is signed by the log key `{}`",
                checkpoint.origin, signed[0]
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example of the signed-note specification (c2sp.org/signed-note).
    #[test]
    fn verifies_the_specification_example() {
        let vkey = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";
        let verifier = NoteVerifier::parse(vkey).unwrap();
        assert_eq!(verifier.vkey(), vkey);
        let note = "This is an example message.\n\n\u{2014} example.com/foo \
                    Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";
        let parsed = Note::parse(note).unwrap();
        assert_eq!(parsed.text, "This is an example message.\n");
        assert_eq!(parsed.verify(std::slice::from_ref(&verifier)).unwrap(), ["example.com/foo"]);
        let altered = note.replace("example message", "exemplary message");
        assert_eq!(
            Note::parse(&altered).unwrap().verify(&[verifier]),
            Err(NoteRejected::BadSignature("example.com/foo".into()))
        );
    }

    #[test]
    fn a_checkpoint_round_trips_and_every_flipped_byte_is_refused() {
        let signer = NoteSigner::new("tarkka.local/demo", [7; 32]).unwrap();
        let checkpoint =
            Checkpoint { origin: "tarkka.local/demo".into(), size: 264, root: Digest::of(b"x") };
        let note = checkpoint.sign(&signer);
        assert!(note.starts_with("tarkka.local/demo\n264\n"));
        let known = [signer.verifier()];
        assert_eq!(Checkpoint::open(&note, &known).unwrap().0, checkpoint);
        assert_eq!(NoteVerifier::parse(&known[0].vkey()).unwrap(), known[0]);
        let bytes = note.as_bytes();
        for at in 0..bytes.len() {
            let mut flipped = bytes.to_vec();
            flipped[at] ^= 0x01;
            if let Ok(text) = String::from_utf8(flipped) {
                assert!(Checkpoint::open(&text, &known).is_err(), "byte {at} flipped");
            }
        }
        let other = NoteSigner::new("tarkka.local/demo", [8; 32]).unwrap();
        let error = Checkpoint::open(&note, &[other.verifier()]).unwrap_err();
        assert!(error.contains("no log key"), "{error}");
        let mislabelled = Checkpoint { origin: "elsewhere".into(), ..checkpoint };
        let error = Checkpoint::open(&mislabelled.sign(&signer), &known).unwrap_err();
        assert!(error.contains("names the log `elsewhere`"), "{error}");
    }

    #[test]
    fn bad_checkpoint_texts_say_what_is_wrong() {
        assert!(Checkpoint::parse_text("o\n012\nAAAA\n").unwrap_err().contains("tree size"));
        assert!(Checkpoint::parse_text("o\n12\n").unwrap_err().contains("three lines"));
        assert!(Checkpoint::parse_text("o\n12\nAAAA\n").unwrap_err().contains("root hash"));
        assert!(NoteVerifier::parse("a+b").is_err());
        assert!(NoteSigner::new("has space", [1; 32]).is_none());
    }

    #[test]
    fn a_cosignature_holds_for_its_witness_and_breaks_with_the_checkpoint() {
        let log = NoteSigner::new("tarkka.local/demo", [7; 32]).unwrap();
        let witness = Cosigner::new("works-council.example/w1", [9; 32]).unwrap();
        let checkpoint =
            Checkpoint { origin: "tarkka.local/demo".into(), size: 5, root: Digest::of(b"x") };
        let note = checkpoint.sign(&log) + &witness.cosign(&checkpoint.text(), 1_765_000_000);
        let parsed = Note::parse(&note).unwrap();
        let known = [witness.verifier()];
        assert_eq!(
            parsed.cosigned_by(&known).unwrap(),
            [("works-council.example/w1".to_string(), 1_765_000_000)]
        );
        // The log's signature still holds beside it.
        assert!(Checkpoint::open(&note, &[log.verifier()]).is_ok());
        let vkey = known[0].vkey();
        assert_eq!(CosignatureVerifier::parse(&vkey).unwrap(), known[0]);
        assert!(NoteVerifier::parse(&vkey).is_err(), "a witness key is no log key");
        let other = Checkpoint { size: 6, ..checkpoint };
        let moved = other.sign(&log) + note.lines().last().unwrap() + "\n";
        assert!(Note::parse(&moved).unwrap().cosigned_by(&known).is_err());
        let stranger = Cosigner::new("works-council.example/w1", [10; 32]).unwrap();
        assert!(parsed.cosigned_by(&[stranger.verifier()]).unwrap().is_empty());
    }
}
