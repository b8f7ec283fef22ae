"""`cases grade` trusts nothing a file says about itself, and one bad file never stops a batch.

The corpus below holds one file for each way a hand-in goes wrong; graded together with good
files, each bad one gets its own line naming the file and the reason, and every good one is
graded exactly as ``exercises.grade`` grades its answers.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import exercises
from build_tools.cases import gradebook, submission
from build_tools.cases.cli import main
from shipped import shipped_cases
from build_tools.devtools.submissions import SITE, make_class, write_class

ROOT = Path(__file__).resolve().parents[2]
CASES = shipped_cases()
B1 = next(case for case in CASES if case.id == "b1-phone-drops")


def answers_file(number: str | None = "2024900", name: str = "测试", cases: dict | None = None, **extra) -> dict:
    """An answers file as the site writes it, with every question of B1 answered with its key."""
    entry = {"caseHash": B1.content_hash, "answers": {q["id"]: exercises.key_answer(q) for q in B1.questions}}
    student = {"name": name, **({"number": number} if number else {})}
    return {"format": submission.FORMAT, "version": submission.VERSION, "site": SITE, "mode": "assessment",
            "student": student, "cases": {B1.id: entry} if cases is None else cases, **extra}


def write(folder: Path, name: str, data) -> Path:
    path = folder / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def bad_corpus(folder: Path) -> dict[Path, tuple[str, str]]:
    """File -> (flag kind, words its line must contain), one for each way a hand-in goes wrong."""
    corpus: dict[Path, tuple[str, str]] = {}
    whole = json.dumps(answers_file("2024801"), ensure_ascii=False)
    (folder / "truncated.json").write_text(whole[: len(whole) // 2], encoding="utf-8")
    corpus[folder / "truncated.json"] = ("unreadable", "文件不完整")
    corpus[write(folder, "other-format.json", {**answers_file("2024802"), "format": "quiz-export"})] = (
        "unreadable", "不是本课程导出的答案文件")
    corpus[write(folder, "next-version.json", {**answers_file("2024803"), "version": 99})] = ("unreadable", "版本 99 不受支持")
    corpus[write(folder, "a-list.json", [answers_file("2024804")])] = ("unreadable", "不是答案文件")
    corpus[write(folder, "other-course.json", answers_file("2024805", cases={"marketing-4p": {"answers": {"q1": "a"}}}))] = (
        "other-course", "来自另一门课程")
    edited = answers_file("2024806")
    wrong = next(q for q in B1.questions if q["type"] == "single_choice")
    wrong_option = next(o["id"] for o in wrong["options"] if not o.get("correct"))
    edited["cases"][B1.id]["answers"][wrong["id"]] = wrong_option
    edited["cases"][B1.id]["results"] = {wrong["id"]: {"status": "graded", "score": float(exercises.max_points(wrong)),
                                                       "max": float(exercises.max_points(wrong)), "answer": wrong_option}}
    corpus[write(folder, "edited-scores.json", edited)] = ("edited-results", f"{wrong['id']} 记")
    corpus[write(folder, "twin-a.json", answers_file("2024807", name="甲"))] = ("duplicate-number", "twin-b.json")
    corpus[write(folder, "twin-b.json", answers_file("2024807", name="乙"))] = ("duplicate-number", "twin-a.json")
    outdated = answers_file("2024808")
    outdated["cases"][B1.id]["caseHash"] = "0123456789ab"
    corpus[write(folder, "outdated.json", outdated)] = ("outdated-case", "0123456789ab")
    (folder / "gbk.json").write_bytes(json.dumps(answers_file("2024809"), ensure_ascii=False).encode("gb18030"))
    corpus[folder / "gbk.json"] = ("unreadable", "不是 UTF-8")
    (folder / "empty.json").write_bytes(b"")
    corpus[folder / "empty.json"] = ("unreadable", "文件是空的")
    (folder / "a-folder.json").mkdir()
    corpus[folder / "a-folder.json"] = ("unreadable", "文件夹")
    (folder / "brackets.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    corpus[folder / "brackets.json"] = ("unreadable", "嵌套过深")
    deep = answers_file("2024810")
    deep["cases"][B1.id]["answers"]["q1"] = json.loads("[" * 500 + "]" * 500)
    corpus[write(folder, "deep-answer.json", deep)] = ("unreadable", "嵌套过深")
    with (folder / "huge.json").open("wb") as handle:
        handle.truncate(gradebook.MAX_FILE_BYTES + 1)
    corpus[folder / "huge.json"] = ("unreadable", "太大")
    corpus[folder / "gone.json"] = ("unreadable", "找不到这个文件")
    corpus[write(folder, "2024811.json", answers_file(None))] = ("no-number", "「2024811」")
    corpus[write(folder, "bad-entry.json", answers_file("2024812", cases={B1.id: "answered"}))] = (
        "bad-entry", f"案例 {B1.id} 的记录不是对象")
    corpus[write(folder, "nothing.json", answers_file("2024813", cases={}))] = ("no-answers", "没有任何作答")
    corpus[write(folder, "practice-site.json", {**answers_file("2024814"), "site": "https://course.example.edu/practice/"})] = (
        "other-site", "来自另一个网站 https://course.example.edu/practice/")
    return corpus


def test_every_bad_file_gets_its_line_and_the_rest_of_the_batch_is_graded(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    corpus = bad_corpus(folder)
    good = write_class(make_class(CASES[:3], students=5), folder)
    out, report = tmp_path / "grades.csv", tmp_path / "report"

    status = main(["grade", *map(str, [*corpus, *good]), "--cases", str(ROOT / "cases"), "--out", str(out),
                   "--report", str(report)])

    lines = capsys.readouterr().err.splitlines()
    batch = gradebook.grade_batch([*corpus, *good], CASES)
    kinds = {Path(flag.file): {f.kind.value for f in batch.flags if f.file == flag.file} for flag in batch.flags}
    failed = []
    for path, (kind, words) in corpus.items():
        mine = [line for line in lines if line.startswith(f"{path}: ")]
        if not any(words in line for line in mine) or kind not in kinds.get(path, set()):
            failed.append(f"{path.name}: wanted {kind} with 「{words}」, got {kinds.get(path)} {mine}")
    assert failed == []
    assert len(corpus) >= 10 and status == 1
    assert not [line for line in lines if any(line.startswith(f"{path}: ") for path in good)]

    rows = {row["file"]: row for row in csv.DictReader(out.open(encoding="utf-8-sig"))}
    assert set(rows) == {str(p) for p in [*corpus, *good]}
    for path in good:
        data = json.loads(path.read_text(encoding="utf-8"))
        expected = sum(exercises.grade(q, data["cases"][case.id]["answers"][q["id"]])["score"]
                       for case in CASES[:3] for q in case.questions if q["id"] in data["cases"][case.id]["answers"])
        assert abs(float(rows[str(path)]["total"]) - expected) < 1e-6, path.name
    wrong = next(q for q in B1.questions if q["type"] == "single_choice")
    regraded = sum(float(exercises.max_points(q)) for q in B1.questions) - float(exercises.max_points(wrong))
    assert float(rows[str(folder / "edited-scores.json")]["total"]) == regraded  # not the score the file claims
    assert rows[str(folder / "2024811.json")]["number"] == "2024811"

    index = (report / "index.html").read_text(encoding="utf-8")
    listed = {kind for kind, _ in corpus.values()}
    assert {kind for kind in listed if f'data-flag="{kind}"' not in index} == set()
    pages = {p.stem for p in (report / "students").glob("*.html")}
    assert {json.loads(p.read_text(encoding="utf-8"))["student"]["number"] for p in good} <= pages


def test_a_score_edited_in_the_file_counts_for_nothing(tmp_path):
    """The edited file above claims full marks for a wrong option: the grade is the regrade's, 0."""
    corpus = bad_corpus(tmp_path)
    path = tmp_path / "edited-scores.json"
    graded = gradebook.grade_batch([path], CASES).submissions[0]
    wrong = next(a for a in graded.cases[B1.id].answers if a.question["type"] == "single_choice")
    assert (wrong.stored_score, wrong.score) == (float(exercises.max_points(wrong.question)), 0.0)
    assert [f.kind for f in graded.flags] == [gradebook.FlagKind.EDITED_RESULTS]
    assert corpus[path][0] == "edited-results"


def test_results_the_browser_stored_raise_no_flag_when_they_are_true(tmp_path):
    """Practice files carry the browser's results; graded by the same grader, they agree: no false alarm."""
    paths = write_class(make_class(CASES[:4], students=8, mode="practice"), tmp_path)
    batch = gradebook.grade_batch(paths, CASES)
    assert [str(flag) for flag in batch.flags] == []
    assert all(a.stored_score is not None for s in batch.graded for c in s.cases.values() for a in c.answers if a.answered)


def test_a_result_stored_for_an_earlier_answer_is_no_edit(tmp_path):
    """The student changed an answer after grading it: the stored result is for the old answer."""
    data = answers_file("2024820")
    q = B1.questions[1]
    data["cases"][B1.id]["results"] = {q["id"]: {"status": "graded", "score": 0, "max": 2, "answer": "zz-old"}}
    graded = gradebook.grade_batch([write(tmp_path, "changed.json", data)], CASES).submissions[0]
    assert graded.flags == []


def test_notes_alone_leave_the_exit_status_clean(tmp_path, capsys):
    """A case changed since it was answered, a file without a student number: listed, graded, status 0."""
    outdated = answers_file("2024830")
    outdated["cases"][B1.id]["caseHash"] = "fedcba987654"
    paths = [write(tmp_path, "outdated.json", outdated), write(tmp_path, "2024831.json", answers_file(None))]
    assert main(["grade", *map(str, paths), "--cases", str(ROOT / "cases"), "--out", str(tmp_path / "g.csv")]) == 0
    err = capsys.readouterr().err
    assert "outdated.json: 提醒：案例 b1-phone-drops 在学生作答后改过" in err
    assert "2024831.json: 提醒：文件里没有学号" in err


def test_both_files_of_a_shared_student_number_name_each_other(tmp_path):
    paths = [write(tmp_path, f"{name}.json", answers_file("2024840", name=name)) for name in ("one", "two", "three")]
    batch = gradebook.grade_batch(paths, CASES)
    lines = {Path(f.file).stem: f.message for f in batch.flags}
    wanted = {"one": ("two.json", "three.json"), "two": ("one.json", "three.json"), "three": ("one.json", "two.json")}
    assert {stem: all(other in lines.get(stem, "") for other in others) for stem, others in wanted.items()} == {
        stem: True for stem in wanted}
    assert len({s.page_id for s in batch.submissions}) == 3  # each still gets a page of its own
