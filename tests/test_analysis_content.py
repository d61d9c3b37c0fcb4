"""Coach's notes: each signal, in each language, on answers that must and must not trigger it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from aecoach.analysis.content import LANGUAGES, coach_notes, language
from aecoach.bank.loader import load_bank
from aecoach.bank.model import Objection, Question


def question(lang: str, hints: tuple[str, ...] = (), kind: str = "behavioural") -> Question:
    return Question(
        key="t/q",
        id="q",
        pack="t",
        language=lang,
        text="…",
        kind=kind,
        roles=("ae",),
        skills=("communication",),
        time_limit=120,
        hints=hints,
    )


# --- Evidence: figures --------------------------------------------------------------------

FIGURES = {
    "en": [
        ("We grew pipeline 30% and closed $40k in two quarters.", ["30%", "$40k", "two quarters"]),
        ("It took one quarter and twenty percent of my time.", ["one quarter", "twenty percent"]),
        ("I doubled the renewals to 1,200 accounts.", ["doubled", "1,200 accounts"]),
    ],
    "es": [
        (
            "Subimos las ventas un 30% y cerramos 40k dólares en dos trimestres.",
            ["30%", "40k dólares", "dos trimestres"],
        ),
        ("Tardé un mes; la mitad del equipo ayudó.", ["un mes", "mitad"]),
    ],
    "id": [
        (
            "Penjualan naik 30% dan kami menutup Rp 50.000.000 dalam dua kuartal.",
            ["30%", "Rp 50.000.000", "dua kuartal"],
        ),
        ("Dalam setahun saya membawa sepuluh klien baru.", ["setahun", "sepuluh klien"]),
    ],
    "ja": [
        ("売上が30%伸び、三か月で五百万円を受注しました。", ["30%", "三か月", "五百万円"]),
        ("成約率が二割上がり、商談は倍増しました。", ["二割", "倍増"]),
    ],
    "th": [
        ("ยอดขายเพิ่มขึ้น 30% และปิดดีลได้ภายในสามเดือน", ["30%", "สามเดือน"]),
        ("ได้ลูกค้าใหม่ห้าราย คิดเป็นร้อยละ 20 ของเป้า", ["ห้าราย", "ร้อยละ 20"]),
    ],
}

NO_FIGURES = {
    "en": [
        "In 2021 I worked with one of our biggest customers and we did a great job.",
        "I had to double-check the contract; it was a one-on-one call.",
        "They liked the demo a lot.",
    ],
    "es": [
        "En 2021 trabajé con uno de nuestros clientes más grandes.",
        "Hicimos un buen trabajo con el cliente.",
    ],
    "id": [
        "Pada tahun 2021 saya bekerja dengan salah satu klien terbesar kami.",
        "Kami melakukan pekerjaan yang bagus.",
    ],
    "ja": [
        "2021年に、一緒に働いた担当者と十分に話し合い、統一した提案をしました。",
        "お客様一人ひとりに合わせて説明しました。",
    ],
    "th": [
        "ผมสามารถทำงานร่วมกับพันธมิตรได้ดีในปี 2565",
        "ลูกค้าพอใจกับการสาธิตมาก",
    ],
}


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [(lang, text, exp) for lang, cases in FIGURES.items() for text, exp in cases],
)
def test_figures_are_found(lang: str, text: str, expected: list[str]) -> None:
    notes = coach_notes(text, lang)
    assert list(notes.numbers) == expected
    assert notes.quantified


@pytest.mark.parametrize(
    ("lang", "text"), [(lang, text) for lang, texts in NO_FIGURES.items() for text in texts]
)
def test_years_and_look_alike_words_are_no_figures(lang: str, text: str) -> None:
    notes = coach_notes(text, lang)
    assert notes.numbers == ()
    assert not notes.quantified


# A quarter's or a half-year's name says when, not how much: "Q2" is no measured result.
PERIOD_NAMES = {
    "en": (
        "In Q2 we closed Acme, H1 went well and FY24 too; Q1-Q3 2024, Q2'24, Q3 FY24.",
        "Q2 pipeline grew 40% and H1 brought 120 accounts.",
        ["40%", "120 accounts"],
    ),
    "es": (
        "En el Q2 cerramos el trato con Acme y el H1 fue bueno.",
        "En el Q2 subimos las ventas un 30%.",
        ["30%"],
    ),
    "id": (
        "Pada Q2 kami menutup kesepakatan, dan H2 juga bagus.",
        "Pada Q2 penjualan naik 30%.",
        ["30%"],
    ),
    "ja": (
        "Q2に大型案件を受注し、2QとＦＹ２４のH1も好調でした。",
        "2Qの売上が30%伸びました。",
        ["30%"],
    ),
    "th": ("ในไตรมาส Q2 เราปิดดีลใหญ่ และ H1 ก็ดี", "ใน Q2 ยอดขายเพิ่มขึ้น 30%", ["30%"]),
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_quarter_or_half_year_name_is_no_figure(lang: str) -> None:
    named, measured, figures = PERIOD_NAMES[lang]
    assert coach_notes(named, lang).numbers == ()
    notes = coach_notes(measured, lang)
    assert list(notes.numbers) == figures and notes.quantified


# --- Ownership: I against we --------------------------------------------------------------

OWNERSHIP = {
    # (text, i_count, we_count)
    "en": [
        ("I called the CFO, I built my own plan and I'm proud of it.", 4, 0),
        ("We were behind, so we changed our pitch and the client told us yes.", 0, 4),
        ("The US dollars were a problem for the team.", 0, 0),
    ],
    "es": [
        # The subject is dropped: the verb ending carries it.
        ("Llamé al director y preparé mi propuesta.", 3, 0),
        ("Cerramos el trato y renovamos nuestro contrato.", 0, 3),
        ("Aquí y allí, así fue: los mismos préstamos de los últimos meses.", 0, 0),
    ],
    "id": [
        ("Saya menelepon klien dan aku menyiapkan proposal.", 2, 0),
        ("Kami menutup kesepakatan dan kita semua senang.", 0, 2),
        ("Buku itu laku di pasar.", 0, 0),
    ],
    "ja": [
        ("私は自分で提案書を作りました。", 2, 0),
        ("私たちはチームで準備し、弊社として提案しました。", 0, 3),
        ("私服で参加し、私立の学校を訪問しました。", 0, 0),
    ],
    "th": [
        ("ผมโทรหาลูกค้าเอง และดิฉันก็ช่วย", 2, 0),
        ("พวกเราปิดดีลได้ ทีมเราดีใจมาก", 0, 2),
        ("เพลงนี้ไพเราะ เขาตัดทรงผมใหม่", 0, 0),
    ],
}


@pytest.mark.parametrize(
    ("lang", "text", "i_count", "we_count"),
    [(lang, *case) for lang, cases in OWNERSHIP.items() for case in cases],
)
def test_ownership_counts_the_languages_own_i_and_we(
    lang: str, text: str, i_count: int, we_count: int
) -> None:
    notes = coach_notes(text, lang)
    assert (notes.i_count, notes.we_count) == (i_count, we_count)


# --- Hedges -------------------------------------------------------------------------------

HEDGES = {
    "en": ("I think we maybe kind of just got lucky.", {"i think", "maybe", "kind of", "just"}),
    "es": ("Creo que tal vez fue un poco de suerte.", {"creo que", "tal vez", "un poco"}),
    "id": ("Mungkin kami agak beruntung, saya rasa.", {"mungkin", "agak", "saya rasa"}),
    "ja": ("たぶん運が良かったと思います。", {"たぶん", "と思います"}),
    "th": ("ผมคิดว่าอาจจะโชคดีนิดหน่อย", {"คิดว่า", "อาจจะ", "นิดหน่อย"}),
}
NO_HEDGES = {
    "en": "What kind of buyer was it? I justified the price with a business case.",
    "es": "Cerré el trato con un caso de negocio claro.",
    "id": "Sedikit demi sedikit saya membangun kepercayaan klien.",
    "ja": "提案書を作成し、契約を獲得しました。",
    "th": "อาจารย์ของผมแนะนำให้ปิดดีลเร็ว",
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_hedges_are_named(lang: str) -> None:
    text, expected = HEDGES[lang]
    assert set(coach_notes(text, lang).hedges) == expected


@pytest.mark.parametrize("lang", LANGUAGES)
def test_firm_answers_have_no_hedges(lang: str) -> None:
    assert coach_notes(NO_HEDGES[lang], lang).hedges == {}


def test_the_most_repeated_words_are_counted() -> None:
    notes = coach_notes("Basically the client, basically the client, basically the client.", "en")
    assert dict(notes.repeated) == {"basically": 3, "client": 3}
    assert coach_notes("The client signed.", "en").repeated == ()


# --- STAR ---------------------------------------------------------------------------------

FULL_STAR = {
    "en": "At my last company the client was about to churn. My goal was to save the renewal. "
    "I called the CFO and built a new plan. As a result they renewed for two years.",
    "es": "En mi anterior empresa un cliente quería irse. Mi objetivo era salvar la renovación. "
    "Llamé al director y preparé un plan. Como resultado renovaron por dos años.",
    "id": "Waktu itu klien ingin berhenti. Target saya mempertahankan kontrak. "
    "Saya menghubungi direktur dan membuat rencana baru. Hasilnya kontrak diperpanjang dua tahun.",
    "ja": "前職で、解約しそうなお客様がいました。契約更新が目標でした。"
    "そこで役員に連絡しました。その結果、二年の更新につながりました。",
    "th": "ตอนที่ผมทำงานที่บริษัทเก่า ลูกค้ารายหนึ่งจะยกเลิก เป้าหมายคือรักษาสัญญา "
    "ผมจึงโทรหาผู้บริหาร ผลลัพธ์คือเขาต่อสัญญาสองปี",
}
# A story that stops before the result, and one with only opinions.
NO_RESULT = {
    "en": "At my last company the client was about to churn. My goal was to save the renewal. "
    "I called the CFO and built a new plan.",
    "es": "En mi anterior empresa un cliente quería irse. Mi objetivo era salvar la renovación. "
    "Llamé al director y preparé un plan.",
    "id": "Waktu itu klien ingin berhenti. Target saya mempertahankan kontrak. "
    "Saya menghubungi direktur.",
    "ja": "前職で、解約しそうなお客様がいました。契約更新が目標でした。そこで役員に連絡しました。",
    "th": "ตอนที่ผมทำงานที่บริษัทเก่า ลูกค้ารายหนึ่งจะยกเลิก เป้าหมายคือรักษาสัญญา ผมจึงโทรหาผู้บริหาร",
}
OPINION = {
    "en": "Honesty matters with customers.",
    "es": "La honestidad importa con los clientes.",
    "id": "Kejujuran penting bagi pelanggan.",
    "ja": "お客様には誠実さが大切です。",
    "th": "ความซื่อสัตย์สำคัญกับลูกค้า",
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_full_star_story_misses_nothing(lang: str) -> None:
    notes = coach_notes(FULL_STAR[lang], lang, question(lang))
    assert notes.missing_star == ()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_story_without_its_result_is_told_so(lang: str) -> None:
    assert coach_notes(NO_RESULT[lang], lang, question(lang)).missing_star == ("result",)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_opinion_misses_every_star_part(lang: str) -> None:
    notes = coach_notes(OPINION[lang], lang, question(lang))
    assert notes.missing_star == ("situation", "task", "action", "result")


def test_star_is_looked_for_only_in_behavioural_questions() -> None:
    notes = coach_notes("Honesty matters.", "en", question("en", kind="motivation"))
    assert notes.star is None and notes.missing_star is None
    assert coach_notes("Honesty matters.", "en").as_dict()["missing_star"] is None


# --- Coverage of the question's points, and the role's words --------------------------------


def test_coverage_uses_the_banks_own_hints_in_every_language() -> None:
    """The first behavioural question in each language, answered on its second hint only."""
    answers = {
        "en": "I used an analogy and a simple picture, and kept to one business outcome.",
        "es": "Usé una analogía y una imagen sencilla con un solo resultado de negocio.",
        "id": "Saya memakai analogi dan gambar sederhana, fokus pada satu hasil bisnis.",
        "ja": "たとえ話と一枚の図を使い、ビジネス上の成果を一つに絞りました。",
        "th": "ผมใช้การเปรียบเทียบกับภาพประกอบ และเน้นผลลัพธ์ทางธุรกิจข้อเดียว",
    }
    for lang, text in answers.items():
        bank = load_bank(lang)
        item = next(q for q in bank.questions if q.key == "behavioural/explain-complex-simply")
        notes = coach_notes(text, lang, item)
        assert notes.covered_hints == (item.hints[1],), lang
        assert notes.missing_hints == (item.hints[0], item.hints[2]), lang
        assert notes.matched_terms, lang


def test_an_answer_off_the_point_covers_no_hint() -> None:
    for lang, text in OPINION.items():
        bank = load_bank(lang)
        item = next(q for q in bank.questions if q.key == "behavioural/explain-complex-simply")
        assert coach_notes(text, lang, item).covered_hints == (), lang


def test_objection_points_are_the_hints() -> None:
    objection = Objection(
        key="o/p",
        id="p",
        pack="o",
        language="en",
        line="It's too expensive.",
        theme="price",
        roles=("ae",),
        points=("Ask what they are comparing the price against.", "Tie the cost to the outcome."),
    )
    notes = coach_notes("What are you comparing the price against?", "en", objection)
    assert notes.covered_hints == (objection.points[0],)


VOCABULARY = {
    "en": (
        "I rebuilt my pipeline and beat quota after better discovery calls.",
        {"pipeline", "quota", "discovery"},
    ),
    "es": (
        "Mejoré el embudo y superé la cuota con un buen seguimiento.",
        {"embudo", "cuota", "seguimiento"},
    ),
    "id": (
        "Saya memperbaiki pipeline dan melampaui kuota dengan tindak lanjut.",
        {"pipeline", "kuota", "tindak lanjut"},
    ),
    "ja": ("パイプラインを見直し、ノルマを達成しました。", {"パイプライン", "ノルマ"}),
    "th": ("ผมปรับไปป์ไลน์และทำยอดขายเกินโควตา", {"ไปป์ไลน์", "ยอดขาย", "โควตา"}),
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_roles_words_are_named(lang: str) -> None:
    text, expected = VOCABULARY[lang]
    assert set(coach_notes(text, lang).vocabulary) == expected
    assert coach_notes(OPINION[lang], lang).vocabulary == ()


ACRONYMS = {
    "en": ("Our arr grew once I ran meddic on every renewal in hubspot.", ["ARR", "MEDDIC"]),
    "es": ("Subí el arr con bant y un buen crm.", ["ARR", "BANT", "CRM"]),
    "id": ("Saya menaikkan arr dengan meddic di salesforce.", ["ARR", "MEDDIC", "Salesforce"]),
    "ja": ("crmとmeddicで進めました。", ["CRM", "MEDDIC"]),
    "th": ("ผมใช้ meddic กับ crm", ["MEDDIC", "CRM"]),
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_role_words_are_matched_in_any_case_and_shown_as_the_data_writes_them(lang: str) -> None:
    text, shown = ACRONYMS[lang]
    found = coach_notes(text, lang).vocabulary
    assert [w for w in found if w.casefold() in {s.casefold() for s in shown}] == shown
    assert coach_notes(text.upper(), lang).vocabulary == found


def test_the_coach_notes_line_shows_acronyms_in_capitals() -> None:
    from aecoach.coaching.feedback import note_lines

    notes = coach_notes("We track arr and acv in the crm, and I qualify with meddic.", "en")
    (said,) = [line for line in note_lines(notes.as_dict()) if line.startswith("Role words")]
    assert said == "Role words: ARR, ACV, CRM, qualify, MEDDIC."


def test_notes_stored_in_lower_case_still_show_the_acronyms_capitals() -> None:
    from aecoach.coaching.feedback import note_lines

    stored = coach_notes("We track arr in the crm.", "en").as_dict()
    stored["vocabulary"] = ["arr", "crm", "quota", "unknown-word"]  # as an older aecoach kept it
    (said,) = [line for line in note_lines(stored) if line.startswith("Role words")]
    assert said == "Role words: ARR, CRM, quota, unknown-word."


# --- Calibration --------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_five_on_an_opinion_is_questioned_and_a_three_is_not(lang: str) -> None:
    item = question(lang, hints=("Name the customer and the number.",))
    assert "no_number" in coach_notes(OPINION[lang], lang, item, rating=5).calibration
    assert coach_notes(OPINION[lang], lang, item, rating=3).calibration == ()
    # A strong story rated 5 agrees with its signals.
    assert coach_notes(FULL_STAR[lang], lang, question(lang), rating=5).calibration == ()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_low_rating_on_a_strong_story_names_its_strengths(lang: str) -> None:
    notes = coach_notes(FULL_STAR[lang], lang, question(lang), rating=1)
    assert set(notes.calibration) == {"has_number", "full_star"}
    assert coach_notes(OPINION[lang], lang, question(lang), rating=1).calibration == ()


def test_empty_notes_observe_nothing() -> None:
    notes = coach_notes("   ", "en", question("en", hints=("a point",)), rating=5)
    data = notes.as_dict()
    assert data["empty"] and data["numbers"] == [] and data["calibration"] == []
    assert json.loads(json.dumps(data)) == data


def test_the_dictionary_has_the_documented_keys() -> None:
    data = coach_notes(FULL_STAR["en"], "en", question("en")).as_dict()
    for key in ("numbers", "quantified", "i_count", "we_count", "hedges", "covered_hints"):
        assert key in data
    assert data["missing_star"] == []


def test_an_unknown_language_falls_back_to_english() -> None:
    assert language("fr").code == "en"
    assert coach_notes("We grew 30%.", "fr").numbers == ("30%",)


def test_importing_the_module_loads_neither_lists_nor_stemmer() -> None:
    probe = "import sys, aecoach.analysis.content; print('snowballstemmer' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


FIGURE_HINTS = {
    "en": ("Give the before-and-after numbers.", "It went from 18% to 26%.", "It got better."),
    "es": ("Da las cifras de antes y después.", "Pasó del 18% al 26%.", "Mejoró mucho."),
    "id": ("Sebutkan angka sebelum dan sesudah.", "Naik dari 18% ke 26%.", "Jadi lebih baik."),
    "ja": ("前後の数字を示す。", "18%から26%に上がりました。", "良くなりました。"),
    "th": ("บอกตัวเลขก่อนและหลัง", "เพิ่มจาก 18% เป็น 26%", "ดีขึ้นมาก"),
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_point_asking_for_numbers_is_touched_by_a_figure_only(lang: str) -> None:
    hint, with_figure, without = FIGURE_HINTS[lang]
    item = question(lang, hints=(hint,), kind="experience")
    assert coach_notes(with_figure, lang, item).covered_hints == (hint,)
    assert coach_notes(without, lang, item).covered_hints == ()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_another_questions_points_touch_few_of_these(lang: str) -> None:
    """Coverage is no echo of shared sales words: one question's hints, given as the answer
    to another question, touch few of its points (measured 6 to 13%; fails above 20%)."""
    import random

    rng = random.Random(1)
    questions = [q for q in load_bank(lang).questions if q.hints]
    touched = total = 0
    for item in questions:
        other = rng.choice([q for q in questions if q.key != item.key])
        notes = coach_notes(" ".join(other.hints), lang, item)
        touched += len(notes.covered_hints)
        total += len(notes.hints)
    assert touched / total < 0.2


RESULTS = {
    "en": ("Win rate went from 18% to 26%.", "Win rate was on my mind."),
    "es": ("Pasamos del 18% al 26%.", "La tasa de cierre me preocupaba."),
    "id": ("Win rate naik dari 18% ke 26%.", "Win rate menjadi perhatian saya."),
    "ja": ("受注率が18%から26%に上がりました。", "受注率が気になっていました。"),
    "th": ("อัตราปิดการขายเพิ่มจาก 18% เป็น 26%", "ผมกังวลเรื่องอัตราการขาย"),
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_change_in_a_measure_is_a_result(lang: str) -> None:
    said, not_said = RESULTS[lang]
    assert coach_notes(said, lang, question(lang)).star["result"] is True  # type: ignore[index]
    assert coach_notes(not_said, lang, question(lang)).star["result"] is False  # type: ignore[index]


REPEATED = {
    "en": ("Basically the client, basically the client, basically the client.", "basically"),
    "es": ("Básicamente el cliente, básicamente el precio, básicamente el plazo.", "básicamente"),
    "id": ("Jadi klien itu, jadi harga itu, jadi waktu itu.", "jadi"),
    "ja": ("パイプラインを見て、パイプラインを直し、パイプラインが伸びました。", "パイプライン"),
    "th": ("แค่โทร แค่ส่งอีเมล แค่นัดประชุม", "แค่"),
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_word_said_three_times_is_named_and_twice_is_not(lang: str) -> None:
    text, word = REPEATED[lang]
    assert dict(coach_notes(text, lang).repeated).get(word) == 3
    # The same answer with one of them taken out.
    once_less = text.replace(word, "", 1)
    assert word not in dict(coach_notes(once_less, lang).repeated)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_odd_text_never_raises_and_stays_fast(lang: str) -> None:
    import time

    from hypothesis import given, settings
    from hypothesis import strategies as st

    item = question(lang, hints=("Name the customer and the number.",))

    @settings(max_examples=60, deadline=None)
    @given(st.text(max_size=300), st.sampled_from([None, 1, 3, 5]))
    def never_raises(text: str, rating: int | None) -> None:
        notes = coach_notes(text, lang, item, rating=rating)
        json.dumps(notes.as_dict())

    never_raises()
    started = time.perf_counter()
    coach_notes("é" * 200_000 + " I think 30% we " * 5_000, lang, item, rating=5)
    assert time.perf_counter() - started < 2.0  # only MAX_TEXT characters are read


def test_the_answers_own_words_name_what_touched_a_point() -> None:
    item = question("en", hints=("Name the analogy or the picture you used.",), kind="experience")
    notes = coach_notes("I drew pictures and used an analogy.", "en", item)
    assert notes.touched_words == ("pictures", "analogy")
    ja = question("ja", hints=("使ったたとえ話や図を挙げる。",), kind="experience")
    assert coach_notes("図と例え話を使いました。", "ja", ja).touched_words == ("図",)
    # Thai triples are no words: none are named.
    th = question("th", hints=("ระบุการเปรียบเทียบหรือภาพประกอบที่ใช้",), kind="experience")
    assert coach_notes("ผมใช้การเปรียบเทียบกับภาพประกอบ", "th", th).touched_words == ()
