//! Names of countries, peoples and cities that Kazakh and Russian spell
//! differently, not by transliteration: Russian keeps its own older names
//! (`Қазақстан` / `Казахстан`, `Ресей` / `Россия`, `Мәскеу` / `Москва`),
//! which the transliteration fold cannot bring together. A Kazakh word
//! whose stem is one of these is read as the Russian name, so a Kazakh and
//! a Russian report of one event share the place. Only names whose two
//! forms differ beyond the fold; the rest already meet (`Алматы`,
//! `Астана`, `Германия`, `Қырғызстан` / `Кыргызстан`).

/// Kazakh stem (case-folded, as `kazakh::stem_with` leaves it) → the
/// Russian name in the nominative.
const KK_RU: &[(&str, &str)] = &[
    ("қазақстан", "казахстан"),
    ("қазақ", "казах"),
    ("ресей", "россия"),
    ("мәскеу", "москва"),
    ("қытай", "китай"),
    ("өзбекстан", "узбекистан"),
    ("тәжікстан", "таджикистан"),
    ("түрікменстан", "туркменистан"),
    ("әзірбайжан", "азербайджан"),
    ("ауғанстан", "афганистан"),
    ("үндістан", "индия"),
    ("жапония", "япония"),
    ("түркия", "турция"),
    ("ұлыбритания", "великобритания"),
    ("мысыр", "египет"),
    ("еуропа", "европа"),
    ("еуразия", "евразия"),
    ("петропавл", "петропавловск"),
    ("орал", "уральск"),
    // The directions, as names of regions say them ("Шығыс Қазақстан" /
    // "Восточно-Казахстанская", `places`), and the units of Kazakhstan's
    // administrative map that every report of a place names ("Алматы
    // облысы" / "Алматинская область", "Қарасай ауданы" / "Карасайский
    // район", "Астана қаласы" / "город Астана"): words that translate,
    // not names, but each has one translation in both languages' news.
    ("шығыс", "восток"),
    ("батыс", "запад"),
    ("солтүстік", "север"),
    ("оңтүстік", "юг"),
    ("облыс", "область"),
    // The stemmer reads "облысы" as "облы" + the possessive "-сы".
    ("облы", "область"),
    ("аудан", "район"),
    ("қала", "город"),
];

/// The Russian name of a Kazakh stem, if it has one of its own. A people
/// whose land is named with -стан ("land of") is read as its land, as in
/// the other two scripts (`demonyms`): `ауған` as `Ауғанстан`, `Афганистан`.
pub fn russian(kazakh_stem: &str) -> Option<&'static str> {
    let find = |stem: &str| KK_RU.iter().find(|(kk, _)| *kk == stem).map(|(_, ru)| *ru);
    find(kazakh_stem).or_else(|| {
        let land = format!("{kazakh_stem}стан");
        find(&land)
    })
}

#[cfg(test)]
mod tests {
    use super::super::text::stem_set;

    #[test]
    fn kazakh_names_meet_their_russian_names() {
        for (kk, ru) in [
            ("Қазақстанның президенті", "президент Казахстана"),
            ("Ресейде өтті", "прошел в России"),
            ("Мәскеуде кездесті", "встретились в Москве"),
            ("Түркияның премьер-министрі", "премьер-министр Турции"),
            ("Өзбекстанға барды", "поехал в Узбекистан"),
            ("Еуропаға ықпал", "влияние на Европу"),
        ] {
            let (a, b) = (stem_set(kk), stem_set(ru));
            assert!(a.iter().any(|t| b.contains(t)), "{kk} / {ru}: {a:?} {b:?}");
        }
        // A Russian text is left as it is.
        assert_ne!(stem_set("Ресей"), stem_set("Россия"));
    }
}
