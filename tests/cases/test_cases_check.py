"""`cases check` on the real cases: they pass, and a wrong key anywhere makes the check fail loudly."""

import copy
import dataclasses
from pathlib import Path

import yaml

import exercises
from shipped import shipped_cases
from build_tools.cases.cli import main
from build_tools.cases.proof import check_question

ROOT = Path(__file__).resolve().parents[2]
CASES = shipped_cases()


def test_every_case_passes_the_check(capsys):
    assert main(["check", str(ROOT / "cases")]) == 0
    out = capsys.readouterr().out
    assert "全部通过" in out and "二次加权 κ" in out


def break_key(question):
    """Return a copy of `question` whose key is wrong in the way an instructor's slip would make it."""
    q = copy.deepcopy(question)
    kind = q["type"]
    if kind == "single_choice":
        right = next(o for o in q["options"] if o.get("correct"))
        wrong = next(o for o in q["options"] if not o.get("correct"))
        right.pop("correct")
        wrong.pop("credit", None)
        wrong["correct"] = True
    elif kind == "multiple_choice":
        correct = next(o for o in q["options"] if o.get("role") == "correct")
        wrong = next(o for o in q["options"] if o.get("role", "wrong") == "wrong")
        correct["role"], wrong["role"] = "wrong", "correct"
    elif kind == "ordering":
        q["key"] = q["key"][1:] + q["key"][:1]
        q.pop("also_accept", None)
        q.pop("constraints", None)
    elif kind == "classify":
        item = q["items"][0]
        accepted = item["key"] if isinstance(item["key"], list) else [item["key"]]
        item["key"] = next(c["id"] for c in q["categories"] if c["id"] not in accepted)
    elif kind == "numeric":
        q["key"] = q["key"] + 2 * q.get("tolerance", 0) + 1
        q.pop("common_errors", None)
    elif kind == "annotate":
        q["key"] = q["key"][1:] or [{"line": next(l for l in q["selectable"] if l != q["key"][0]["line"]), "tags": q["key"][0]["tags"]}]
        q.pop("points", None)
    elif kind == "text":
        q["key"] = "今天天气很好，我们一起去公园散步吧。"
    return q


def test_a_wrong_key_anywhere_fails_its_proofs_naming_file_line_and_question():
    """Every question of every case, its key broken in memory as an instructor's slip would break it:
    the proofs of that question fail (the key itself, or the samples that now disagree with it), each
    saying where: the file, a line inside the question, its id."""
    missed = []
    for case in CASES:
        for index, question in enumerate(case.questions):
            data = copy.deepcopy(case.data)
            data["questions"][index] = break_key(question)
            broken = dataclasses.replace(case, data=data)
            failures = check_question(broken, index).failures
            first_line = case.line_of(("questions", index))
            if not any(f.file.endswith(case.path.name) and f.line >= first_line > 0 and question["id"] in f.question
                       for f in failures):
                missed.append(f"{case.id}:{question['id']}: {[str(f) for f in failures]}")
    assert missed == []


def test_a_wrong_key_in_a_file_fails_cases_check_naming_file_and_question(tmp_path, capsys):
    """The same end to end, once: a broken key written to a YAML file makes `cases check` exit 1."""
    case = CASES[0]
    index = next(i for i, q in enumerate(case.questions) if q["type"] == "single_choice")
    data = yaml.safe_load(case.path.read_text(encoding="utf-8"))
    data["questions"][index] = break_key(data["questions"][index])
    copy_path = tmp_path / case.path.name
    copy_path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert main(["check", str(copy_path)]) == 1
    err = capsys.readouterr().err
    assert case.path.name in err and case.questions[index]["id"] in err


B1 = next(c for c in CASES if c.id == "b1-phone-drops")
REWRITE = next(q for q in B1.questions if q["type"] == "text")


def concept(result, concept_id):
    return next(p for p in result["parts"] if p["id"] == concept_id)


def test_full_rewrite_of_the_agent_reply_scores_the_maximum():
    answer = "您好，非常抱歉让您一直碰到断线，确实很影响使用。请问一般是什么时间、在哪个区域断线？您的号码是多少？我马上帮您查询并提交网络检测，24小时内给您回电。"
    result = exercises.grade(REWRITE, answer)
    assert (result["status"], result["score"]) == ("graded", result["max"])


def test_refusing_to_apologise_earns_no_apology_concept():
    apology = next(c["id"] for c in REWRITE["concepts"] if "致歉" in c["label"] or "道歉" in c["label"])
    result = exercises.grade(REWRITE, "我不会向您道歉，这不是我们的问题。")
    assert concept(result, apology)["score"] == 0


def test_bare_keyword_list_earns_at_most_30_percent():
    result = exercises.grade(REWRITE, "道歉 理解 查询 回电")
    assert result["status"] == "graded" and result["score"] <= 0.3 * result["max"]


def test_batch_grading_writes_a_gradebook(tmp_path, capsys):
    import json

    answers = {q["id"]: exercises.key_answer(q) for q in B1.questions}
    submission = {"format": "service-course-answers", "version": 1, "student": "张三",
                  "cases": {B1.id: {"caseHash": B1.content_hash, "answers": answers}}}
    path = tmp_path / "zhangsan.json"
    path.write_text(json.dumps(submission, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "grades.csv"
    assert main(["grade", str(path), "--cases", str(ROOT / "cases"), "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8-sig")
    b1_max = sum(exercises.grade(q, exercises.key_answer(q))["max"] for q in B1.questions)
    assert "张三" in text and f"{B1.id}/{B1.questions[0]['id']}" in text
    row = text.splitlines()[1].split(",")
    assert float(row[-3]) == b1_max


def test_new_never_overwrites_an_existing_file(tmp_path, capsys):
    target = tmp_path / "b99-demo.yaml"
    target.write_text("keep me", encoding="utf-8")
    assert main(["new", "b99-demo", "--dir", str(tmp_path)]) == 1
    assert target.read_text(encoding="utf-8") == "keep me"


def test_batch_grading_lists_every_unusable_file_and_grades_the_rest(tmp_path, capsys):
    """Another format, another version, broken JSON, another course's case: each named with its file and
    reason on stderr, the batch goes on, the good file is graded, and the exit status says so."""
    import json

    from build_tools.cases import submission

    answers = {q["id"]: exercises.key_answer(q) for q in B1.questions}
    files = {
        "good.json": {"format": submission.FORMAT, "version": submission.VERSION, "student": {"name": "王五", "number": "2023001"},
                      "cases": {B1.id: {"answers": answers}}},
        "other-format.json": {"format": "something-else", "version": 1, "cases": {}},
        "next-version.json": {"format": submission.FORMAT, "version": submission.VERSION + 1, "cases": {}},
        "unknown-case.json": {"format": submission.FORMAT, "version": submission.VERSION, "cases": {"zz-none": {}}},
    }
    for name, data in files.items():
        (tmp_path / name).write_text(json.dumps(data), encoding="utf-8")
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    paths = sorted(str(p) for p in tmp_path.glob("*.json"))
    out = tmp_path / "grades.csv"
    assert main(["grade", *paths, "--cases", str(ROOT / "cases"), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    expected = {"other-format.json": "不是本课程导出的答案文件", "next-version.json": "版本 2 不受支持",
                "unknown-case.json": "来自另一门课程或另一套案例", "broken.json": "无法读取"}
    missing = [f"{name}: {reason}" for name, reason in expected.items()
               if not any(name in line and reason in line for line in err.splitlines())]
    assert missing == [] and "good.json" not in err
    rows = out.read_text(encoding="utf-8-sig").splitlines()
    assert len(rows) == 1 + len(files) + 1


def test_batch_grading_details_say_how_each_score_was_reached(tmp_path, capsys):
    """--details: one row per question answered, the score graded now, and the browser's record
    (first and best score, whether the explanation was read before the last graded attempt);
    values that are not numbers in a student's file come out blank, never as a crash."""
    import csv
    import json

    q1, q2, q3 = (q["id"] for q in B1.questions[:3])
    entry = {
        "caseHash": B1.content_hash,
        "answers": {q1: exercises.key_answer(B1.questions[0]), q2: exercises.key_answer(B1.questions[1]), q3: "??"},
        "attempts": {q1: 3, q2: 1, q3: "many"},
        "history": {q1: {"first": 2, "best": 16, "openedAt": 1}, q2: {"first": 1, "best": 1, "openedAt": 1},
                    q3: {"first": "x", "best": True, "openedAt": -1}},
    }
    submission = {"format": "service-course-answers", "version": 1, "student": "李四", "cases": {B1.id: entry}}
    path = tmp_path / "lisi.json"
    path.write_text(json.dumps(submission, ensure_ascii=False), encoding="utf-8")
    details = tmp_path / "details.csv"
    assert main(["grade", str(path), "--cases", str(ROOT / "cases"), "--out", str(tmp_path / "g.csv"),
                 "--details", str(details)]) == 0
    rows = {row["question"]: row for row in csv.DictReader(details.open(encoding="utf-8-sig"))}
    wanted = {
        q1: {"attempts": "3", "first_score": "2", "best_score": "16", "explanation_opened_at": "1", "answered_after_explanation": "是"},
        q2: {"attempts": "1", "first_score": "1", "best_score": "1", "explanation_opened_at": "1", "answered_after_explanation": "否"},
        q3: {"attempts": "", "first_score": "", "best_score": "", "explanation_opened_at": "", "answered_after_explanation": ""},
    }
    got = {qid: {k: rows[qid][k] for k in wanted[q1]} for qid in wanted}
    assert got == wanted
    assert float(rows[q1]["score"]) == float(exercises.max_points(B1.questions[0]))
    assert rows[q3]["score"] == "0" and set(rows[q1]) >= {"file", "student", "case", "max"} and rows[q1]["student"] == "李四"
    assert len(rows) == len(B1.questions)  # every question of a case the student worked on; unanswered ones blank
