//! Countries, their capitals and a few of their largest cities, in English,
//! Russian and (where neither the transliteration fold nor `exonyms`
//! brings it to the Russian name) Kazakh: which terms are places, and
//! which land each is in.
//!
//! Why: the names check (`similar::Window::contradict`) parts two titles
//! when each names someone the other lacks, and a name is a capitalised
//! word after the first (`text::Token::entity`), since every title's first
//! word is capitalised. So "Tokyo stocks open lower" / "China stocks open
//! lower" named nobody, and met. Marking every first word the window
//! writes as a name elsewhere parted them, but cost Russian recall: a
//! Russian headline begins with its actor, and reports of one event name
//! it by person, office or institution alike ("Президент РФ / Путин",
//! "Власти / Минфин", "Центробанк / ЦБ"; docs/ranking.md, stop 32). A
//! place is different: it is a name wherever it stands and however it is
//! written (first, in a Title Case headline, as a lowercase Russian
//! adjective: `российский` is `Россия`, as `Russian` is in English), and
//! two places are two places. Which words are places is a fact of the
//! map, not of the words, so it is a closed list, as the lands of
//! `demonyms` are.
//!
//! A capital stands for its country's government in headlines (metonymy:
//! "Moscow / Россия потребовала", "Washington / US warns", "Пекин / Китай
//! заявил"), so a capital and its land are one place for the check. Other
//! cities are places of their own: "Tokyo" and "Osaka" differ, and so do
//! "в Москве" and "в Петербурге". A city read as its land too ("Tokyo
//! stocks" / "Japan stocks" for any city) was measured and moved nothing
//! (docs/ranking.md, stop 33); and a city's news is not its country's
//! ("цены выросли в Петербурге" / "… в России").
//!
//! The forms go through the titles' own stemming (`text::stem_set`, to
//! the term ids `Fingerprint::of` stores, as `days` and `opposites` match
//! theirs), as a capitalised word after the first (the first word is
//! stemmed the same way) in an English or Russian text, and the Kazakh
//! forms in a Kazakh one; so no fingerprint changes. Left out: names that
//! are also common words or first names (`Togo` / `того`, `Chad`, `Sofia`
//! / `София`, `Lima`, `Santiago`, `Wellington`), short names whose term
//! is a common word's (`is_short`; `Дания` folds to `дан`, "given";
//! `Sanaa` to `сан`), `England` / `Англия` (as often the language,
//! `английский`, as in `demonyms`), names of more than one word whose
//! words name other things (`New York`, `Hong Kong`, `South Africa`,
//! `Buenos Aires`), and `Brussels` and `Geneva`, which stand for the
//! European Union and the talks held there more than for Belgium and
//! Switzerland. The transliteration fold leaves some names a short term
//! that a rare common word shares (`Tokyo` / `ток`, `Китай` / `кит`):
//! such a word is then a place for the check, as it already was one term
//! with the place for the cosine.

use std::sync::LazyLock;

use super::FastMap;
use super::fingerprint::term_hash;

/// Each land: its names, then after each `;` one city, capital first (an
/// empty capital when no one-word name of it is listed; a land of two
/// states, Korea, marks its second capital with `*`), each as its
/// spellings in English and Russian, then after `|` in Kazakh where
/// Kazakh writes it otherwise, space-separated.
const LANDS: &[&str] = &[
    // The former Soviet Union.
    "Russia Россия | Ресей; Moscow Москва | Мәскеу; Petersburg Петербург; Novosibirsk Новосибирск; Yekaterinburg Екатеринбург; Kazan Казань; Sochi Сочи",
    "Ukraine Украина; Kiev Kyiv Киев Київ; Kharkiv Kharkov Харьков; Odessa Одесса; Donetsk Донецк",
    "Belarus Беларусь Белоруссия; Minsk Минск",
    "Kazakhstan Казахстан | Қазақстан; Astana Астана; Almaty Алматы; Shymkent Шымкент; Karaganda Караганда | Қарағанды",
    "Uzbekistan Узбекистан | Өзбекстан; Tashkent Ташкент",
    "Kyrgyzstan Kirgizia Кыргызстан Киргизия | Қырғызстан; Bishkek Бишкек",
    "Tajikistan Таджикистан | Тәжікстан; Dushanbe Душанбе",
    "Turkmenistan Туркменистан Туркмения | Түрікменстан; Ashgabat Ashkhabad Ашхабад",
    "Azerbaijan Азербайджан | Әзірбайжан; Baku Баку",
    "Armenia Армения; Yerevan Ереван",
    "Georgia Грузия; Tbilisi Тбилиси",
    "Moldova Молдавия Молдова; Chisinau Кишинев",
    "Lithuania Литва; Vilnius Вильнюс",
    "Latvia Латвия; Riga Рига",
    "Estonia Эстония; Tallinn Таллин",
    // Asia.
    "China Китай | Қытай; Beijing Peking Пекин | Бейжің; Shanghai Шанхай",
    "Japan Япония | Жапония; Tokyo Токио; Osaka Осака",
    "Korea Корея КНДР DPRK; Seoul Сеул; *Pyongyang Пхеньян",
    "Taiwan Тайвань; Taipei Тайбэй",
    "Mongolia Монголия",
    "India Индия | Үндістан; Delhi Дели; Mumbai Bombay Мумбаи",
    "Pakistan Пакистан; Islamabad Исламабад; Karachi Карачи",
    "Afghanistan Афганистан | Ауғанстан; Kabul Кабул",
    "Bangladesh Бангладеш; Dhaka Дакка",
    "Nepal Непал; Kathmandu Катманду",
    "Myanmar Burma Мьянма Бирма",
    "Thailand Таиланд; Bangkok Бангкок",
    "Vietnam Вьетнам; Hanoi Ханой",
    "Philippines Филиппины; Manila Манила",
    "Indonesia Индонезия; Jakarta Джакарта",
    "Malaysia Малайзия",
    "Singapore Сингапур",
    "Australia Австралия; Canberra Канберра; Sydney Сидней; Melbourne Мельбурн",
    // The Middle East and North Africa.
    "Iran Иран; Tehran Тегеран",
    "Iraq Ирак; Baghdad Багдад",
    "Syria Сирия; Damascus Дамаск; Aleppo Алеппо",
    "Israel Израиль; Jerusalem Иерусалим",
    "Palestine Палестина; ; Gaza",
    "Lebanon Ливан; Beirut Бейрут",
    "Jordan Иордания; Amman Амман",
    "Turkey Турция | Түркия; Ankara Анкара; Istanbul Стамбул",
    "Saudi Аравия; Riyadh Рияд",
    "Yemen Йемен",
    "Qatar Катар; Doha Доха",
    "Kuwait Кувейт",
    "Bahrain Бахрейн",
    "Oman Оман",
    "Egypt Египет Египта | Мысыр; Cairo Каир",
    "Libya Ливия; Tripoli Триполи",
    "Tunisia Тунис",
    "Algeria Алжир",
    "Morocco Марокко; Rabat Рабат",
    // Africa.
    "Sudan Судан; Khartoum Хартум",
    "Ethiopia Эфиопия",
    "Somalia Сомали; Mogadishu Могадишо",
    "Kenya Кения; Nairobi Найроби",
    "Uganda Уганда; Kampala Кампала",
    "Nigeria Нигерия; Abuja Абуджа; Lagos Лагос",
    "Ghana Гана; Accra Аккра",
    "Mali Мали; Bamako Бамако",
    "Congo Конго; Kinshasa Киншаса",
    "Zimbabwe Зимбабве; Harare Хараре",
    // Europe.
    "Britain Британия Великобритания | Ұлыбритания; London Лондон",
    "Ireland Ирландия; Dublin Дублин",
    "France Франция; Paris Париж",
    "Germany Германия; Berlin Берлин; Munich Мюнхен; Frankfurt Франкфурт",
    "Italy Италия; Rome Рим; Milan Милан",
    "Spain Испания; Madrid Мадрид; Barcelona Барселона",
    "Portugal Португалия; Lisbon Лиссабон",
    "Netherlands Holland Нидерланды Голландия; Amsterdam Амстердам",
    "Belgium Бельгия",
    "Switzerland Швейцария; Bern Берн",
    "Austria Австрия; Vienna Вена",
    "Poland Польша; Warsaw Варшава",
    "Czech Чехия; Prague Прага",
    "Hungary Венгрия; Budapest Будапешт",
    "Romania Румыния; Bucharest Бухарест",
    "Bulgaria Болгария",
    "Serbia Сербия; Belgrade Белград",
    "Croatia Хорватия; Zagreb Загреб",
    "Bosnia Босния; Sarajevo Сараево",
    "Greece Греция; Athens Афины",
    "Cyprus Кипр; Nicosia Никосия",
    "Finland Финляндия; Helsinki Хельсинки",
    "Sweden Швеция; Stockholm Стокгольм",
    "Norway Норвегия; Oslo Осло",
    "Denmark; Copenhagen Копенгаген",
    "Iceland Исландия",
    // The Americas.
    "US USA США | АҚШ; Washington Вашингтон; Chicago Чикаго",
    "Canada Канада; Ottawa Оттава; Toronto Торонто",
    "Mexico Мексика",
    "Cuba Куба; Havana Гавана",
    "Venezuela Венесуэла; Caracas Каракас",
    "Colombia Колумбия; Bogota Богота",
    "Brazil Бразилия",
    "Argentina Аргентина",
    "Chile Чили",
];

/// A place of the list: its land (index into `LANDS`) and which of the
/// land's places it is (0 the land, 1 its capital, then other cities).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    land: u16,
    city: u16,
    capital: bool,
}

impl Place {
    /// Whether a title that names `self` and one that names `other` name
    /// one place: the same place, or a land and its capital (which stands
    /// for its government).
    pub fn same(self, other: Place) -> bool {
        let land_and_capital = |a: Place, b: Place| a.city == 0 && b.capital;
        self.land == other.land
            && (self.city == other.city
                || land_and_capital(self, other)
                || land_and_capital(other, self))
    }
}

/// Term id → its place. A term two places share (none in the list:
/// `tests::no_term_is_two_places`) keeps the first.
static PLACES: LazyLock<FastMap<u64, Place>> = LazyLock::new(|| {
    let mut out: FastMap<u64, Place> = FastMap::default();
    for (land, row) in LANDS.iter().enumerate() {
        for (city, names) in row.split(';').enumerate() {
            let names = names.trim();
            let second = names.strip_prefix('*');
            let place = Place {
                land: land as u16,
                city: city as u16,
                capital: city == 1 || second.is_some(),
            };
            let names = second.unwrap_or(names);
            let (others, kazakh) = names.split_once('|').unwrap_or((names, ""));
            let ids = (others.split_whitespace().flat_map(|n| term_ids(n, false)))
                .chain(kazakh.split_whitespace().flat_map(|n| term_ids(n, true)));
            for id in ids {
                out.entry(id).or_insert(place);
            }
        }
    }
    out
});

/// The term ids a name has in titles: as a capitalised word after the
/// first (the first word is stemmed the same way) of an English or
/// Russian text, or of a Kazakh one ("және" is a Kazakh stop word that
/// makes the text Kazakh, as in `days`). None for a short name
/// (`is_short`).
fn term_ids(name: &str, kazakh: bool) -> Vec<u64> {
    if is_short(name) {
        return Vec::new();
    }
    let text = if kazakh {
        format!("және {name}")
    } else {
        format!("and {name}")
    };
    super::text::stem_set(&text)
        .iter()
        .map(|key| u64::from(term_hash(key.as_bytes())))
        .collect()
}

/// A name of at most four letters ending in a vowel, not an acronym: its
/// case ending off, three letters remain, which after the transliteration
/// fold are the stem of common words too (`Дели` / `дела`, `Баку` / `бак`,
/// `Куба` / `куб`, `Вена` / `вены`, `Мали` / `мало`, `Peru` / `перу`), so
/// its term is no sign of the place.
fn is_short(name: &str) -> bool {
    let last = name.chars().next_back();
    !name.chars().all(char::is_uppercase)
        && name.chars().count() <= 4
        && last.is_some_and(|c| "aeiouyаеёиоуыэюяіәөұү".contains(c))
}

/// The place a term (`Fingerprint::stem_id`) names, if it is one of the
/// list.
pub fn place(stem_id: u64) -> Option<Place> {
    PLACES.get(&stem_id).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(word: &str) -> Option<Place> {
        let kazakh = word.chars().any(|c| "әғқңөұүһі".contains(c));
        let ids = term_ids(word, kazakh);
        assert!(!ids.is_empty(), "{word} has no term");
        ids.iter().find_map(|&id| place(id))
    }

    #[test]
    fn spellings_and_cases_of_a_place_are_that_place() {
        for (a, b) in [
            ("Tokyo", "Токио"),
            ("Moscow", "Москвы"),
            ("Москве", "Мәскеуде"),
            ("Пекин", "Бейжіңде"),
            ("Russia's", "России"),
            ("Ресейдің", "Россией"),
            ("Kiev", "Kyiv"),
            ("США", "АҚШ"),
        ] {
            let (pa, pb) = (of(a), of(b));
            assert!(pa.is_some() && pa == pb, "{a} {pa:?} / {b} {pb:?}");
        }
    }

    #[test]
    fn a_capital_is_its_land_and_other_cities_are_places_of_their_own() {
        let p = |w: &str| of(w).unwrap_or_else(|| panic!("{w} is no place"));
        assert!(p("Moscow").same(p("Russia")));
        assert!(p("Россия").same(p("Москва")));
        assert!(p("Washington").same(p("US")));
        assert!(p("Tokyo").same(p("Japan")));
        assert!(!p("Tokyo").same(p("China")));
        assert!(!p("Osaka").same(p("Tokyo")));
        assert!(!p("Петербург").same(p("Москва")));
        assert!(!p("Osaka").same(p("Japan")));
        assert!(p("Пхеньян").same(p("КНДР")));
        assert!(!p("Пхеньян").same(p("Сеул")));
        // People and offices are not places.
        for w in ["Putin", "Путин", "Президент", "Минфин", "Obama", "Власти"]
        {
            assert_eq!(of(w), None, "{w}");
        }
    }

    #[test]
    fn no_term_is_two_places() {
        let mut seen: FastMap<u64, (u16, &str)> = FastMap::default();
        for (land, row) in LANDS.iter().enumerate() {
            for section in row.split(';') {
                let (others, kazakh) = section.split_once('|').unwrap_or((section, ""));
                let names = (others.split([' ', '*']).map(|n| (n, false)))
                    .chain(kazakh.split(' ').map(|n| (n, true)));
                for (name, id) in names
                    .filter(|(n, _)| !n.is_empty())
                    .flat_map(|(n, kk)| term_ids(n, kk).into_iter().map(move |id| (n, id)))
                {
                    if let Some(&(other, was)) = seen.get(&id) {
                        assert_eq!(other, land as u16, "{name} / {was}");
                    }
                    seen.insert(id, (land as u16, name));
                }
            }
        }
    }
}
