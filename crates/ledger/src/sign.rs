//! Signed entries: Ed25519 signatures over entry hashes.
//!
//! An auditor with a key signs every entry they append. The signature covers
//! the entry's 32-byte hash, and so everything the hash covers: the content
//! and, through `prev`, the whole history before it.

use ed25519_dalek::{Signer as _, SigningKey, Verifier as _, VerifyingKey};
use serde::{Deserialize, Serialize};

use crate::Digest;

/// A signature as stored in a ledger line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    /// The signer's public key, hexadecimal.
    pub key: String,
    /// The signature, hexadecimal.
    pub ed25519: String,
}

/// A private signing key.
pub struct Signer {
    key: SigningKey,
}

impl Signer {
    /// The key made from 32 secret bytes (from the operating system's random
    /// source when a key is created; the caller supplies them).
    pub fn from_secret(secret: [u8; 32]) -> Signer {
        Signer { key: SigningKey::from_bytes(&secret) }
    }

    /// Reads the hexadecimal form of the secret.
    pub fn from_hex(text: &str) -> Option<Signer> {
        let mut secret = [0u8; 32];
        hex::decode_to_slice(text.trim(), &mut secret).ok()?;
        Some(Signer::from_secret(secret))
    }

    /// The hexadecimal form of the secret, for the private key file.
    pub fn secret_hex(&self) -> String {
        hex::encode(self.key.to_bytes())
    }

    /// The public key, hexadecimal.
    pub fn public_hex(&self) -> String {
        hex::encode(self.key.verifying_key().to_bytes())
    }

    /// Signs an entry hash.
    pub fn sign(&self, hash: &Digest) -> Signature {
        Signature {
            key: self.public_hex(),
            ed25519: hex::encode(self.key.sign(&hash.0).to_bytes()),
        }
    }
}

/// Whether a signature over an entry hash is valid for the key it names.
pub fn signature_is_valid(signature: &Signature, hash: &Digest) -> bool {
    let mut key = [0u8; 32];
    let mut bytes = [0u8; 64];
    if hex::decode_to_slice(&signature.key, &mut key).is_err()
        || hex::decode_to_slice(&signature.ed25519, &mut bytes).is_err()
    {
        return false;
    }
    let Ok(key) = VerifyingKey::from_bytes(&key) else {
        return false;
    };
    key.verify(&hash.0, &ed25519_dalek::Signature::from_bytes(&bytes)).is_ok()
}

/// Whether text is a public key in hexadecimal form.
pub fn is_public_key(text: &str) -> bool {
    let mut key = [0u8; 32];
    hex::decode_to_slice(text, &mut key).is_ok() && VerifyingKey::from_bytes(&key).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_verify_and_detect_tampering() {
        let signer = Signer::from_secret([7; 32]);
        let hash = Digest::of(b"entry");
        let signature = signer.sign(&hash);
        assert!(signature_is_valid(&signature, &hash));
        assert!(!signature_is_valid(&signature, &Digest::of(b"other entry")));
        let other = Signer::from_secret([8; 32]).sign(&hash);
        let forged = Signature { key: signature.key.clone(), ed25519: other.ed25519 };
        assert!(!signature_is_valid(&forged, &hash));
        assert!(!signature_is_valid(&Signature { key: "zz".into(), ed25519: "00".into() }, &hash));
        let again = Signer::from_hex(&signer.secret_hex()).unwrap();
        assert_eq!(again.public_hex(), signer.public_hex());
        assert!(is_public_key(&signer.public_hex()));
    }
}
