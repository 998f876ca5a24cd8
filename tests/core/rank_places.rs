//! A place is a name wherever it stands (`rank::gazetteer`): two look-alike
//! titles that each begin with another place report two events, while a
//! capital and its country are one actor, and persons, offices and
//! institutions at the head of a title are not names.

use super::rank_titles::{art, groups};

#[test]
fn another_place_at_the_head_is_another_event() {
    let arts = vec![
        art(
            1,
            "Tokyo stocks open lower as exporters slide on stronger yen",
            0,
        ),
        art(
            2,
            "China stocks open lower as exporters slide on stronger yen",
            1,
        ),
        // The capital's market is the country's: one report.
        art(
            3,
            "Japan stocks open lower as exporters slide on stronger yen",
            2,
        ),
        art(
            4,
            "Пекин потребовал от Токио объяснений по поводу учений",
            0,
        ),
        art(
            5,
            "Москва потребовала от Токио объяснений по поводу учений",
            1,
        ),
    ];
    assert_eq!(groups(&arts), vec![vec![1, 3], vec![2], vec![4], vec![5]]);
}

#[test]
fn a_capital_is_its_country_and_an_actor_at_the_head_is_no_name() {
    let arts = vec![
        // A capital stands for its country's government.
        art(
            1,
            "Москва потребовала от Киева объяснений по поводу блокады",
            0,
        ),
        art(
            2,
            "Россия потребовала от Киева объяснений по поводу блокады",
            1,
        ),
        art(
            3,
            "Washington warns Pyongyang over new missile launch plans",
            0,
        ),
        art(4, "US warns Pyongyang over new missile launch plans", 1),
        // Named after the first word too.
        art(
            9,
            "Премьера Японии пригласили на празднование Дня Победы в Москву",
            0,
        ),
        art(
            10,
            "Премьера Японии пригласили на празднование Дня Победы в Россию",
            1,
        ),
        // A person and an office name one actor: neither is a name the
        // other lacks.
        art(5, "Путин оценил итоги переговоров с японским премьером", 0),
        art(
            6,
            "Президент оценил итоги переговоров с японским премьером",
            1,
        ),
        art(7, "Центробанк отозвал лицензии у двух московских банков", 0),
        art(8, "ЦБ отозвал лицензии у двух московских банков", 1),
    ];
    assert_eq!(
        groups(&arts),
        vec![vec![1, 2], vec![3, 4], vec![5, 6], vec![7, 8], vec![9, 10]]
    );
}
