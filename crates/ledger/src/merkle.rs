//! The RFC 6962 Merkle tree head over the entry hashes.
//!
//! RFC 6962 §2.1 defines, for leaves d(0)..d(n-1):
//!
//! ```text
//! MTH({})      = SHA-256()
//! MTH({d(0)})  = SHA-256(0x00 || d(0))
//! MTH(D[n])    = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n])),  k the largest power of two < n
//! ```
//!
//! Here the leaves are the 32 bytes of each entry's hash. [`MerkleBuilder`]
//! computes the same root in one streaming pass with O(log n) memory, by
//! keeping the roots of the perfect subtrees seen so far (like the carries
//! of a binary counter) and folding them from the right at the end.

use sha2::{Digest as _, Sha256};

use crate::Digest;

/// Builds the tree head of a stream of leaves.
#[derive(Clone, Debug, Default)]
pub struct MerkleBuilder {
    /// Roots of perfect subtrees, left to right, with their leaf counts
    /// (strictly decreasing powers of two).
    stack: Vec<(u64, Digest)>,
    leaves: u64,
}

impl MerkleBuilder {
    /// An empty tree.
    pub fn new() -> MerkleBuilder {
        MerkleBuilder::default()
    }

    /// Adds the next leaf.
    pub fn push(&mut self, leaf: &[u8]) {
        self.push_leaf_hash(leaf_hash(leaf));
    }

    /// Adds the next leaf by its leaf hash (`SHA-256(0x00 || leaf)`), when
    /// that was computed elsewhere, e.g. on another thread.
    pub fn push_leaf_hash(&mut self, leaf_hash: Digest) {
        let mut node = (1u64, leaf_hash);
        while let Some(&(size, left)) = self.stack.last() {
            if size != node.0 {
                break;
            }
            self.stack.pop();
            node = (size * 2, node_hash(&left, &node.1));
        }
        self.stack.push(node);
        self.leaves += 1;
    }

    /// How many leaves were added.
    pub fn len(&self) -> u64 {
        self.leaves
    }

    /// Whether no leaf was added.
    pub fn is_empty(&self) -> bool {
        self.leaves == 0
    }

    /// The tree head of the leaves added so far.
    pub fn root(&self) -> Digest {
        let mut nodes = self.stack.iter().rev();
        let Some(&(_, mut root)) = nodes.next() else {
            return Digest::of(b"");
        };
        for (_, left) in nodes {
            root = node_hash(left, &root);
        }
        root
    }
}

/// The RFC 6962 leaf hash, `SHA-256(0x00 || leaf)`.
pub fn leaf_hash(leaf: &[u8]) -> Digest {
    let mut hasher = Sha256::new();
    hasher.update([0x00]);
    hasher.update(leaf);
    Digest(hasher.finalize().into())
}

fn node_hash(left: &Digest, right: &Digest) -> Digest {
    let mut hasher = Sha256::new();
    hasher.update([0x01]);
    hasher.update(left.0);
    hasher.update(right.0);
    Digest(hasher.finalize().into())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition of RFC 6962 §2.1, transcribed literally.
    fn mth(leaves: &[Vec<u8>]) -> Digest {
        match leaves.len() {
            0 => Digest::of(b""),
            1 => leaf_hash(&leaves[0]),
            n => {
                let k = if n.is_power_of_two() {
                    n / 2
                } else {
                    1 << (usize::BITS - 1 - n.leading_zeros())
                };
                node_hash(&mth(&leaves[..k]), &mth(&leaves[k..]))
            }
        }
    }

    fn build(leaves: &[Vec<u8>]) -> Digest {
        let mut builder = MerkleBuilder::new();
        for leaf in leaves {
            builder.push(leaf);
        }
        builder.root()
    }

    #[test]
    fn agrees_with_the_rfc_definition_for_every_size_up_to_130() {
        let leaves: Vec<Vec<u8>> =
            (0..130u32).map(|i| Digest::of(&i.to_be_bytes()).0.to_vec()).collect();
        for n in 0..=leaves.len() {
            assert_eq!(build(&leaves[..n]), mth(&leaves[..n]), "{n} leaves");
        }
    }

    #[test]
    fn matches_the_certificate_transparency_test_vectors() {
        // The eight leaves and roots used by the Certificate Transparency
        // reference implementation's tests (merkle_tree_test.cc), which
        // follow RFC 6962.
        let inputs: Vec<Vec<u8>> = [
            "",
            "00",
            "10",
            "2021",
            "3031",
            "40414243",
            "5051525354555657",
            "606162636465666768696a6b6c6d6e6f",
        ]
        .iter()
        .map(|h| hex::decode(h).unwrap())
        .collect();
        let roots = [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
        ];
        for (n, root) in roots.iter().enumerate() {
            assert_eq!(build(&inputs[..=n]).to_hex(), *root, "{} leaves", n + 1);
        }
        assert_eq!(
            build(&[]).to_hex(),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
