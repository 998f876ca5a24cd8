#!/usr/bin/env python3
"""Builds tests/fixtures/rank/kk_kaznerd.tsv, labelled pairs of real Kazakh
news text, from KazNERD (https://github.com/IS2AI/KazNERD, CC BY 4.0:
sentences of Kazakh television news, annotated with named entities).

    python3 scripts/kk_pairs.py KAZNERD_DIR > tests/fixtures/rank/kk_kaznerd.tsv

KAZNERD_DIR holds KazNERD/with_sentID/IOB2_test2.txt and IOB2_valid2.txt.
The labels come from the dataset's own structure, never from keruen's
similarity:

  1      one sentence in two spellings: KazNERD gives some sentences twice
         under one number, with numbers in words and in digits
         ("екі мың он үшінші" / "2013-інші") or names in Cyrillic and
         Latin ("Боинг" / "Boeing"): the same report, told twice.
  loose  two different sentences of one report (sentence numbers one or
         two apart) that share a named entity.
  0      two sentences that share two or more named entities but come
         from reports far apart (sentence numbers more than 3000 apart):
         different news that looks alike. These were then read by hand;
         pairs that turned out to be the same topic or a later stage of
         one event are relabelled `loose`, and pairs that cannot be told
         apart are dropped (tests/fixtures/rank/kk_kaznerd_read.tsv).

The sample is fixed (seeded), so the file is reproducible.
"""

import collections
import itertools
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
READ = os.path.join(HERE, "..", "tests", "fixtures", "rank", "kk_kaznerd_read.tsv")
NAMES = {"GPE", "PERSON", "ORGANISATION", "LOCATION", "FACILITY", "EVENT",
         "PROJECT", "LAW", "PRODUCT", "DISEASE"}
# Variant letters of one sentence number: A words, B digits, C symbols,
# D Latin names, E Latin names and digits.
VARIANTS = (("A", "B", "numerals"), ("A", "D", "script"), ("B", "E", "script"),
            ("A", "C", "symbols"))


def read_sentences(directory):
    """Sentences of the test and validation files: id, tokens, entities."""
    out = []
    for name in ("IOB2_test2.txt", "IOB2_valid2.txt"):
        path = os.path.join(directory, "KazNERD", "with_sentID", name)
        cur = None
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.rstrip("\n")
                if not line.strip():
                    if cur:
                        out.append(cur)
                    cur = None
                    continue
                token, tag = line.rsplit(" ", 1)
                if cur is None:
                    cur = {"id": token, "toks": [], "ents": []}
                    continue
                cur["toks"].append(token)
                if tag.startswith("B-"):
                    cur["ents"].append([tag[2:], token])
                elif tag.startswith("I-") and cur["ents"]:
                    cur["ents"][-1][1] += " " + token
        if cur:
            out.append(cur)
    return out


def text(s):
    t = " ".join(s["toks"])
    t = re.sub(r" ([,.:;!?»)%])", r"\1", t)
    return re.sub(r"([«(]) ", r"\1", t)


def headline_like(s):
    """5 to 24 words, not a reporters' sign-off or a list of names."""
    words = sum(1 for w in s["toks"] if re.match(r"\w", w))
    t = text(s)
    names = sum(len(e[1].split()) for e in s["ents"]
                if e[0] in ("PERSON", "GPE", "ORGANISATION", "LOCATION"))
    if names * 2 > words or "«Хабар»" in t or "телерадиокешен" in t:
        return False
    return (5 <= words <= 24 and "Қорытынды жаңалықтар" not in t
            and "эээ" not in t and not t.endswith((" және.", " мен.")))


def entities(s):
    return set(e[1].lower()[:5] for e in s["ents"] if e[0] in NAMES)


def number(s):
    return int(s["id"][3:])


def main():
    sentences = read_sentences(sys.argv[1])
    random.seed(13)
    by_number = collections.defaultdict(dict)
    for s in sentences:
        by_number[number(s)][s["id"][0]] = s
    same = []
    for variants in by_number.values():
        for a, b, kind in VARIANTS:
            if (a in variants and b in variants and headline_like(variants[a])
                    and headline_like(variants[b])
                    and text(variants[a]) != text(variants[b])):
                same.append((variants[a], variants[b], kind))
                break
    plain = [s for s in sentences if s["id"][0] == "A" and headline_like(s)]
    index = collections.defaultdict(list)
    for i, s in enumerate(plain):
        for e in entities(s):
            index[e].append(i)
    shared = collections.Counter()
    for members in index.values():
        if len(members) <= 80:
            for a, b in itertools.combinations(members, 2):
                shared[(a, b)] += 1
    different = [(plain[a], plain[b], "shared-names") for (a, b), n in shared.items()
                 if n >= 2 and abs(number(plain[a]) - number(plain[b])) > 3000]
    by_id = {number(s): s for s in plain}
    loose = []
    for k, s in by_id.items():
        for d in (1, 2):
            t = by_id.get(k + d)
            if t and entities(s) & entities(t):
                loose.append((s, t, "same-report"))
    for group in (same, different, loose):
        random.shuffle(group)
    chosen = ([p for p in same if p[2] != "numerals"][:60]
              + [p for p in same if p[2] == "numerals"][:140]
              + different[:220] + loose[:80])
    read = {}
    with open(READ, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            a, b, verdict = line.rstrip("\n").split("\t")
            read[frozenset((a, b))] = verdict
    label_of = {"numerals": "1", "script": "1", "symbols": "1",
                "shared-names": "0", "same-report": "loose"}
    print("lang\tdataset\tpair_id\tside\tsame_story\torig_label\theadline")
    n = 0
    for a, b, kind in chosen:
        label = label_of[kind]
        verdict = read.get(frozenset((a["id"], b["id"])))
        if verdict == "drop":
            continue
        if verdict:
            label, kind = verdict, "shared-names-read"
        n += 1
        for side, s in (("a", a), ("b", b)):
            print(f"kk\tkaznerd_tv\tkz{n:03d}\t{side}\t{label}\t{kind}:{s['id']}\t{text(s)}")


if __name__ == "__main__":
    main()
