"""Rubric free text in Chinese: matching, folding, negation, stuffing, forbidden phrases, limits."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exercises import grade
from exercises.chinese import NEGATION_CUES, NEGATION_GAP, char_count, fold, is_boundary, is_negated, neutral_mask
from exercises.question_types.text import near_misses

QUESTION = {
    "id": "q", "type": "text", "max_chars": 80, "min_chars": 4,
    "key": "非常抱歉让您久等了。请问您的号码和断线的地点？我马上帮您查询，明天给您回电。",
    "concepts": [
        {"id": "sorry", "label": "致歉", "points": 2, "synonyms": ["抱歉", "对不起", "不好意思", "道歉"]},
        {"id": "ask", "label": "询问两项信息", "points": 2, "need": 2,
         "synonyms": [["号码", "手机号"], ["地点", "哪里", "什么地方"], ["时间", "几点"]]},
        {"id": "act", "label": "行动", "points": 1, "synonyms": ["马上", "立即", "帮您查询"]},
        {"id": "follow", "label": "跟进", "points": 1, "synonyms": ["回电", "回复您"]},
    ],
    "forbidden": [{"phrases": ["不可能", "凭什么"], "deduction": 1, "except": ["不可能让您"]}],
}


def concept_score(answer, concept):
    return next(p["score"] for p in grade(QUESTION, answer)["parts"] if p["id"] == concept)


@pytest.mark.parametrize(
    "answer, concept, score",
    [
        ("非常抱歉给您添麻烦", "sorry", 2),
        ("真是對不起您", "sorry", 2),                 # traditional characters
        ("ＳＯＲＲＹ，非常抱歉", "sorry", 2),          # full-width letters fold too
        ("我不会向您道歉的", "sorry", 0),              # negated
        ("我们没有什么好抱歉的", "sorry", 0),          # "nothing to apologise for" is a refusal
        ("没有及时通知您真的很抱歉", "sorry", 2),      # cue far before the match: still an apology
        ("不好意思让您久等了", "sorry", 2),            # 不好意思 is an apology, not a negation
        ("没关系，这不需要道歉", "sorry", 0),
        ("非常抱歉，没有及时回复您", "sorry", 2),      # 非常 is not a negation cue
        ("请问您的号码？", "ask", 1),                  # one of two groups: half the points
        ("请问您的手机号和号码", "ask", 1),            # two phrases of the same group still count once
        ("请问您的号码，在哪里断线？", "ask", 2),
        ("您别担心我马上帮您查询", "act", 1),          # 别担心 is reassurance, not negation
        ("我们无法马上处理", "act", 0),
        ("我问问能不能马上帮您查询", "act", 1),        # an A-not-A question asks, it does not negate
        ("看看可不可以立即处理", "act", 1),
        ("我们不能马上处理", "act", 0),                # the plain negation still cancels
    ],
)
def test_concept_matching(answer, concept, score):
    assert concept_score(answer, concept) == score


def test_key_scores_full_marks():
    result = grade(QUESTION, QUESTION["key"])
    assert (result["status"], result["score"], result["max"]) == ("graded", 6, 6)


def test_a_bare_keyword_list_earns_a_quarter_of_what_it_lists():
    wrong = []
    for answer in ["抱歉 号码 地点 马上 回电", "抱歉、号码、地点、马上、回电", "抱歉\n号码\n地点\n马上\n回电",
                   "抱歉。号码。地点。马上。回电。", "1.抱歉 2.号码 3.地点 4.马上 5.回电"]:
        result = grade(QUESTION, answer)
        if result["score"] != 6 / 4 or "关键词" not in result["message"]:
            wrong.append((answer, result["score"]))
    assert wrong == []


def test_keyword_lists_are_told_apart_from_terse_spoken_answers():
    rows = [
        # (answer, is it a bare list?)
        ("道歉 理解 查询 回电", True),
        ("称呼先生 道歉安抚 询问时间地点 机型 换卡测试 信号格数 提交网络排查 24小时内电话回复", True),
        ("反应迅速；主动承担；退款；免费住一晚；超出期望；附加条件；像促销", True),
        ("安抚孩子、先处理情绪、平息父母怒气、尊重、道歉、收拾箱子", True),
        ("您好、祝您愉快；对不起、非常抱歉、误会；本意只是打招呼、责任在我；今后注意、规范服务用语", True),  # greetings are terms too
        ("您好 早上好 需要帮忙吗 祝您愉快\n对不起 是我的错 用语不当 只是想打招呼 没有别的意思 以后注意", True),
        ("您好 我马上帮您查 稍后给您回电 您稍等", False),
        ("先生，您好，对不起，我马上查，稍后回电。", False),
        ("您好，不好意思让您着急了，我帮您看看是怎么回事，您稍等。", False),
        ("优点：反应快，很主动，送酒店，超预期。局限：有条件，没道歉。", False),
        ("sorry 让您久等了，OK，我这就帮您办理，请问您要办什么业务？", False),
        ("补偿快，但有条件。", False),
        ("先道歉，然后问清楚情况，再安排维修。", False),
    ]
    wrong = [(answer, listed) for answer, listed in rows
             if ("关键词" in grade(QUESTION, answer)["message"]) is not listed]
    assert wrong == []


def test_short_sentences_are_not_taken_for_a_keyword_list():
    answer = "您好！非常抱歉！请问您的号码？在什么地方？我马上查询，明天回电。"
    assert grade(QUESTION, answer)["score"] == 6


@pytest.mark.parametrize(
    "answer, score",
    [
        ("非常抱歉，请问您的号码和地点？我马上查询，明天回电。凭什么", 5),          # one deduction
        ("不可能！凭什么！", 0),                                                      # floored at 0
        ("非常抱歉，不可能让您再等了，请问您的号码和地点？马上查询后回电。", 6),    # exception phrase
    ],
)
def test_forbidden_phrases_deduct(answer, score):
    assert grade(QUESTION, answer)["score"] == score


def test_negated_forbidden_wording_does_not_deduct_unless_the_rule_says_so():
    question = {**QUESTION, "forbidden": [{"phrases": ["您自己去"], "deduction": 2}]}
    strict = {**QUESTION, "forbidden": [{"phrases": ["您自己去"], "deduction": 2, "negatable": False}]}
    answer = "非常抱歉，请问您的号码和地点？我绝不会让您自己去跑，我马上查询，明天回电。"
    assert grade(question, answer)["score"] == 6
    assert grade(strict, answer)["score"] == 4
    assert grade(question, "非常抱歉，请问您的号码和地点？您自己去营业厅问吧，明天回电。")["score"] == 3


def test_a_forbidden_bank_deducts_every_blaming_clause_and_explains_why():
    question = {**QUESTION, "forbidden": [{"bank": "blame", "deduction": 2}]}
    answer = "非常抱歉，请问您的号码和地点？我马上查询，明天回电。不过说实话这多半是您手机的毛病。"
    result = grade(question, answer)
    deduction = next(p for p in result["parts"] if p["id"] == "forbidden-1")
    assert result["score"] == 4
    assert "您手机的毛病" in deduction["feedback"] and "推给顾客" in deduction["feedback"]
    assert grade(question, "非常抱歉，这不怪您。请问您的号码和地点？我马上查询，明天回电。")["score"] == 6


def test_feedback_names_every_concept():
    labels = [p["label"] for p in grade(QUESTION, "非常抱歉")["parts"]]
    assert labels == ["致歉", "询问两项信息", "行动", "跟进"]


@pytest.mark.parametrize(
    "answer, fragment",
    [("", "还没有作答"), ("   ", "还没有作答"), ("好的", "字数太少"), ("抱" * 81, "字数超出上限"), (["抱歉"], "文字")],
)
def test_limits_and_shapes_are_invalid_with_a_reason(answer, fragment):
    result = grade(QUESTION, answer)
    assert result["status"] == "invalid" and fragment in result["message"]


def test_character_count_ignores_whitespace():
    assert char_count("您好 ，\n抱歉") == 5


@pytest.mark.parametrize("raw, folded", [("對不起", "对不起"), ("ＡＢＣ１２３", "abc123"), ("，", ",")])
def test_folding(raw, folded):
    assert fold(raw) == folded


@pytest.mark.parametrize(
    "key",
    [
        "非常抱歉，我马上帮您查询，明天给您回电。",
        "非常抱歉，我会马上帮您查询，我能回电。",    # 「会不会」「能不能」 would ask, not negate
    ],
)
def test_negated_near_miss_really_negates_the_element(key):
    question = {**QUESTION, "key": key}
    for label, answer in near_misses(question):
        if label.startswith("否定了要素 "):
            concept = label.removeprefix("否定了要素 ")
            assert concept_score(answer, concept) == 0, answer


def _negated_by_scanning_the_clause(text: str, start: int) -> bool:
    """The plain definition is_negated must agree with: every cue in the clause's last few characters."""
    mask = neutral_mask(text)
    clause_start = start
    while clause_start > 0 and not is_boundary(text[clause_start - 1]):
        clause_start -= 1
    for cue in NEGATION_CUES:
        for cue_start in range(clause_start, start - len(cue) + 1):
            cue_end = cue_start + len(cue)
            if text[cue_start:cue_end] == cue and start - cue_end <= NEGATION_GAP and not any(mask[cue_start:cue_end]):
                return True
    return False


@given(text=st.text(alphabet="不没有会能需要用并非绝从未别无勿莫常好意思道歉您，。 我们马上查询", max_size=30), data=st.data())
@settings(max_examples=400, deadline=None)
def test_negation_is_found_exactly_where_the_clause_scan_finds_it(text, data):
    start = data.draw(st.integers(0, len(text)))
    assert is_negated(text, start) == _negated_by_scanning_the_clause(text, start)


@pytest.mark.parametrize(
    "text, negated",
    [
        ("不需要一二三道歉", True),      # the longest cue, three characters before: still in reach
        ("不需要一二三四道歉", False),   # four characters before: out of reach
        ("不一二三道歉", True),
        ("不一二三四道歉", False),
        ("不，一道歉", False),           # a comma ends the clause
        ("非常道歉", False),             # 非 inside 非常 is no cue
        ("一二三四五六七八九十不道歉", True),  # a long clause costs nothing extra and still works
    ],
)
def test_negation_reach(text, negated):
    assert is_negated(text, text.index("道歉")) is negated


def test_a_reply_written_as_what_one_would_do_earns_three_quarters_when_speech_is_asked():
    speech = {**QUESTION, "answer_form": "speech"}
    described = "先向顾客道歉，再问清他的号码和地点，马上帮他查询，明天给他回电。"
    said = "非常抱歉，请问您的号码和地点？我马上帮您查询，明天给您回电。"
    assert grade(QUESTION, described)["score"] == 6          # an analysis question does not ask for speech
    assert grade(speech, described)["score"] == 6 * 3 / 4
    assert "直接对顾客说" in grade(speech, described)["message"]
    assert grade(speech, said)["score"] == 6
    assert grade(speech, "对不起，马上查，明天回电。")["score"] == 4  # no pronoun at all is still speech


def test_notes_that_relate_their_terms_are_points_except_where_words_to_say_are_asked():
    notes = "致歉：抱歉；询问：号码、地点；行动→马上查询；跟进→明天回电"
    assert grade(QUESTION, notes)["score"] == 6
    assert "关键词" in grade({**QUESTION, "answer_form": "speech"}, notes)["message"]
    assert "关键词" in grade(QUESTION, "抱歉；号码；地点；马上；回电")["message"]  # no relation: still a bare list


def test_anchors_keep_a_retelling_of_the_case_from_scoring():
    """A concept with ``anchors`` scores only when the answer names what it is about: the case's facts alone
    («拿铁做错了，咖啡师写了名字») are a retelling, not an answer (b12 q4's blind samples, teachers' 0)."""
    question = {
        "id": "q", "type": "text", "max_chars": 150, "key": "技术质量指结果，比如拿铁做错了。",
        "concepts": [{"id": "technical", "label": "技术质量", "points": 2, "need": 2, "anchors": ["技术质量"],
                      "synonyms": [["结果", "得到什么"], ["拿铁", "做错"]]}],
    }
    rows = [
        ("小林点了一杯拿铁，结果做错了，咖啡师重做了一杯。", 0),      # the facts, no concept
        ("技术质量就是咖啡好不好喝，比如那杯拿铁做错了。", 1),        # named and exemplified, not defined
        ("技术质量指结果，也就是顾客得到什么，比如拿铁做错了。", 2),
    ]
    wrong = [(answer, score, grade(question, answer)["score"]) for answer, score in rows
             if grade(question, answer)["score"] != score]
    assert wrong == []
    plain = {**question, "concepts": [{**question["concepts"][0]}]}
    del plain["concepts"][0]["anchors"]
    assert grade(plain, rows[0][0])["score"] == 2, "without anchors the same retelling scores its words"
