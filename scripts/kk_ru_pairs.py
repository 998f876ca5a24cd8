#!/usr/bin/env python3
"""Builds tests/fixtures/rank/kk_ru_tatoeba.tsv, labelled pairs of a Kazakh
sentence and a Russian one, from the Kazakh-Russian test set of the Tatoeba
Translation Challenge (https://github.com/Helsinki-NLP/Tatoeba-Challenge,
data/test/kaz-rus/test.txt; sentences from tatoeba.org, CC BY 2.0 FR).

    python3 scripts/kk_ru_pairs.py TEST_TXT > tests/fixtures/rank/kk_ru_tatoeba.tsv

TEST_TXT has one translation a line: `kaz_Cyrl <tab> rus <tab> kk <tab> ru`.
Most of its sentences are everyday phrases and proverbs; the ones that
report news carry a figure (a date, a count, an amount), so the set keeps
the lines whose Kazakh sentence has a digit. The labels come from the
file's structure and from reading, never from keruen:

  1      a Kazakh sentence and its Russian translation: one report in the
         two languages (the file's own pairing).
  0      a Kazakh sentence and the Russian translation of another line
         that shares a name or the very same figures with it: different
         news that looks alike. Each was read; pairs that turned out to
         be one event are `1`, the same topic or a later stage `loose`
         (READ below).
  loose  see above.

Candidates for `0`: for each Kazakh sentence, the Russian sentence of
another line with the most shared figures (twice) and names (a
capitalised word, Kazakh letters folded to Russian, first 4 letters),
when that is a figure and a name or more; and the first other line
whose figures are exactly the Kazakh sentence's (the case where the
facts rule of the clusterer looks at names alone).
"""

import re
import sys

FOLD = str.maketrans("әғқңөұүһі", "агкноуухи")

# Hand-read candidates that are not different news: (start of the Kazakh
# sentence, start of the Russian one) -> label.
READ = {
    ("13 қыркүйек күні Байқоңыр", "Пуск ракеты космического"): "loose",
    ("Байқоңыр ғарыш айлағынан", "Прибывшие 13 сентября"): "loose",
    ("1995 жылы бүкіл дүниежүзінің", "Здесь на стартовой"): "loose",
    ("Мұнда сөре алаңшасында", "В 1995 году внимание"): "loose",
    ("7 мамыр - Отан қорғаушы", "В день защитника"): "loose",
    ("Иран тарабы тағы", "Казахстан и Иран"): "loose",
    ("Қазақстан мен Иран", "Иранская сторона"): "loose",
    ("Қазақстан озық 30", "Президент Республики Казахстан Н.А."): "loose",
    ("Біздің басты мақсатымыз – 2050", "Президент Республики Казахстан Н.А."): "loose",
    ("Қазақстан Республикасының Президенті Н.Назарбаев", "Наша главная цель"): "loose",
    ("2012 жылдың қазан айында", "Напомним, в сентябре 2012"): "loose",
    ("Естеріңізге сала кетейік", "В октябре 2012 года"): "loose",
    ("Қазақстан Паралимпиадалық құрамасы IWAS-2013 Бүкіләлемдік ойындарының бірінші күнінде бес алтын,",
     "Паралимпийская сборная"): "1",
    ("Қазақстан Паралимпиадалық құрамасы IWAS-2013 Бүкіләлемдік ойындарының бірінші күнінде бес алтын иеленді",
     "Пять золотых"): "1",
}


def figures(s):
    return set(re.findall(r"\d+(?:[.,]\d+)?", s))


def names(s):
    return set(w.lower().translate(FOLD)[:4] for w in re.findall(r"\w+", s)
               if w[0].isupper())


def read_label(kk, ru, default):
    for (a, b), label in READ.items():
        if kk.startswith(a) and ru.startswith(b):
            return label
    return default


def main():
    rows = []
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) == 4 and re.search(r"\d", cols[2]):
                rows.append((cols[2].strip(), cols[3].strip()))
    pairs = [(kk, ru, "1", "translation") for kk, ru in rows]
    seen = set()
    for i, (kk, _) in enumerate(rows):
        best = None
        for j, (_, ru) in enumerate(rows):
            if i == j:
                continue
            shared_names = names(kk) & names(ru)
            score = 2 * len(figures(kk) & figures(ru)) + len(shared_names)
            if shared_names and score >= 3 and (best is None or score > best[0]):
                best = (score, j)
        same_figures = [j for j, (_, ru) in enumerate(rows)
                        if j != i and figures(kk) == figures(ru)]
        for j, kind in ((best[1] if best else None, "names"),
                        (same_figures[0] if same_figures else None, "figures")):
            if j is None or (i, j) in seen:
                continue
            seen.add((i, j))
            ru = rows[j][1]
            label = read_label(kk, ru, "0")
            pairs.append((kk, ru, label, f"{kind}-read"))
    print("lang\tdataset\tpair_id\tside\tsame_story\torig_label\theadline")
    for n, (kk, ru, label, kind) in enumerate(pairs, 1):
        for side, text in (("a", kk), ("b", ru)):
            print(f"kk-ru\ttatoeba_kk_ru\ttr{n:03d}\t{side}\t{label}\t{kind}\t{text}")


if __name__ == "__main__":
    main()
