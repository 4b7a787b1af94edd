//! Builds a workspace with a synthetic ledger of realistic encounter
//! entries, for the ledger benchmarks in BENCHMARKS.md.
//!
//! ```text
//! cargo run --release -p tarkka-ledger --example synth_ledger -- DIR ENTRIES [BATCH] [signed]
//! ```
//!
//! Appends ENTRIES encounter-logged entries in calls of BATCH entries
//! (default: all in one call, as one command importing them would) and
//! prints how long the appends took. With `signed`, every entry is signed
//! by one auditor's key (`auditor-0`, whose public key goes to `keys/`).

use std::time::Instant;

use tarkka_ledger::payload::EncounterLogged;
use tarkka_ledger::{NewEntry, Workspace};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, dir, entries, rest @ ..] = args.as_slice() else {
        eprintln!("usage: synth_ledger DIR ENTRIES [BATCH]");
        std::process::exit(2);
    };
    let entries: u64 = entries.parse().expect("ENTRIES is a number");
    let batch: u64 = rest.first().map_or(entries, |b| b.parse().expect("BATCH is a number"));
    let signer = (rest.get(1).map(String::as_str) == Some("signed"))
        .then(|| tarkka_ledger::Signer::from_secret([7; 32]));
    let workspace = Workspace::create(dir).expect("a new workspace");
    if let Some(signer) = &signer {
        std::fs::create_dir_all(workspace.keys_dir()).unwrap();
        std::fs::write(workspace.keys_dir().join("auditor-0.pub"), signer.public_hex() + "\n")
            .unwrap();
        let time: jiff::Timestamp = "2026-05-14T15:00:00Z".parse().unwrap();
        let added = tarkka_ledger::payload::KeyAdded {
            actor: "auditor-0".into(),
            key: signer.public_hex(),
        };
        workspace
            .ledger()
            .append(&[NewEntry::new(time, "auditor-0", &added)], Some(signer))
            .expect("append");
    }
    let time: jiff::Timestamp = "2026-05-14T15:00:00Z".parse().unwrap();
    let locations =
        ["kamppi", "tampere-koskikeskus", "oulu-valkea", "turku-hansa", "contact-centre"];
    let started = Instant::now();
    let mut made = 0u64;
    while made < entries {
        let count = batch.min(entries - made);
        let chunk: Vec<NewEntry> = (made..made + count)
            .map(|i| {
                let mut profile = std::collections::BTreeMap::new();
                profile.insert(
                    "segment".to_string(),
                    serde_json::json!(if i % 3 == 0 { "business" } else { "consumer" }),
                );
                profile.insert("returning".to_string(), serde_json::json!(i % 2 == 0));
                NewEntry::new(
                    time,
                    &if signer.is_some() {
                        "auditor-0".to_string()
                    } else {
                        format!("auditor-{}", i % 3)
                    },
                    &EncounterLogged {
                        encounter: format!("E-{i:07}"),
                        channel: "call".into(),
                        time: format!(
                            "2026-{:02}-{:02}T{:02}:{:02}+03:00",
                            1 + i % 6,
                            1 + i % 28,
                            8 + i % 9,
                            i % 60
                        ),
                        location: locations[(i % 5) as usize].into(),
                        agent: format!("agent-{}", i % 8),
                        auditor: format!("auditor-{}", i % 3),
                        case: Some(format!("CASE-{}", i / 2)),
                        profile,
                        scenario: None,
                        rubric: "service-call".into(),
                        fingerprint:
                            "880c2ada84f5cafe2d0ef5e5b0c1c48df56239cd716d8af19ae3bd3189dbb4d3"
                                .into(),
                    },
                )
            })
            .collect();
        workspace.ledger().append(&chunk, signer.as_ref()).expect("append");
        made += count;
    }
    let elapsed = started.elapsed();
    let size = std::fs::metadata(workspace.ledger_file().path()).unwrap().len();
    println!(
        "appended {entries} entries in {} call(s) in {:.3} s ({:.0} entries/s); ledger {:.1} MB",
        entries.div_ceil(batch),
        elapsed.as_secs_f64(),
        entries as f64 / elapsed.as_secs_f64(),
        size as f64 / 1e6
    );
}
