//! Golden terms: a fixed multilingual text and the exact terms and
//! fingerprint words it yields. Making tokenising cheaper (the word memo,
//! stopping a lead once its terms are kept) must not change one of them:
//! stored fingerprints and the grouping figures depend on it.

#[cfg(test)]
mod tests {
    use crate::rank::Fingerprint;
    use crate::rank::text::stems;

    const KK: &str = "<p><b>Алматы</b> облысының әкімдігі Қазақстандағы жаңа мектептер \
        туралы хабарлады: екі мектеп 3 наурызда ашылады, он бес аурухана салынады. \
        Тоқаев Президенті облыстарының әкімдерімен кездесті; 1,000 оқушы, 6,31 пайыз.</p>";
    const RU: &str = "Президент Токаев подписал закон о нефти и газе 5 марта в Астане. \
        Двадцать пять депутатов, двух министров и ОПЕК+ обсудили цены на нефть; \
        Правительство утвердило бюджет на 2025 год, ЁЛКА и ёж — ещё слова. Хабаровск";
    const EN: &str = "Oil prices jump as OPEC agrees to extend cuts; Tokayev met Almaty's \
        mayor on June 3, twenty five strikes, 1,000 jobs and GDP 3.5% in Kazakhstan. \
        東京タワー news &amp; the rates! Khabarovsk hassan Hassan";

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_fixed_text_in_three_languages_yields_the_same_terms() {
        assert_eq!(
            stems(KK),
            strings(&[
                "almat",
                "oblast",
                "akimdik",
                "kazahstan",
                "mektep",
                "habarl",
                "2",
                "mektep",
                "3",
                "m3",
                "ashl",
                "15",
                "auruhan",
                "saln",
                "tokaev",
                "prezident",
                "oblast",
                "akim",
                "kezdes",
                "1000",
                "okush",
                "6.31",
                "paz",
            ])
        );
        assert_eq!(
            stems(RU),
            strings(&[
                "prezident",
                "tokaev",
                "podpis",
                "zakon",
                "neft",
                "gaz",
                "5",
                "m3",
                "astan",
                "25",
                "deputat",
                "2",
                "ministr",
                "opek",
                "obsud",
                "tsen",
                "neft",
                "pravitelstv",
                "utverd",
                "budzhet",
                "2025",
                "god",
                "elk",
                "ezh",
                "slov",
                "habarov",
            ])
        );
        assert_eq!(
            stems(EN),
            strings(&[
                "oil",
                "pric",
                "ump",
                "opec",
                "agr",
                "extend",
                "cut",
                "tokaev",
                "met",
                "almat",
                "maor",
                "m6",
                "3",
                "25",
                "strik",
                "1000",
                "ob",
                "gdp",
                "3.5",
                "kazahstan",
                "タワー",
                "news",
                "rat",
                "habarov",
                "hasan",
                "hasan",
            ])
        );
        // Twice on one thread: the second pass is served by the word memo.
        assert_eq!(stems(KK), stems(KK));
    }

    #[test]
    fn a_fixed_title_and_lead_yield_the_same_fingerprint_words() {
        let lead = format!("{KK} {RU} {EN}");
        let want: &[u64] = &[
            5821456728,
            9068611216,
            10798884880,
            12204489488,
            25076270992,
            25746722832,
            27147392720,
            35122025552,
            37923569424,
            49948952272,
            52445674960,
            57788329232,
            69628939280,
            69852202064,
            71162867280,
            78299947856,
            94273798544,
            96307789968,
            96538133200,
            99478832408,
            122366279210,
            122747878480,
            123731753680,
            // The aliases of "Токаев подписал закон" (`acronyms`): markers.
            131950401858,
            147069333698,
            158954244944,
            163109959888,
            171456538064,
            173926930896,
            183722623632,
            191711501136,
            191878310544,
            193475738000,
            202273089744,
            203296257808,
            210147431824,
            213798072712,
            214809513360,
            216843306384,
            218320013904,
            224160681296,
            230159782736,
            245423699984,
            248089949776,
            256700365712,
            260623094032,
            260938492368,
            261770562832,
            262002917264,
            263465095056,
            265458320208,
            265793294800,
        ];
        for _ in 0..2 {
            let f = Fingerprint::of(
                "Токаев подписал закон OPEC",
                Some(&lead),
                Some("https://x.kz/a"),
            );
            assert_eq!(f.stems, want);
        }
        let f = Fingerprint::of("Алматыда өрт", Some(KK), None);
        assert_eq!(
            f.stems,
            [
                10798884880,
                12204489488,
                27147392720,
                35122025552,
                49948952272,
                52445674968,
                78299947856,
                96538133200,
                99478832400,
                123731753680,
                163109959888,
                173926930896,
                191711501136,
                191878310544,
                // The alias of "Алматыда өрт" (`acronyms`).
                200526177282,
                203296257808,
                205702436552,
                210147431824,
                224160681296,
                248089949776,
                256700365712,
                260938492368,
                262002917264,
            ]
        );
    }

    /// The lead keeps its first `LEAD_TERMS` distinct terms; a number
    /// word right after the last one kept still joins it ("twenty five"
    /// is 25, not 20), as when every word was read.
    #[test]
    fn the_last_lead_term_kept_is_the_same_when_a_number_word_follows_it() {
        use crate::rank::fingerprint::LEAD_TERMS;
        // Distinct terms with no doubled letters (the fold merges those).
        let words: Vec<String> = (0..LEAD_TERMS - 1)
            .map(|i| format!("k{}q{}", i / 10, i % 10))
            .collect();
        let head = words.join(" ");
        for (spelt, digits) in [
            ("twenty five more words", "25 more words"),
            ("двадцать пять слов", "25 слов"),
            ("two hundred more", "200 more"),
        ] {
            let a = Fingerprint::of("Title", Some(&format!("{head} {spelt}")), None);
            let b = Fingerprint::of("Title", Some(&format!("{head} {digits}")), None);
            assert_eq!(a, b, "{spelt}");
            assert_eq!(a.stems.len(), LEAD_TERMS + 1);
        }
    }
}
