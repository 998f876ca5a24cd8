//! Event words with an opposite: a news title says which way an event went
//! ("начался" / "завершился", "rises" / "falls", "назначил" / "уволил"),
//! and two titles about one subject that say opposite ways report two
//! events, however many other words they share ("В Москве начался / завершился
//! «Марш против подлецов»", "Рада провалила / одобрила назначение").
//!
//! A denial ("опроверг", "denies") is one-sided: a title that denies
//! and one that does not report two events (the denial and what it
//! denies).
//!
//! Each axis lists surface forms of both poles in Russian and English,
//! then after `|` in Kazakh. The forms go through the same stemming and transliteration as
//! titles (`Fingerprint::of`), so the lookup is by the stored term id and no
//! fingerprint changes. Only verbs (and the two nouns naming an appointment
//! and a resignation) whose senses are not otherwise common in headlines
//! are listed, and English "opens"/"closes" (whose stems are the
//! adjectives "open"/"close" too: see the axis); "win"/"lose" swap with
//! the subject ("A beat B" = "B lost to A"), so they are left out.

use std::sync::LazyLock;

use super::FastMap;
use super::fingerprint::Fingerprint;

/// (positive pole, negative pole) per axis.
const AXES: &[(&str, &str)] = &[
    // Start / end of an event.
    (
        "начался началась началось начались начнется начнутся стартовал стартовала \
         стартовали begin begins began start starts started | басталды басталады",
        "завершился завершилась завершилось завершились завершится завершатся \
         закончился закончилась закончилось закончились закончится закончатся \
         ended ends finished concluded | аяқталды аяқталады",
    ),
    // A value goes up / down, or ends above / below where it was (the
    // comparatives and the verbs of strength of markets and currencies:
    // "close higher", "yuan weakens"; Russian "укрепился" / "ослаб").
    (
        "вырос выросла выросло выросли вырастет вырастут повысил повысила повысили \
         повысился повысилась повысились подорожал подорожала подорожали укрепился \
         укрепилась увеличил увеличила увеличили увеличился увеличилась rises rose \
         climbs climbed jumps jumped soars soared surges surged higher strengthens \
         strengthened | өсті өседі көтерілді \
         нығайды қымбаттады",
        "снизил снизила снизили снизился снизилась снизились упал упала упало упали \
         подешевел подешевела подешевели ослаб ослабла ослабел сократил сократила \
         сократили сократился сократилась уменьшил уменьшила уменьшился уменьшилась \
         falls fell drops dropped slips slipped declines declined plunges plunged \
         slides slid lower weakens weakened | төмендеді төмендейді азайды арзандады әлсіреді",
    ),
    // Appointed / dismissed.
    (
        "назначил назначила назначили назначен назначена назначение назначения \
         appoints appointed | тағайындады тағайындалды",
        "уволил уволила уволили уволен уволена отставка отставку отставки отставке \
         fires fired sacks sacked dismisses dismissed ousts ousted resigns resigned \
         | босатты босатылды",
    ),
    // A proposal approved / rejected.
    (
        "одобрил одобрила одобрили одобрен одобрена утвердил утвердила утвердили \
         утвержден утверждена approves approved | мақұлдады бекітті",
        "отклонил отклонила отклонили отклонен отклонена отверг отвергла отвергли \
         провалил провалила провалили rejects rejected vetoes vetoed | қабылдамады",
    ),
    // Opened / closed. English "open" and "close" are adjectives too
    // ("open letter", "close to a deal"), and the forms below share their
    // stems, so the adjectives count as poles; on the dev pairs that
    // parted one false merge ("Indian stocks open / close lower") and no
    // true one (docs/ranking.md).
    (
        "открыл открыла открыли открылся открылась открылось открылись откроет откроют \
         откроется откроются opens opened | ашылды ашылады ашты",
        "закрыл закрыла закрыли закрылся закрылась закрылось закрылись закроет закроют \
         закроется закроются closes closed | жабылды жабылады жапты",
    ),
    // Held / let go.
    (
        "задержан задержана задержаны задержали арестован арестована арестованы \
         арестовали arrested detained | ұсталды",
        "отпустили отпущен отпущена отпущены освобожден освобождена освобождены \
         освободили released freed",
    ),
];

/// Words of a denial. A denial is an event of its own, not the one it
/// denies ("ИД «Красная звезда» опроверг информацию об обыске" is not "в ИД
/// «Красная звезда» начались обыски"), so a title denying and one that
/// does not report two events; two denials can be one. Russian and
/// English: the Kazakh "жоққа / теріске шығарды" is two words whose first
/// also means "absent" / "wrong".
const DENIAL: &str = "опроверг опровергла опровергло опровергли опровергает опровергают \
    опровергнул опровергнула опровергнули опровержение опровержения отрицает отрицают \
    отрицал отрицала отрицали denies denied deny";

/// The pole bit of a denial (after the axes' bits): one-sided, it has no
/// opposite.
const DENIAL_BIT: u16 = 1 << (2 * AXES.len());
const _: () = assert!(2 * AXES.len() < 16, "the poles fit in a u16");

/// Term id → bits of its pole, for a word written in Cyrillic (`[0]`)
/// and in Latin letters (`[1]`): axis k's positive pole is bit 2k, its
/// negative pole bit 2k + 1; a denial is `DENIAL_BIT`. A form counts
/// only for a word of its own script: the transliteration fold keys
/// words of two languages alike by chance (English `denies` and Russian
/// `день` are both `den`, `freed` and `Фредди` `fred`), and a day or a
/// name is no event.
static POLES: LazyLock<FastMap<u64, [u16; 2]>> = LazyLock::new(|| {
    let mut out: FastMap<u64, [u16; 2]> = FastMap::default();
    let add = |out: &mut FastMap<u64, [u16; 2]>, form: &str, bit: u16| {
        let f = Fingerprint::of(form, None, None);
        // The form's term: a marker (`Fingerprint::is_marker`) may sort
        // before it, and is no event word.
        if let Some(&word) = f.stems.iter().find(|&&w| !Fingerprint::is_marker(w)) {
            let script = usize::from(super::script::is_latin(form));
            out.entry(Fingerprint::stem_id(word)).or_default()[script] |= bit;
        }
    };
    for (k, (plus, minus)) in AXES.iter().enumerate() {
        for (side, forms) in [plus, minus].into_iter().enumerate() {
            let (others, kazakh) = forms.split_once('|').unwrap_or((forms, ""));
            // A Kazakh form without a letter only Kazakh uses (ашылды) is
            // stemmed as Kazakh in a title that has one and as Russian in
            // one that has none ("Алматыда форум басталды"): both stems
            // are listed ("және" is a stop word, so it adds no term).
            // A title's first word is stemmed as a name (Russian names
            // lose only their case ending), and Russian titles often
            // begin with the event ("Завершилось голосование", "Назначен
            // новый директор"), so the capitalised form is listed too, as
            // in `days`.
            let words = others
                .split_whitespace()
                .flat_map(|w| [w.to_string(), super::days::capitalised(w)])
                .chain(kazakh.split_whitespace().map(str::to_string))
                .chain(kazakh.split_whitespace().map(|w| format!("және {w}")));
            for form in words {
                add(&mut out, &form, 1 << (2 * k + side));
            }
        }
    }
    // A stem on both poles of an axis says nothing.
    for bits in out.values_mut().flat_map(|b| b.iter_mut()) {
        let both = *bits & (*bits >> 1) & 0x5555;
        *bits &= !(both | both << 1);
    }
    for form in DENIAL
        .split_whitespace()
        .flat_map(|w| [w.to_string(), super::days::capitalised(w)])
    {
        add(&mut out, &form, DENIAL_BIT);
    }
    out
});

/// The pole bits of a term (see `POLES`) written in Latin letters or
/// not; 0 for most terms.
pub fn pole(stem_id: u64, latin: bool) -> u16 {
    POLES
        .get(&stem_id)
        .map_or(0, |bits| bits[usize::from(latin)])
}

/// Whether two titles' pole bits say opposite ways on one axis: one has
/// only the positive pole, the other only the negative one ("начался" and
/// "завершился"). A title naming both poles ("задержанных отпустили") is
/// neutral on that axis. And whether one title denies and the other does
/// not (`DENIAL`).
pub fn opposed(a: u16, b: u16) -> bool {
    // A denial in one title only: the denial and what it denies.
    if (a ^ b) & DENIAL_BIT != 0 {
        return true;
    }
    let axes = (1u16 << (2 * AXES.len())) - 1;
    let (a, b) = (a & axes, b & axes);
    let plus = |x: u16| x & 0x5555;
    let minus = |x: u16| (x >> 1) & 0x5555;
    let only_plus = |x: u16| plus(x) & !minus(x);
    let only_minus = |x: u16| minus(x) & !plus(x);
    (only_plus(a) & only_minus(b)) | (only_minus(a) & only_plus(b)) != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bits(title: &str) -> u16 {
        Fingerprint::of(title, None, None)
            .stems
            .iter()
            .map(|&w| pole(Fingerprint::stem_id(w), Fingerprint::is_latin(w)))
            .fold(0, |a, b| a | b)
    }

    #[test]
    fn opposite_events_are_opposed_in_each_language() {
        assert!(opposed(
            bits("В Москве начался марш"),
            bits("В Москве завершился марш")
        ));
        assert!(opposed(
            bits("Oil prices rose sharply"),
            bits("Oil prices fell sharply")
        ));
        assert!(opposed(
            bits("Алматыда форум басталды"),
            bits("Алматыда форум аяқталды")
        ));
        assert!(opposed(
            bits("Рада одобрила назначение главы Нацбанка"),
            bits("Рада провалила назначение главы Нацбанка")
        ));
    }

    #[test]
    fn a_title_that_begins_with_the_event_says_its_way() {
        // The first word is stemmed as a name: its pole must still count.
        assert!(opposed(
            bits("Голосование на выборах началось в Казахстане"),
            bits("Завершилось голосование на выборах в Казахстане")
        ));
        assert!(opposed(
            bits("Назначен новый глава Нацбанка"),
            bits("Глава Нацбанка уволен")
        ));
        assert!(opposed(
            bits("Опроверг информацию об обыске ИД «Красная звезда»"),
            bits("В ИД «Красная звезда» прошли обыски")
        ));
    }

    #[test]
    fn a_market_that_ends_higher_is_not_one_that_ends_lower() {
        assert!(opposed(
            bits("Singapore shares open 0.28% lower on Thursday"),
            bits("Singapore shares open 0.19% higher on Thursday")
        ));
        assert!(opposed(
            bits("China yuan weakens to 6.1059 against USD"),
            bits("China yuan strengthens against USD")
        ));
        // The same way in other words: one story.
        assert!(!opposed(
            bits("Tokyo stocks close higher"),
            bits("Tokyo stocks rise at close")
        ));
        assert!(!opposed(
            bits("Рубль укрепился к доллару"),
            bits("Курс рубля вырос")
        ));
    }

    #[test]
    fn a_market_or_a_place_that_opens_is_not_one_that_closes() {
        assert!(opposed(
            bits("Indian stocks open lower"),
            bits("Indian stocks close lower")
        ));
        assert!(opposed(
            bits("Polls opened in Kenya"),
            bits("Polls closed in Kenya")
        ));
    }

    #[test]
    fn a_denial_is_not_the_event_it_denies() {
        assert!(opposed(
            bits("В ИД «Красная звезда» начались обыски"),
            bits("ИД «Красная звезда» опроверг информацию об обыске")
        ));
        assert!(opposed(
            bits("Finland accuses Russia of airspace violation"),
            bits("Russia denies airspace violation")
        ));
        // Two denials of one thing are one story.
        assert!(!opposed(
            bits("Минобороны опровергло нарушение границы"),
            bits("Минобороны отрицает нарушение границы")
        ));
        assert!(!opposed(
            bits("В ИД «Красная звезда» начались обыски"),
            bits("Обыски в ИД «Красная звезда»")
        ));
    }

    #[test]
    fn a_form_of_one_script_is_no_word_of_another() {
        // English "denies" and Russian "день" fold to one key, "freed" and
        // "Фредди" to another: a day or a name is no denial, no release.
        assert!(!opposed(
            bits("25 апреля отмечается день казахстанского футбола"),
            bits("25 апреля в Казахстане отмечают праздник футбола")
        ));
        assert!(!opposed(
            bits("Полицейских обвинили в убийстве Фредди Грея"),
            bits("Полицейские задержаны по делу об убийстве Грея")
        ));
        // The English words themselves still count.
        assert!(opposed(
            bits("Russia denies airspace violation"),
            bits("Finland reports airspace violation by Russia")
        ));
    }

    #[test]
    fn same_way_or_both_ways_is_not_opposed() {
        assert!(!opposed(
            bits("Цены на бензин выросли"),
            bits("Бензин подорожал на 5%")
        ));
        assert!(!opposed(
            bits("Активистов задержали и отпустили"),
            bits("Активистов задержали")
        ));
        assert!(!opposed(
            bits("Токаев встретился с Путиным"),
            bits("Токаев уволил министра")
        ));
    }
}
