//! English irregular forms read as their base word, before Snowball.
//!
//! Snowball removes the regular endings (`kills`, `killed`, `killing` are
//! one stem), but English also inflects a closed class of verbs by a
//! vowel change (`shot` / `shoot`, `held` / `hold`, `struck` / `strike`)
//! and a few nouns by an irregular plural (`gunmen` / `gunman`, `women`,
//! `children`). Headlines write the present and the participle of one
//! event as often as each other ("Man shot dead in Belfast" / "Belfast
//! shooting"; "Gunman kills 3" / "Gunmen kill 3"), so each form is read as
//! its base word, which Snowball then stems as it stems the regular forms.
//!
//! The list is the irregular verbs of English grammars, less the forms
//! that are as often another word in news (`left`, `saw`, `lay`, `fed`
//! (the Federal Reserve), `met` (the Met Office), `won` (a currency),
//! `bit`, `wound`, `ground`, `bound`, `lit`, `spoke`, `bore`) and the forms
//! of `be`, `have`, `do`, `say`, which are stop words. A noun's plural in
//! `-men` is its singular in `-man` (`gunmen`, `policemen`, `spokesmen`)
//! when at least three letters come before it (not `Yemen`, `omen`).

/// Irregular past and participle forms and plurals (folded) → the base
/// word, sorted by form (looked up by a binary search).
const FORMS: &[(&str, &str)] = &[
    ("arisen", "arise"),
    ("arose", "arise"),
    ("ate", "eat"),
    ("beaten", "beat"),
    ("became", "become"),
    ("began", "begin"),
    ("begun", "begin"),
    ("bitten", "bite"),
    ("blew", "blow"),
    ("blown", "blow"),
    ("bought", "buy"),
    ("broke", "break"),
    ("broken", "break"),
    ("brought", "bring"),
    ("built", "build"),
    ("burnt", "burn"),
    ("caught", "catch"),
    ("children", "child"),
    ("chose", "choose"),
    ("chosen", "choose"),
    ("dealt", "deal"),
    ("drank", "drink"),
    ("drawn", "draw"),
    ("drew", "draw"),
    ("driven", "drive"),
    ("drove", "drive"),
    ("drunk", "drink"),
    ("dug", "dig"),
    ("eaten", "eat"),
    ("fallen", "fall"),
    ("fell", "fall"),
    ("felt", "feel"),
    ("fled", "flee"),
    ("flew", "fly"),
    ("flown", "fly"),
    ("forbade", "forbid"),
    ("forbidden", "forbid"),
    ("forgave", "forgive"),
    ("forgiven", "forgive"),
    ("forgot", "forget"),
    ("forgotten", "forget"),
    ("fought", "fight"),
    ("found", "find"),
    ("froze", "freeze"),
    ("frozen", "freeze"),
    ("gave", "give"),
    ("given", "give"),
    ("grew", "grow"),
    ("grown", "grow"),
    ("heard", "hear"),
    ("held", "hold"),
    ("hid", "hide"),
    ("hidden", "hide"),
    ("hung", "hang"),
    ("kept", "keep"),
    ("knew", "know"),
    ("known", "know"),
    ("led", "lead"),
    ("lent", "lend"),
    ("lost", "lose"),
    ("meant", "mean"),
    ("misled", "mislead"),
    ("oversaw", "oversee"),
    ("overseen", "oversee"),
    ("overtaken", "overtake"),
    ("overthrew", "overthrow"),
    ("overthrown", "overthrow"),
    ("overtook", "overtake"),
    ("paid", "pay"),
    ("ran", "run"),
    ("rang", "ring"),
    ("rebuilt", "rebuild"),
    ("retaken", "retake"),
    ("retook", "retake"),
    ("ridden", "ride"),
    ("risen", "rise"),
    ("rode", "ride"),
    ("rose", "rise"),
    ("rung", "ring"),
    ("sang", "sing"),
    ("sank", "sink"),
    ("sent", "send"),
    ("shaken", "shake"),
    ("shook", "shake"),
    ("shot", "shoot"),
    ("shown", "show"),
    ("shrank", "shrink"),
    ("shrunk", "shrink"),
    ("slain", "slay"),
    ("slew", "slay"),
    ("sold", "sell"),
    ("sought", "seek"),
    ("spent", "spend"),
    ("spoken", "speak"),
    ("stole", "steal"),
    ("stolen", "steal"),
    ("stood", "stand"),
    ("stricken", "strike"),
    ("struck", "strike"),
    ("stuck", "stick"),
    ("stung", "sting"),
    ("sung", "sing"),
    ("sunk", "sink"),
    ("swam", "swim"),
    ("swept", "sweep"),
    ("swore", "swear"),
    ("sworn", "swear"),
    ("swum", "swim"),
    ("taken", "take"),
    ("taught", "teach"),
    ("thought", "think"),
    ("threw", "throw"),
    ("thrown", "throw"),
    ("told", "tell"),
    ("took", "take"),
    ("tore", "tear"),
    ("torn", "tear"),
    ("understood", "understand"),
    ("undertaken", "undertake"),
    ("undertook", "undertake"),
    ("upheld", "uphold"),
    ("wept", "weep"),
    ("withdrawn", "withdraw"),
    ("withdrew", "withdraw"),
    ("withheld", "withhold"),
    ("woke", "wake"),
    ("woken", "wake"),
    ("women", "woman"),
    ("wore", "wear"),
    ("worn", "wear"),
    ("written", "write"),
    ("wrote", "write"),
];

/// The base word of a folded English word when it is an irregular form
/// (see the module docs), written to `out`; false (and `out` untouched)
/// otherwise.
pub fn english_base(word: &str, out: &mut String) -> bool {
    if let Ok(at) = FORMS.binary_search_by_key(&word, |&(form, _)| form) {
        out.push_str(FORMS[at].1);
        return true;
    }
    // "gunmen" → "gunman"; not "Yemen", "omen".
    if let Some(head) = word.strip_suffix("men")
        && head.len() >= 3
        && head.is_ascii()
    {
        out.push_str(head);
        out.push_str("man");
        return true;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::super::text::stem_set;
    use super::*;

    fn base(word: &str) -> Option<String> {
        let mut out = String::new();
        english_base(word, &mut out).then_some(out)
    }

    #[test]
    fn the_forms_are_sorted_for_the_binary_search() {
        assert!(FORMS.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn irregular_forms_give_their_base_word() {
        assert_eq!(base("shot").as_deref(), Some("shoot"));
        assert_eq!(base("held").as_deref(), Some("hold"));
        assert_eq!(base("gunmen").as_deref(), Some("gunman"));
        assert_eq!(base("policemen").as_deref(), Some("policeman"));
        assert_eq!(base("women").as_deref(), Some("woman"));
        // Regular forms are Snowball's; Yemen is no plural.
        assert_eq!(base("killed"), None);
        assert_eq!(base("yemen"), None);
        assert_eq!(base("omen"), None);
        assert_eq!(base("left"), None);
    }

    #[test]
    fn a_headline_in_the_participle_meets_one_in_the_present() {
        assert_eq!(
            stem_set("Man held after shot in Belfast"),
            stem_set("Belfast shooting: police hold man")
                .into_iter()
                .filter(|t| t != "polic")
                .collect::<Vec<_>>()
        );
        let gunmen = stem_set("Gunmen kill nine tourists in Pakistan");
        let gunman = stem_set("Gunman kills nine tourists in Pakistan");
        assert_eq!(gunmen, gunman);
        let struck = stem_set("Quake struck Pakistan");
        let strikes = stem_set("Quake strikes Pakistan");
        assert_eq!(struck, strikes);
        // Yemen and the Yemenis stay one place.
        assert_eq!(stem_set("Yemen"), stem_set("Yemeni"));
        assert_eq!(stem_set("Yemen"), stem_set("Yemenis"));
    }
}
