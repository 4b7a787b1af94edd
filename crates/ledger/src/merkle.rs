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

/// The RFC 6962 interior node hash, `SHA-256(0x01 || left || right)`.
pub fn node(left: &Digest, right: &Digest) -> Digest {
    node_hash(left, right)
}

fn node_hash(left: &Digest, right: &Digest) -> Digest {
    let mut hasher = Sha256::new();
    hasher.update([0x01]);
    hasher.update(left.0);
    hasher.update(right.0);
    Digest(hasher.finalize().into())
}

/// The tree head over leaf hashes already computed (`MTH` of RFC 6962
/// §2.1, whose leaves' hashes these are).
pub fn root_of(leaf_hashes: &[Digest]) -> Digest {
    let mut builder = MerkleBuilder::new();
    for leaf in leaf_hashes {
        builder.push_leaf_hash(*leaf);
    }
    builder.root()
}

/// The largest power of two smaller than `n` (n ≥ 2): where RFC 6962 splits
/// a tree of `n` leaves.
fn split(n: usize) -> usize {
    debug_assert!(n >= 2);
    1 << (usize::BITS - 1 - (n - 1).leading_zeros())
}

/// The inclusion proof (audit path, RFC 6962 §2.1.1 `PATH(m, D[n])`) of
/// the leaf at `index` in the tree over `leaf_hashes`: the sibling hashes
/// from the leaf up. Empty for a one-leaf tree; `None` when `index` is not
/// a leaf of it.
pub fn inclusion_proof(leaf_hashes: &[Digest], index: usize) -> Option<Vec<Digest>> {
    if index >= leaf_hashes.len() {
        return None;
    }
    let mut proof = Vec::new();
    path(leaf_hashes, index, &mut proof);
    Some(proof)
}

fn path(leaves: &[Digest], index: usize, proof: &mut Vec<Digest>) {
    let n = leaves.len();
    if n <= 1 {
        return;
    }
    let k = split(n);
    if index < k {
        path(&leaves[..k], index, proof);
        proof.push(root_of(&leaves[k..]));
    } else {
        path(&leaves[k..], index - k, proof);
        proof.push(root_of(&leaves[..k]));
    }
}

/// The consistency proof (RFC 6962 §2.1.2 `PROOF(m, D[n])`) that the tree
/// over the first `old_size` leaves is a prefix of the tree over all of
/// `leaf_hashes`. Empty when the sizes are equal or `old_size` is 0; `None`
/// when `old_size` is larger than the tree.
pub fn consistency_proof(leaf_hashes: &[Digest], old_size: usize) -> Option<Vec<Digest>> {
    if old_size > leaf_hashes.len() {
        return None;
    }
    let mut proof = Vec::new();
    if old_size > 0 {
        subproof(old_size, leaf_hashes, true, &mut proof);
    }
    Some(proof)
}

fn subproof(m: usize, leaves: &[Digest], whole: bool, proof: &mut Vec<Digest>) {
    let n = leaves.len();
    if m == n {
        if !whole {
            proof.push(root_of(leaves));
        }
        return;
    }
    let k = split(n);
    if m <= k {
        subproof(m, &leaves[..k], whole, proof);
        proof.push(root_of(&leaves[k..]));
    } else {
        subproof(m - k, &leaves[k..], false, proof);
        proof.push(root_of(&leaves[..k]));
    }
}

/// Whether `proof` shows the leaf hash `leaf` at `index` in the tree of
/// `size` leaves whose head is `root` (RFC 9162 §2.1.3.2).
pub fn verify_inclusion(
    leaf: &Digest,
    index: u64,
    size: u64,
    proof: &[Digest],
    root: &Digest,
) -> bool {
    if index >= size {
        return false;
    }
    let (mut f, mut s) = (index, size - 1);
    let mut r = *leaf;
    for p in proof {
        if s == 0 {
            return false;
        }
        if f & 1 == 1 || f == s {
            r = node_hash(p, &r);
            while f & 1 == 0 && f != 0 {
                f >>= 1;
                s >>= 1;
            }
        } else {
            r = node_hash(&r, p);
        }
        f >>= 1;
        s >>= 1;
    }
    s == 0 && r == *root
}

/// Whether `proof` shows that the tree of `old_size` leaves with head
/// `old_root` is a prefix of the tree of `new_size` leaves with head
/// `new_root` (RFC 9162 §2.1.4.2; equal sizes need equal heads and an
/// empty proof, and the empty tree is a prefix of every tree).
pub fn verify_consistency(
    old_size: u64,
    new_size: u64,
    old_root: &Digest,
    new_root: &Digest,
    proof: &[Digest],
) -> bool {
    if old_size > new_size {
        return false;
    }
    if old_size == new_size {
        return proof.is_empty() && old_root == new_root;
    }
    if old_size == 0 {
        return proof.is_empty();
    }
    if proof.is_empty() {
        return false;
    }
    let mut path = proof.iter();
    let first =
        if old_size.is_power_of_two() { *old_root } else { *path.next().expect("not empty") };
    let (mut f, mut s) = (old_size - 1, new_size - 1);
    while f & 1 == 1 {
        f >>= 1;
        s >>= 1;
    }
    let (mut fr, mut sr) = (first, first);
    for c in path {
        if s == 0 {
            return false;
        }
        if f & 1 == 1 || f == s {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
            while f & 1 == 0 && f != 0 {
                f >>= 1;
                s >>= 1;
            }
        } else {
            sr = node_hash(&sr, c);
        }
        f >>= 1;
        s >>= 1;
    }
    fr == *old_root && sr == *new_root && s == 0
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

    fn hashes(hex: &[&str]) -> Vec<Digest> {
        hex.iter().map(|h| Digest::from_hex(h).unwrap()).collect()
    }

    fn ct_leaves() -> Vec<Digest> {
        [
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
        .map(|h| leaf_hash(&hex::decode(h).unwrap()))
        .collect()
    }

    #[test]
    fn proofs_match_the_certificate_transparency_test_vectors() {
        let leaves = ct_leaves();
        // (index, tree size, audit path), as in CT's merkle_tree_test.cc.
        let inclusion = [
            (0, 1, vec![]),
            (
                0,
                8,
                hashes(&[
                    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
                ]),
            ),
            (
                5,
                8,
                hashes(&[
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
                ]),
            ),
            (2, 3, hashes(&["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"])),
            (
                1,
                5,
                hashes(&[
                    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                ]),
            ),
        ];
        for (index, size, path) in inclusion {
            let tree = &leaves[..size];
            assert_eq!(inclusion_proof(tree, index).unwrap(), path, "leaf {index} of {size}");
            let root = root_of(tree);
            assert!(verify_inclusion(&tree[index], index as u64, size as u64, &path, &root));
        }
        // (old size, new size, proof)
        let consistency = [
            (1, 1, vec![]),
            (
                1,
                8,
                hashes(&[
                    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
                ]),
            ),
            (
                6,
                8,
                hashes(&[
                    "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
                ]),
            ),
            (
                2,
                5,
                hashes(&[
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                ]),
            ),
        ];
        for (old, new, proof) in consistency {
            assert_eq!(consistency_proof(&leaves[..new], old).unwrap(), proof, "{old} → {new}");
            let (old_root, new_root) = (root_of(&leaves[..old]), root_of(&leaves[..new]));
            assert!(verify_consistency(old as u64, new as u64, &old_root, &new_root, &proof));
        }
    }

    #[test]
    fn every_proof_of_small_trees_verifies_and_no_flipped_byte_does() {
        let leaves: Vec<Digest> = (0..40u32).map(|i| leaf_hash(&i.to_be_bytes())).collect();
        for n in 1..=leaves.len() {
            let tree = &leaves[..n];
            let root = root_of(tree);
            for i in 0..n {
                let proof = inclusion_proof(tree, i).unwrap();
                assert!(verify_inclusion(&tree[i], i as u64, n as u64, &proof, &root), "{i}/{n}");
                if n > 1 {
                    let other = (i + 1) % n;
                    assert!(!verify_inclusion(&tree[i], other as u64, n as u64, &proof, &root));
                }
                for at in 0..proof.len() {
                    let mut bad = proof.clone();
                    bad[at].0[at % 32] ^= 1;
                    assert!(!verify_inclusion(&tree[i], i as u64, n as u64, &bad, &root));
                }
            }
            for m in 0..=n {
                let proof = consistency_proof(tree, m).unwrap();
                let old = root_of(&tree[..m]);
                assert!(verify_consistency(m as u64, n as u64, &old, &root, &proof), "{m} → {n}");
                for at in 0..proof.len() {
                    let mut bad = proof.clone();
                    bad[at].0[7] ^= 0x80;
                    assert!(!verify_consistency(m as u64, n as u64, &old, &root, &bad));
                }
                if m > 0 && m < n {
                    // A different old tree (one leaf changed) is not a prefix.
                    let mut forked = tree[..m].to_vec();
                    forked[m - 1].0[0] ^= 1;
                    assert!(!verify_consistency(
                        m as u64,
                        n as u64,
                        &root_of(&forked),
                        &root,
                        &proof
                    ));
                }
            }
        }
    }
}
