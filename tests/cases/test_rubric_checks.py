"""`cases check` on text rubrics: blind samples reported apart, untested forbidden rules and copied banks refused,
and `--explain` showing why a sample's score differs from the teacher's mark."""

from pathlib import Path

from build_tools.cases.cli import main

CASE = """\
id: x1-demo
title: 演示
summary: 演示。
chapters: [communication]
tags: [演示]
narrative: 演示。
questions:
  - id: q1
    type: text
    prompt: 对客户说一句话。
    max_chars: 80
    key: 非常抱歉让您久等了，我马上帮您查，明天给您回电。
    concepts:
      - {id: sorry, label: 致歉, points: 2, synonyms: [{bank: apology}]}
      - {id: act, label: 行动, points: 1, synonyms: [{bank: act-now}, 帮您查]}
      - {id: follow, label: 跟进, points: 1, synonyms: [{bank: follow-up}]}
    forbidden:
      - {bank: blame, deduction: 2}
    samples:
      - {answer: 非常抱歉，我马上帮您查，明天回电。, mark: 4}
      - {answer: 抱歉，我马上查，明天回电。不过多半是您手机的毛病。, mark: 2}
      - {answer: 我马上帮您查。, mark: 1}
      - {answer: 明天给您回电。, mark: 1}
      - {answer: 对不起让您久等了。, mark: 2}
      - {answer: 您好，请稍等。, mark: 0}
      - {answer: 真对不住，我这就去查，今晚给您答复。, mark: 4}
      - {answer: 不好意思，明天回电。, mark: 3}
SAMPLES_EXTRA
"""


def line_of(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if fragment in line)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "x1-demo.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_blind_samples_are_reported_apart_and_never_fail(tmp_path, capsys):
    blind = ("      - {answer: 好的。, mark: 4, blind: true}\n"          # far off, yet no failure
             "      - {answer: 对不起，我马上帮您查。, mark: 3, blind: true}\n")
    assert main(["check", str(write(tmp_path, CASE.replace("SAMPLES_EXTRA\n", blind)))]) == 0
    out = capsys.readouterr().out
    assert "（作者样例）：相差不超过 1 分 100%" in out
    assert "（盲评样例）：相差不超过 1 分 50%" in out and "n = 2" in out
    assert "在容差内 8/8" in out  # blind samples are not counted among the held samples


def test_a_forbidden_rule_no_sample_triggers_fails_with_its_line(tmp_path, capsys):
    text = CASE.replace("SAMPLES_EXTRA\n", "").replace("不过多半是您手机的毛病。, mark: 2}", "不过我也说不准。, mark: 4}")
    assert main(["check", str(write(tmp_path, text))]) == 1
    err = capsys.readouterr().err
    assert f"x1-demo.yaml:{line_of(text, '{bank: blame')}:" in err and "没有任何样例触发它" in err


def test_a_list_copied_from_a_bank_fails_and_names_the_bank(tmp_path, capsys):
    text = CASE.replace("SAMPLES_EXTRA\n", "").replace("synonyms: [{bank: apology}]", "synonyms: [对不起, 抱歉, 不好意思, 给您添麻烦, 对不住]")
    assert main(["check", str(write(tmp_path, text))]) == 1
    err = capsys.readouterr().err
    assert "重复了共享词库「apology」" in err and "bank: apology" in err
    assert f"x1-demo.yaml:{line_of(text, '对不起, 抱歉')}:" in err


def test_explain_shows_matches_negations_lists_and_deductions(tmp_path, capsys):
    extra = ("      - {answer: 我不会道歉，我马上帮您查，明天回电。, mark: 4}\n"   # teacher disagrees: machine gives 2
             "      - {answer: 道歉 马上 回电, mark: 0}\n")
    path = write(tmp_path, CASE.replace("SAMPLES_EXTRA\n", extra))
    assert main(["check", str(path), "--explain", "x1-demo/q1"]) == 0
    out = capsys.readouterr().out
    assert "样例 9：机器 2，老师 4" in out and "被否定而不计：「我不会道歉」" in out
    assert "关键词罗列" in out
    assert "「多半是您手机的毛病」" not in out  # sample 2 agrees with its mark, so it is not explained
    assert main(["check", str(path), "--explain", "x9-none"]) == 2
    assert "没有 id 为「x9-none」的案例" in capsys.readouterr().err


def test_every_shipped_text_question_has_ten_blind_samples():
    from shipped import shipped_cases
    from build_tools.cases.proof import BLIND_MINIMUM

    cases = shipped_cases()
    short = [(case.id, q["id"]) for case in cases for q in case.questions
             if q["type"] == "text" and sum(1 for s in q.get("samples") or [] if s.get("blind")) < BLIND_MINIMUM]
    assert short == []


def test_too_few_blind_samples_is_a_reminder_not_a_failure(tmp_path, capsys):
    assert main(["check", str(write(tmp_path, CASE.replace("SAMPLES_EXTRA\n", "")))]) == 0
    assert "只有 0 条盲评样例" in capsys.readouterr().err


ORDERING_CASE = """\
id: x2-order
title: 演示
summary: 演示。
chapters: [recovery]
tags: [演示]
narrative: 演示。
questions:
  - id: q1
    type: ordering
    prompt: 排好顺序。
    items:
      - {id: b, text: 乙}
      - {id: a, text: 甲}
      - {id: c, text: 丙}
      - {id: d, text: 丁}
    key: [a, b, c, d]
"""


def test_an_ordering_shown_in_an_order_that_already_scores_is_pointed_out_with_its_line(tmp_path, capsys):
    path = tmp_path / "x2-order.yaml"
    path.write_text(ORDERING_CASE, encoding="utf-8")
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr()
    said = out.out + out.err
    assert f"x2-order.yaml:{line_of(ORDERING_CASE, 'items:')}" in said and "原样提交或整体倒过来就能得 75% 的分" in said
    path.write_text(ORDERING_CASE.replace("""      - {id: b, text: 乙}
      - {id: a, text: 甲}
      - {id: c, text: 丙}
      - {id: d, text: 丁}
    key: [a, b, c, d]""", """      - {id: b, text: 乙}
      - {id: d, text: 丁}
      - {id: a, text: 甲}
      - {id: c, text: 丙}
    key: [a, b, c, d]"""), encoding="utf-8")  # lcs: b d a c and c a d b keep no run longer than 2
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr()
    assert "原样提交或整体倒过来" not in out.out + out.err
