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
                "obl",
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
                "obls",
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
                "habarovsk",
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
                "habarovsk",
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
            77649550499875600,
            781342692805010840,
            1217168392635541328,
            1449401795912224144,
            1638058856229319568,
            2887733544035842320,
            3365680125618301136,
            3455666647574805712,
            3643661370616307088,
            4565762914599824656,
            4713998470569676112,
            4897333430206602064,
            5090015325628104848,
            5136168001702942608,
            6704034893142976656,
            7039139336656238928,
            7284338043031374160,
            7306726818772341072,
            7521129907098707344,
            7756218255061196944,
            8839217762260663824,
            9345438034064459408,
            9375403855010693840,
            9551318364179662800,
            9758766772607357584,
            10248747498543476104,
            10384500761969473232,
            10509241103579579216,
            10657471840773458704,
            10855672167774937552,
            11639593281082392656,
            12444779047739920080,
            12653215050281432080,
            12926212758206956816,
            12957128905017484304,
            13159672830407993488,
            13351822869076089560,
            14493467335954231952,
            14851325323626592144,
            16006995791775906768,
            16423723980486674538,
            16474941370643337104,
            16533495470618025104,
            16575827519289390992,
            16606994864550424848,
            16687506132519821328,
            16718692217138168912,
            16914942394829821008,
            17182468545666158864,
            17227428076702641360,
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
                77649550499875600,
                1449401795912224144,
                1638058856229319568,
                3643661370616307088,
                4713998470569676112,
                4897333430206602064,
                5136168001702942608,
                6704034893142976656,
                7039139336656238936,
                7284338043031374160,
                7306726818772341072,
                8839217762260663824,
                9162169604109050760,
                9758766772607357584,
                10509241103579579216,
                11639593281082392656,
                12957128905017484304,
                13351822869076089552,
                14851325323626592144,
                16006995791775906768,
                16575827519289390992,
                16606994864550424848,
                16718692217138168912,
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
