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
                "kazakstan",
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
            38824775249937808,
            390671346402505432,
            608584196317770672,
            724700897956112080,
            819029428114659792,
            1682840062809150576,
            1727833323787402864,
            1821830685308153552,
            2545007662814052432,
            2568084000851471312,
            3352017446571488336,
            3519569668328119472,
            3878109127530598480,
            4672719017032229712,
            4687701927505346928,
            4775659182089831408,
            5254620551789789616,
            6326607525140716048,
            6463106379103478416,
            6478564452508742160,
            6675911434538044792,
            8211861990243337258,
            8237470685321668560,
            8303497432275212432,
            10667238808872696976,
            11506253494154688144,
            11672038751958076848,
            12865541058370462896,
            12876735446240946352,
            12983936990404129488,
            13642980917985107728,
            14102755423158454608,
            14347745786126513864,
            14415622417839512432,
            14552107957241505168,
            14651208120742244592,
            15043168677395972144,
            15445761560724735856,
            15803208452058772560,
            16470105704831891792,
            16649034698668071888,
            17221106141117045680,
            17226869932742729200,
            17490119772163788368,
            17511285796499471312,
            17567125103114686480,
            17582718145423860272,
            17680843234269686320,
            17814606309687855248,
            17837086075206096496,
        ];
        for _ in 0..2 {
            let f = Fingerprint::of(
                "Токаев подписал закон OPEC",
                Some(&lead),
                Some("https://x.kz/a"),
            );
            assert_eq!(f.stems, wide(want));
        }
        let f = Fingerprint::of("Алматыда өрт", Some(KK), None);
        assert_eq!(
            f.stems,
            wide(&[
                38824775249937808,
                724700897956112080,
                819029428114659792,
                1821830685308153552,
                2568084000851471312,
                3352017446571488336,
                3519569668328119480,
                5254620551789789616,
                6478564452508742160,
                6675911434538044784,
                8303497432275212432,
                11672038751958076848,
                12865541058370462896,
                12876735446240946352,
                13642980917985107728,
                13804456838909301192,
                14102755423158454608,
                15043168677395972144,
                16649034698668071888,
                17221106141117045680,
                17226869932742729200,
                17511285796499471312,
                17582718145423860272,
            ])
        );
    }

    /// The golden words were recorded as version 2 stored them (59-bit
    /// hashes); fingerprints now hold their top 32 bits
    /// (`fingerprint::narrow`), the same terms.
    fn wide(words: &[u64]) -> Vec<u64> {
        words
            .iter()
            .map(|&w| crate::rank::fingerprint::narrow(w))
            .collect()
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
