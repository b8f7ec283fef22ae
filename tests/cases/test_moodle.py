"""Moodle export: every case's XML parses and says what the case says; fractions are ones Moodle accepts
and score as the docstring of ``build_tools.cases.moodle`` claims; the grade CSV; the commands."""

from __future__ import annotations

import html
import itertools
import json
import re
import xml.etree.ElementTree as ET
from fractions import Fraction
from pathlib import Path

import exercises
from exercises.common import number
from build_tools.cases import moodle, submission
from build_tools.cases import gradebook, gradesheet
from build_tools.cases.cli import main
from build_tools.cases.load import Case
from shipped import shipped_cases
from build_tools.cases.markdown import render

ROOT = Path(__file__).resolve().parents[2]
CASES = shipped_cases()
BY_ID = {case.id: case for case in CASES}

MOODLE_RAW_FRACTIONS = [0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3, 0.25, 0.2,
                        0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05]
"""``$rawfractions`` in Moodle's question/engine/bank.php; the full list is these, 0, 1 and their negatives."""

GRADING_TYPES = {"lcs": "LONGEST_ORDERED_SUBSET", "adjacent": "RELATIVE_NEXT_EXCLUDE_LAST",
                 "position": "ABSOLUTE_POSITION", "all_or_nothing": "ALL_OR_NOTHING"}
MOODLE_TYPES = {"single_choice": "multichoice", "multiple_choice": "multichoice", "numeric": "numerical",
                "ordering": "ordering", "classify": "matching"}


def read_quiz(xml_text: str) -> list[dict]:
    """The XML as plain data, read the way Moodle's importer reads it (``qformat_xml``)."""
    entries = []
    for question in ET.fromstring(xml_text).findall("question"):
        kind = question.get("type")
        if kind == "category":
            entries.append({"type": kind, "path": question.findtext("category/text"),
                            "info": question.findtext("info/text"), "idnumber": question.findtext("idnumber")})
            continue
        entries.append({
            "type": kind,
            "name": question.findtext("name/text"),
            "idnumber": question.findtext("idnumber"),
            "questiontext": question.findtext("questiontext/text") or "",
            "generalfeedback": question.findtext("generalfeedback/text") or "",
            "defaultgrade": float(question.findtext("defaultgrade")),
            "tags": [tag.findtext("text") for tag in question.findall("tags/tag")],
            "single": question.findtext("single"),
            "gradingtype": question.findtext("gradingtype"),
            "units": [unit.findtext("unit_name") for unit in question.findall("units/unit")],
            "answers": [{"fraction": float(answer.get("fraction")), "text": answer.findtext("text") or "",
                         "feedback": answer.findtext("feedback/text") or "", "tolerance": answer.findtext("tolerance")}
                        for answer in question.findall("answer")],
            "subquestions": [(sub.findtext("text") or "", sub.findtext("answer/text"))
                             for sub in question.findall("subquestion")],
        })
    return entries


def plain(fragment: str) -> str:
    """An HTML text field of the export as the text it shows (option, item and feedback texts are escaped)."""
    return html.unescape(fragment)


def expected_fractions(question: dict) -> dict[str, float]:
    """Per option, the percentage the docstring's table promises (written out here, not taken from the module)."""
    if question["type"] == "single_choice":
        return {o["id"]: 100.0 if o.get("correct") else 100 * float(o.get("credit", 0)) for o in question["options"]}
    roles = [o.get("role", "wrong") for o in question["options"]]
    c, w = roles.count("correct"), roles.count("wrong")
    wrong = {"each_decision": -100 / (c + w), "net_correct": -100 / c, "all_or_nothing": -100.0}[
        question.get("scoring", "each_decision")]
    return {o["id"]: {"correct": 100 / c, "wrong": wrong, "optional": 0.0}[role]
            for o, role in zip(question["options"], roles)}


def check_question(case: Case, number: int, question: dict, got: dict) -> list[str]:
    """Every field the export writes for one question, against the case; one line per difference."""
    problems = []

    def expect(field: str, wanted, actual) -> None:
        if wanted != actual:
            problems.append(f"{case.id}/{question['id']} {field}: expected {wanted!r}, got {actual!r}")

    qtype = question["type"]
    expect("type", MOODLE_TYPES[qtype], got["type"])
    expect("idnumber", f"{case.id}/{question['id']}", got["idnumber"])
    expect("name starts with case and question id", True, got["name"].startswith(f"{case.id} {question['id']} "))
    expect("question text has the case title", True, html.escape(case.data["title"], quote=False) in got["questiontext"])
    expect("question text has its number", True, f"第 {number} 题" in got["questiontext"])
    expect("question text ends with the prompt", True, got["questiontext"].endswith(render(question["prompt"]).strip()))
    expect("general feedback starts with the explanation", True,
           got["generalfeedback"].startswith(render(question.get("explanation") or "").strip()))
    expect("marks", float(exercises.max_points(question)), got["defaultgrade"])
    expect("tags", [str(t) for t in case.data.get("tags", [])], got["tags"])
    answers = got["answers"]
    if qtype in ("single_choice", "multiple_choice"):
        options = question["options"]
        expect("single", "true" if qtype == "single_choice" else "false", got["single"])
        expect("option texts", [o["text"] for o in options], [plain(a["text"]) for a in answers])
        expect("option feedback", [o.get("feedback", "") for o in options],
               [plain(a["feedback"]).removeprefix("此项可选可不选，不影响得分。").strip() for a in answers])
        wanted = expected_fractions(question)
        expect("fractions", [round(wanted[o["id"]], 4) for o in options], [round(a["fraction"], 4) for a in answers])
    elif qtype == "numeric":
        key = float(question["key"])
        tolerance = abs(key) * question["relative_tolerance"] if "relative_tolerance" in question else question.get("tolerance", 0)
        errors = question.get("common_errors", [])
        expect("answers (value, fraction)", [(key, 100.0)] + [(float(e["value"]), 0.0) for e in errors],
               [(float(a["text"]), a["fraction"]) for a in answers])
        expect("tolerance", float(tolerance), float(answers[0]["tolerance"]))
        expect("common-error feedback", [e["feedback"] for e in errors], [plain(a["feedback"]) for a in answers[1:]])
        expect("unit", [question["unit"]] if question.get("unit") else [], got["units"])
    elif qtype == "ordering":
        texts = {item["id"]: item["text"] for item in question["items"]}
        expect("items in the key's order", [texts[i] for i in question["key"]], [plain(a["text"]) for a in answers])
        expect("grading type", GRADING_TYPES[question.get("scoring", "lcs")], got["gradingtype"])
        for constraint in question.get("constraints", []):
            if constraint.get("feedback"):
                expect(f"constraint feedback in general feedback: {constraint['feedback'][:10]}…", True,
                       html.escape(constraint["feedback"], quote=False) in got["generalfeedback"])
    else:
        labels = {c["id"]: c["label"] for c in question["categories"]}
        first = [item["key"] if isinstance(item["key"], str) else item["key"][0] for item in question["items"]]
        expect("pairs", [(item["text"], labels[k]) for item, k in zip(question["items"], first)],
               [(plain(text), answer) for text, answer in got["subquestions"] if text])
        expect("distractors", [label for cid, label in labels.items() if cid not in first],
               [answer for text, answer in got["subquestions"] if not text])
        for item in question["items"]:
            if item.get("feedback"):
                expect(f"item {item['id']} feedback in general feedback", True,
                       html.escape(item["feedback"], quote=False) in got["generalfeedback"])
    return problems


def test_every_case_exports_well_formed_xml_that_says_what_the_case_says():
    entries = read_quiz(moodle.export_quiz(CASES).xml)  # ET.fromstring: well-formed, or this raises
    problems: list[str] = []
    for case in CASES:
        category, description, *questions = entries[: 2 + sum(q["type"] in moodle.EXPORTED_TYPES for q in case.questions)]
        entries = entries[2 + len(questions):]
        if (category["type"], category["path"], category["idnumber"]) != ("category", f"服务营销案例/{case.id}", None):
            problems.append(f"{case.id}: category {category}")
        story = description["questiontext"]
        wanted = [render(case.data["narrative"]).strip(), *(html.escape(line["text"], quote=False) for line in case.data.get("transcript", [])),
                  *(html.escape(str(cell), quote=False) for table in case.data.get("tables", []) for row in table["rows"] for cell in row)]
        missing = [text[:20] for text in wanted if text not in story]
        if description["type"] != "description" or description["idnumber"] != f"{case.id}/narrative" or missing:
            problems.append(f"{case.id}: description {description['type']} {description['idnumber']}, missing {missing}")
        exported = [(n, q) for n, q in enumerate(case.questions, start=1) if q["type"] in moodle.EXPORTED_TYPES]
        for (number, question), got in zip(exported, questions, strict=True):
            problems += check_question(case, number, question, got)
    assert entries == [] and problems == []


def test_moodle_fractions_are_the_list_in_moodles_code():
    moodles = sorted({0.0, 1.0, -1.0} | set(MOODLE_RAW_FRACTIONS) | {-f for f in MOODLE_RAW_FRACTIONS})
    ours = [round(float(f), 7) for f in moodle.MOODLE_FRACTIONS]
    assert ours == moodles


def options(*roles: str, scoring: str | None = None) -> dict:
    """A multiple-choice question with one option per role, ids o1, o2, …"""
    question = {"id": "q", "type": "multiple_choice", "prompt": "?", "points": 6,
                "options": [{"id": f"o{n}", "text": f"选项{n}", "role": role} for n, role in enumerate(roles, start=1)]}
    return {**question, "scoring": scoring} if scoring else question


def single(*credits: float) -> dict:
    """A single-choice question: option a correct, then one option per credit."""
    rest = [{"id": f"o{n}", "text": f"选项{n}", **({"credit": c} if c else {})} for n, c in enumerate(credits, start=1)]
    return {"id": "q", "type": "single_choice", "prompt": "?", "options": [{"id": "a", "text": "对", "correct": True}, *rest]}


TRICKY = [
    # (question, expected fraction per option, one word for each note expected, in order)
    (options("correct", "correct", "correct", "wrong", "optional"), [Fraction(1, 3)] * 3 + [Fraction(-1, 4), 0], ()),
    (options("correct", "correct", *["wrong"] * 5, scoring="net_correct"), [Fraction(1, 2)] * 2 + [Fraction(-1, 2)] * 5, ()),
    (options("correct", "correct", "wrong", "wrong", scoring="all_or_nothing"), [Fraction(1, 2)] * 2 + [-1, -1],
     ("all_or_nothing",)),
    (options("correct", "correct", "correct", *["wrong"] * 8), [Fraction(1, 3)] * 3 + [Fraction(-1, 10)] * 8, ("扣分",)),
    (options(*["correct"] * 11, "wrong"), [Fraction(1, 10)] * 9 + [Fraction(1, 20)] * 2 + [Fraction(-1, 10)],
     ("平分不了", "扣分")),
    (options(*["correct"] * 7, "wrong", "wrong", scoring="net_correct"), [Fraction(1, 7)] * 7 + [Fraction(-1, 7)] * 2, ()),
    (single(0.35, 0.5, 0.05, 0), [1, Fraction(1, 3), Fraction(1, 2), Fraction(1, 20), 0], ("部分得分",)),
]


def test_choice_fractions_are_allowed_values_nearest_to_our_scheme_and_add_up():
    problems = []
    for number, (question, wanted, note_words) in enumerate(TRICKY):
        fractions, notes = moodle.answer_fractions(question)
        got = [fractions[o["id"]] for o in question["options"]]
        # Moodle's checks on import: a multiple-answer question's positive fractions add up to 100 %
        # (to two decimals), a single-answer question has one of 100 %
        full = sum(f for f in got if f > 0) if question["type"] == "multiple_choice" else max(got)
        if got != [Fraction(w) for w in wanted]:
            problems.append(f"datum {number}: fractions {got}")
        if not set(got) <= set(moodle.MOODLE_FRACTIONS):
            problems.append(f"datum {number}: not all allowed {got}")
        if round(float(full), 2) != 1:
            problems.append(f"datum {number}: full marks {full}")
        if len(notes) != len(note_words) or any(word not in note for word, note in zip(note_words, notes)):
            problems.append(f"datum {number}: notes {notes}")
    assert problems == []


def moodle_score(fractions: dict[str, Fraction], ticked: tuple[str, ...]) -> Fraction:
    """What Moodle's multiple-answer question gives (qtype_multichoice_multi_question::grade_response)."""
    return min(max(Fraction(0), sum((fractions[o] for o in ticked), Fraction(0))), Fraction(1))


def test_moodle_scores_multiple_choice_as_the_docstring_says():
    """net_correct exactly; each_decision exactly when every correct option is ticked, lower otherwise;
    all_or_nothing exactly unless some correct and no wrong options are ticked (Moodle then gives more)."""
    questions = [q for q, _, _ in TRICKY if q["type"] == "multiple_choice"]
    questions += [q for case in CASES for q in case.questions if q["type"] == "multiple_choice"]
    problems = []
    checked = 0
    for question in questions:
        fractions, notes = moodle.answer_fractions(question)
        scheme = question.get("scoring", "each_decision")
        if notes and scheme != "all_or_nothing":
            continue  # a value rounded to Moodle's list: the test above covers those
        checked += 1
        ids = [o["id"] for o in question["options"]]
        correct = {o["id"] for o in question["options"] if o.get("role") == "correct"}
        wrong = {o["id"] for o in question["options"] if o.get("role", "wrong") == "wrong"}
        for size in range(1, len(ids) + 1):
            for ticked in itertools.combinations(ids, size):
                result = exercises.grade(question, list(ticked))
                ours = Fraction(str(result["score"])) / Fraction(str(result["max"]))
                theirs = moodle_score(fractions, ticked)
                all_correct, any_correct, any_wrong = correct <= set(ticked), bool(correct & set(ticked)), bool(wrong & set(ticked))
                if scheme == "each_decision" and not all_correct:
                    ok = theirs <= ours
                elif scheme == "all_or_nothing" and any_correct and not all_correct and not any_wrong:
                    ok = theirs > ours
                else:
                    ok = abs(theirs - ours) < Fraction(1, 1000)
                if not ok:
                    problems.append(f"{question['options'][0]['text']}… {scheme} {ticked}: ours {ours}, Moodle {theirs}")
    assert problems == [] and checked == len(questions) - 2  # all but TRICKY's two rounded ones


def test_unexportable_questions_are_skipped_with_the_reason():
    b1 = BY_ID["b1-phone-drops"]
    export = moodle.export_quiz([b1])
    written = {entry["idnumber"] for entry in read_quiz(export.xml)}
    skipped = [(s.case_id, s.question_id, s.qtype, s.reason) for s in export.skipped]
    assert skipped == [(b1.id, "q1", "annotate", moodle.NOT_EXPORTED["annotate"]),
                       (b1.id, "q6", "text", moodle.NOT_EXPORTED["text"])]
    assert {f"{b1.id}/q1", f"{b1.id}/q6"} & written == set() and export.questions == len(b1.questions) - 2
    assert str(export.skipped[0]).startswith(f"{b1.id}/q1（对话标注）：")


def test_text_that_looks_like_markup_survives_the_xml():
    tricky = "a ]]> b & <b>c</b> 「d」\x0b"
    case = Case(id="zz-demo", path=Path("zz-demo.yaml"), data={
        "id": "zz-demo", "title": "演示 <1> & ]]>", "summary": "", "narrative": "x ]]> y", "tags": ["A&B"],
        "questions": [{**single(), "prompt": "**粗** ]]> <i>", "explanation": "解析 ]]>",
                       "options": [{"id": "a", "text": tricky, "correct": True, "feedback": tricky},
                                   {"id": "b", "text": "错"}]}]})
    (category, description, question) = read_quiz(moodle.export_quiz([case]).xml)
    assert [plain(a["text"]) for a in question["answers"]] == [tricky.replace("\x0b", ""), "错"]
    assert plain(question["answers"][0]["feedback"]) == tricky.replace("\x0b", "")
    assert "演示 &lt;1&gt; &amp; ]]&gt;" in question["questiontext"] and "]]&gt; &lt;i&gt;" in question["questiontext"]
    assert "x ]]&gt; y" in description["questiontext"] and question["tags"] == ["A&B"]


def answers_file(folder: Path, name: str, cases: dict, student: dict | None = None) -> Path:
    """An exported answers file, as the tests of ``cases grade`` build them."""
    data = {"format": submission.FORMAT, "version": submission.VERSION, "cases": cases}
    path = folder / name
    path.write_text(json.dumps({**data, **({"student": student} if student else {})}, ensure_ascii=False), encoding="utf-8")
    return path


def keys(case: Case) -> dict:
    return {"caseHash": case.content_hash, "answers": {q["id"]: exercises.key_answer(q) for q in case.questions}}


def test_the_moodle_grade_table_has_a_student_number_and_a_column_per_answered_case(tmp_path):
    b1, b2, b3 = BY_ID["b1-phone-drops"], BY_ID["b2-call-wait"], BY_ID["b3-wording"]
    miss = exercises.near_misses(b2.questions[1])[0][1]
    files = [
        answers_file(tmp_path, "2023001.json", {b1.id: keys(b1)}, student={"name": "王五"}),         # number = file name
        answers_file(tmp_path, "zhang.json", {b2.id: {"answers": {b2.questions[1]["id"]: miss}}},
                     student={"name": "张三", "number": "2023002"}),
        answers_file(tmp_path, "a.json", {b1.id: keys(b1)}, student={"number": "2023003"}),
        answers_file(tmp_path, "b.json", {}, student={"number": " 2023003 "}),                      # same number twice
    ]
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    files.append(tmp_path / "broken.json")
    cases = {case.id: case for case in (b1, b2, b3)}
    rows = gradesheet.grade_rows(gradebook.grade_batch(files, list(cases.values())))
    table = moodle.moodle_grades(rows, cases.values())
    full = {case.id: number(sum(exercises.max_points(q) for q in case.questions)) for case in (b1, b2)}
    assert table.header == ["学号", b1.id, b2.id]  # b3: nobody answered it
    assert table.rows == [["2023001", str(full[b1.id]), "-"],
                          ["2023002", "-", str(number(exercises.grade(b2.questions[1], miss)["score"]))]]
    assert [line.split("：")[0] for line in table.left_out] == [
        str(tmp_path / "broken.json"),
        f"学号 2023003 出现在 2 份答案文件里（{tmp_path / 'a.json'}, {tmp_path / 'b.json'}）"]
    assert table.maxima == full


def test_the_commands_write_moodle_xml_and_the_moodle_grade_csv(tmp_path, capsys):
    quiz = tmp_path / "quiz.xml"
    assert main(["moodle", "b1-phone-drops", str(ROOT / "cases" / "b2-call-wait.yaml"), "--cases", str(ROOT / "cases"),
                 "-o", str(quiz)]) == 0
    out, err = capsys.readouterr()
    categories = [e["path"] for e in read_quiz(quiz.read_text(encoding="utf-8")) if e["type"] == "category"]
    assert categories == ["服务营销案例/b1-phone-drops", "服务营销案例/b2-call-wait"]
    assert [line.split("（")[0] for line in err.splitlines() if line.startswith("跳过")] == [
        "跳过 b1-phone-drops/q1", "跳过 b1-phone-drops/q6", "跳过 b2-call-wait/q1", "跳过 b2-call-wait/q6"]
    assert str(quiz) in out
    assert main(["moodle", "zz-none", "--cases", str(ROOT / "cases")]) == 2
    assert "没有 id 为「zz-none」的案例" in capsys.readouterr().err

    b1 = BY_ID["b1-phone-drops"]
    path = answers_file(tmp_path, "2023001.json", {b1.id: keys(b1)})
    grades = tmp_path / "moodle.csv"
    assert main(["grade", str(path), "--cases", str(ROOT / "cases"), "--out", str(tmp_path / "g.csv"),
                 "--moodle-csv", str(grades)]) == 0
    raw = grades.read_bytes()
    full = number(sum(exercises.max_points(q) for q in b1.questions))
    assert raw.startswith(b"\xef\xbb\xbf") and raw.decode("utf-8-sig").splitlines() == ["学号,b1-phone-drops", f"2023001,{full}"]
    assert re.search(rf"b1-phone-drops {full} 分", capsys.readouterr().out)
