//! SHA-256 digests: of entries, of evidence files, of anything.

use std::fmt;
use std::io::{self, Read};
use std::str::FromStr;

use sha2::{Digest as _, Sha256};

/// A SHA-256 digest, written as 64 lower-case hexadecimal digits.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Digest(pub [u8; 32]);

impl Digest {
    /// The all-zero digest: the `prev` of the first entry.
    pub const ZERO: Digest = Digest([0; 32]);

    /// The SHA-256 of some bytes.
    pub fn of(bytes: &[u8]) -> Digest {
        Digest(Sha256::digest(bytes).into())
    }

    /// The hexadecimal form.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    /// Reads the hexadecimal form.
    pub fn from_hex(text: &str) -> Option<Digest> {
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(text, &mut bytes).ok()?;
        // Only the lower-case form is canonical: an upper-case digest in the
        // ledger would be a different byte string with the same meaning.
        text.bytes().all(|b| !b.is_ascii_uppercase()).then_some(Digest(bytes))
    }
}

impl fmt::Display for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl fmt::Debug for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl FromStr for Digest {
    type Err = String;

    fn from_str(text: &str) -> Result<Digest, String> {
        Digest::from_hex(text).ok_or_else(|| {
            format!("`{text}` is not a SHA-256 digest (64 lower-case hexadecimal digits)")
        })
    }
}

impl serde::Serialize for Digest {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_hex())
    }
}

impl<'de> serde::Deserialize<'de> for Digest {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Digest, D::Error> {
        // A visitor rather than an owned string: verifying a large ledger
        // reads two digests per entry, and this keeps that allocation-free.
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Digest;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a SHA-256 digest as 64 lower-case hexadecimal digits")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Digest, E> {
                text.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

/// The size of the buffer evidence is streamed through: large enough that
/// the per-read overhead vanishes next to hashing, small enough to stay in
/// cache.
pub const STREAM_BUFFER: usize = 256 * 1024;

/// Streams a reader through SHA-256, calling `progress` with the number of
/// bytes after each block. Returns the digest and the total size.
pub fn hash_reader(reader: impl Read, progress: impl FnMut(u64)) -> io::Result<(Digest, u64)> {
    hash_copy(reader, io::sink(), progress).map_err(|error| match error {
        Copy::Read(error) | Copy::Write(error) => error,
    })
}

/// Which side of a copy failed.
pub(crate) enum Copy {
    /// Reading the source.
    Read(io::Error),
    /// Writing the copy.
    Write(io::Error),
}

/// Streams a reader into a writer in one pass, hashing every block as it
/// goes: the digest is of exactly the bytes written.
pub(crate) fn hash_copy(
    mut reader: impl Read,
    mut writer: impl io::Write,
    mut progress: impl FnMut(u64),
) -> Result<(Digest, u64), Copy> {
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; STREAM_BUFFER];
    let mut size = 0u64;
    loop {
        let read = match reader.read(&mut buffer) {
            Ok(0) => break,
            Ok(read) => read,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(Copy::Read(error)),
        };
        hasher.update(&buffer[..read]);
        writer.write_all(&buffer[..read]).map_err(Copy::Write)?;
        size += read as u64;
        progress(read as u64);
    }
    Ok((Digest(hasher.finalize().into()), size))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_digests() {
        // FIPS 180-2 test vectors.
        assert_eq!(
            Digest::of(b"").to_hex(),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            Digest::of(b"abc").to_hex(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let (streamed, size) = hash_reader(&vec![b'a'; 1_000_000][..], |_| {}).unwrap();
        assert_eq!(size, 1_000_000);
        assert_eq!(
            streamed.to_hex(),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        );
    }

    #[test]
    fn hex_round_trip_is_strict() {
        let digest = Digest::of(b"abc");
        assert_eq!(digest.to_hex().parse::<Digest>().unwrap(), digest);
        assert!(digest.to_hex().to_uppercase().parse::<Digest>().is_err());
        assert!("abc".parse::<Digest>().is_err());
    }
}
