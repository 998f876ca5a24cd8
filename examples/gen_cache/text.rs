//! Deterministic news-like text in Kazakh, Russian and English: a few
//! hundred real news words per language at the head of a Zipf-distributed
//! vocabulary, and a long tail of words made from the language's syllables,
//! so word frequencies (and so the search index and the clustering) look
//! like a real year of news rather than a handful of repeated words.

/// SplitMix64: deterministic, no dependency, one per chunk of work so the
/// output does not depend on how many threads produce it.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64, stream: u64) -> Rng {
        let mut r = Rng(seed ^ stream.wrapping_mul(0xA076_1D64_78BD_642F));
        r.next();
        r
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Kk,
    Ru,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Kk => "kk",
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }
}

const EN: &str = "kazakhstan government president minister bank oil gas prices rates election \
    parliament law court police city region school hospital football team wins record market \
    shares investment forum talks agreement energy nuclear plant wheat export import railway \
    airport flights weather storm snow fire earthquake protest budget tax inflation currency \
    tenge ruble dollar central reform water drought mining uranium copper space launch almaty \
    astana shymkent karaganda aktobe pavlodar caspian pipeline tokayev senate mazhilis decree \
    university students teachers doctors vaccine health ministry report growth economy company \
    billion million percent year week today official statement visit china russia europe \
    turkey uzbekistan kyrgyzstan summit cooperation transport road bridge construction housing \
    mortgage loan deposit farmers harvest grain livestock festival concert museum theatre film \
    championship olympic boxing wrestling hockey match coach player goal season league cup";
const RU: &str = "казахстан правительство президент министр банк нефть газ цены ставка выборы \
    парламент закон суд полиция город область школа больница футбол команда победа рекорд рынок \
    акции инвестиции форум переговоры соглашение энергетика атомная станция пшеница экспорт \
    импорт железная дорога аэропорт рейсы погода буран снег пожар землетрясение бюджет налог \
    инфляция валюта тенге рубль доллар реформа вода засуха добыча уран медь космос запуск \
    алматы астана шымкент караганда актобе павлодар каспий трубопровод токаев сенат мажилис \
    указ университет студенты учителя врачи вакцина здоровье министерство отчёт рост экономика \
    компания миллиард миллион процент год неделя сегодня заявление визит китай россия европа \
    турция узбекистан кыргызстан саммит сотрудничество транспорт мост строительство жильё \
    ипотека кредит депозит фермеры урожай зерно скот фестиваль концерт музей театр фильм \
    чемпионат олимпийский бокс борьба хоккей матч тренер игрок гол сезон лига кубок";
const KK: &str = "қазақстан үкімет президент министр банк мұнай газ баға мөлшерлеме сайлау \
    парламент заң сот полиция қала облыс мектеп аурухана футбол құрама жеңіс рекорд нарық \
    акция инвестиция форум келіссөз келісім энергетика атом станция бидай экспорт импорт \
    теміржол әуежай рейс ауа райы боран қар өрт жер сілкінісі бюджет салық инфляция валюта \
    теңге рубль доллар реформа су құрғақшылық өндіру уран мыс ғарыш ұшыру алматы астана \
    шымкент қарағанды ақтөбе павлодар каспий құбыр тоқаев сенат мәжіліс жарлық университет \
    студенттер мұғалімдер дәрігерлер вакцина денсаулық министрлік есеп өсім экономика компания \
    миллиард миллион пайыз жыл апта бүгін мәлімдеме сапар қытай ресей еуропа түркия өзбекстан \
    қырғызстан саммит ынтымақтастық көлік көпір құрылыс тұрғын үй ипотека несие депозит \
    фермерлер өнім астық мал фестиваль концерт мұражай театр фильм чемпионат олимпиада бокс \
    күрес хоккей матч жаттықтырушы ойыншы гол маусым лига кубок";

const SYLLABLES: [&[&str]; 3] = [
    &[
        "қа", "ро", "ең", "та", "мі", "лө", "бер", "сұң", "тел", "дар", "ғы", "үш", "әл", "ін",
    ],
    &[
        "ка", "ро", "ен", "та", "ми", "ло", "вер", "сон", "тель", "дар", "ств", "ов", "ий", "ая",
    ],
    &[
        "ka", "ro", "en", "ta", "mi", "lo", "ver", "son", "tel", "dar", "ing", "tion", "er", "al",
    ],
];

const NAMES: [&[&str]; 3] = [
    &[
        "Айгерім Сейітова",
        "Ерлан Қасымов",
        "Мұрат Әбенов",
        "Гүлнар Жұмабаева",
        "Нұрлан Ермеков",
        "Әсел Бекова",
    ],
    &[
        "Анна Петрова",
        "Игорь Смирнов",
        "Дмитрий Ким",
        "Ольга Ли",
        "Сергей Иванов",
        "Мария Ахметова",
    ],
    &[
        "Jane Doe",
        "John Smith",
        "Aliya Nurpeis",
        "Tom Baker",
        "Sara Khan",
        "Daniel Park",
    ],
];

const CATEGORIES: [&[&str]; 3] = [
    &[
        "Саясат",
        "Экономика",
        "Қоғам",
        "Спорт",
        "Мәдениет",
        "Аймақтар",
    ],
    &[
        "Политика",
        "Экономика",
        "Общество",
        "Спорт",
        "Культура",
        "Регионы",
    ],
    &[
        "Politics", "Business", "Society", "Sport", "Culture", "Regions",
    ],
];

/// Word types per language: real words first, then synthetic ones.
const VOCABULARY: usize = 40_000;

pub struct Vocab {
    words: [Vec<String>; 3],
}

impl Vocab {
    pub fn new(seed: u64) -> Vocab {
        let mut rng = Rng::new(seed, 0xF0CA);
        let build = |real: &str, syl: &[&str], rng: &mut Rng| {
            let mut v: Vec<String> = real.split_whitespace().map(str::to_string).collect();
            while v.len() < VOCABULARY {
                let n = 2 + rng.below(3);
                let w: String = (0..n).map(|_| syl[rng.below(syl.len())]).collect();
                v.push(w);
            }
            v
        };
        Vocab {
            words: [
                build(KK, SYLLABLES[0], &mut rng),
                build(RU, SYLLABLES[1], &mut rng),
                build(EN, SYLLABLES[2], &mut rng),
            ],
        }
    }

    fn list(&self, lang: Lang) -> &[String] {
        &self.words[lang as usize]
    }

    /// Zipf–Mandelbrot pick, p(rank) ∝ 1/(rank + 10): the head words are
    /// frequent, the tail is long.
    pub fn word(&self, lang: Lang, rng: &mut Rng) -> &str {
        const Q: f64 = 10.0;
        let v = self.list(lang);
        let n = v.len() as f64;
        let rank = Q * ((n + Q) / Q).powf(rng.unit()) - Q;
        &v[(rank as usize).min(v.len() - 1)]
    }

    pub fn title_words(&self, lang: Lang, rng: &mut Rng) -> Vec<String> {
        let n = 5 + rng.below(8);
        (0..n).map(|_| self.word(lang, rng).to_string()).collect()
    }

    /// A sentence of `words` words, capitalised, ending with a full stop.
    fn sentence(&self, lang: Lang, rng: &mut Rng, out: &mut String) {
        let n = 7 + rng.below(14);
        for i in 0..n {
            let w = self.word(lang, rng);
            if i == 0 {
                capitalise_into(w, out);
            } else {
                out.push(' ');
                if rng.chance(0.03) {
                    // Numbers, as news has them (dates, sums, scores).
                    out.push_str(&format!("{}", rng.below(2030)));
                    out.push(' ');
                }
                out.push_str(w);
            }
        }
        out.push_str(". ");
    }

    /// A summary: the story's lead (its title words) and 1–3 paragraphs,
    /// about 200–1,500 bytes of HTML, as feeds' descriptions are.
    pub fn summary(&self, lang: Lang, title: &[String], rng: &mut Rng) -> String {
        let mut s = String::with_capacity(1024);
        s.push_str("<p>");
        capitalise_into(&title.join(" "), &mut s);
        s.push_str(". ");
        for _ in 0..1 + rng.below(3) {
            self.sentence(lang, rng, &mut s);
        }
        s.push_str("</p>");
        for _ in 0..rng.below(3) {
            s.push_str("<p>");
            for _ in 0..1 + rng.below(3) {
                self.sentence(lang, rng, &mut s);
            }
            s.push_str("</p>");
        }
        s
    }

    /// A full body: 3–8 paragraphs with links and emphasis (1.5–6 KB).
    pub fn content(&self, lang: Lang, link: &str, rng: &mut Rng) -> String {
        let mut s = String::with_capacity(4096);
        for p in 0..3 + rng.below(6) {
            s.push_str("<p>");
            for _ in 0..2 + rng.below(4) {
                self.sentence(lang, rng, &mut s);
            }
            if p == 1 {
                s.push_str(&format!(
                    "<a href=\"{link}#more\">{}</a> <b>{}</b>",
                    self.word(lang, rng),
                    self.word(lang, rng)
                ));
            }
            s.push_str("</p>\n");
        }
        s
    }

    pub fn author(&self, lang: Lang, rng: &mut Rng) -> Option<String> {
        rng.chance(0.6)
            .then(|| NAMES[lang as usize][rng.below(NAMES[0].len())].to_string())
    }

    pub fn category(&self, lang: Lang, rng: &mut Rng) -> Option<String> {
        rng.chance(0.7)
            .then(|| CATEGORIES[lang as usize][rng.below(CATEGORIES[0].len())].to_string())
    }
}

fn capitalise_into(w: &str, out: &mut String) {
    let mut chars = w.chars();
    if let Some(c) = chars.next() {
        out.extend(c.to_uppercase());
        out.push_str(chars.as_str());
    }
}
