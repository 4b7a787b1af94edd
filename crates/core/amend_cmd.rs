//! `tarkka amend`: change one answer of a recorded scoresheet, with the
//! reason; the original stays in the ledger.

use crate::Outcome;
use crate::args::AmendArgs;
use crate::context::Context;
use crate::interactive::value_word;
use crate::output::print;

pub fn amend(args: &AmendArgs, context: &Context) -> anyhow::Result<Outcome> {
    let writer = context.writer()?;
    let lang = context.lang();
    let request = tarkka_app::score::Amend {
        encounter: args.encounter.clone(),
        criterion: args.criterion.clone(),
        answer: args.answer.clone(),
        reason: args.reason.clone(),
        comment: args.comment.clone(),
        sheet: args.sheet,
        auditor: args.auditor.clone(),
    };
    let amended = tarkka_app::score::amend(&writer, &request)?;
    let percent = |f: Option<tarkka_rubric::Fraction>| crate::output::percent(f, lang);
    print(&format!(
        "{} {} {}: {} → {} {}; {} {} → {} ({} {}, {} {})\n",
        lang.pick("Muutettu", "Amended"),
        args.encounter,
        args.criterion,
        amended.before.as_ref().map_or("–".to_string(), |before| value_word(before, lang)),
        value_word(&amended.after, lang),
        lang.pick(
            format!("arvioijan {} pisteytyksessä", amended.auditor),
            format!("in {}'s scoresheet", amended.auditor)
        ),
        lang.pick("kokonaispisteet", "overall"),
        percent(amended.overall_before),
        percent(amended.overall_after),
        lang.pick("merkintä", "entry"),
        amended.seq,
        lang.pick("muuttaa merkintää", "amends entry"),
        amended.amends,
    ))?;
    Ok(Outcome::Success)
}
