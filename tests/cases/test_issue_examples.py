"""Real answers that the free-text grader once got wrong, each scored as a teacher would.

Every row is a class of failure, not a single sentence to memorise: blame in new words,
apologies that contain 不, negated praise, negated forbidden wording, terse spoken replies
taken for keyword lists, colloquial and code-mixed Chinese. The expected range is the
teacher's mark with the tolerance CI allows; `says` is a fragment the feedback must contain.
"""

from pathlib import Path

import exercises
from shipped import shipped_cases

CASES = {case.id.split("-")[0]: case for case in shipped_cases()}

FULL_B1 = "您好，非常抱歉给您添麻烦了。请问您的号码是多少？一般在什么时间、哪个地方断线？我马上为您提交网络检测，24小时内给您回电。"

ROWS = [
    # (case, question, answer, lowest, highest, a fragment the feedback must contain or None)
    ("b1", "q6", FULL_B1 + "不过说实话这多半是您手机的毛病。", 5, 8, "您手机的毛病"),
    ("b20", "q5", "这种情况一般是用户操作不当造成的，您先关掉阀门，人没受伤吧？我马上安排师傅今天上门。", 1.5, 3.5, "操作不当"),
    ("b1", "q6", "这个应该是您手机本身的毛病，您去买手机的地方看看吧。", 0, 1, "您手机本身的毛病"),
    ("b20", "q5", "真对不住让您受惊了！您人没事吧？请先关掉总阀、开窗通风，先别再用灶。我马上安排师傅今天上门检查，稍后给您回电。", 4.5, 5, None),
    ("b8", "q5", "实在抱歉，这班已经截止了。我绝不会让您自己去跑售票处，我陪您过去改签下一班。", 4, 6, None),
    ("b4", "q4", "携程的补偿并不主动也不迅速，额外送酒店也谈不上超出预期，反而损害信任，无助于再次预订。局限是要求当年再订才能用。", 0, 1.5, None),
    ("b16", "q5", "先对照水洗唛看看是不是按要求洗的；如果是衣服质量问题就直接退钱或换新，如果是洗的方法不对，也帮她想办法修补，再送她一张八折券表示歉意。", 3.5, 5, None),
    ("b13", "q6", "西南航空不指定座位、不提供餐食、不与其他航司共用订票系统，但顾客对它的评价仍然很高。", 3.5, 4, None),
    ("b1", "q6", "您好，请问是哪个小区、大概几点掉线？我马上帮您报障，明天回电。", 7, 8, None),
    ("b1", "q6", "您好，断线确实挺让人头疼的。请问您的号码？一般在哪里断线？我马上提交检测，明天回电。", 9, 10, None),
    ("c1", "q9", "补救悖论只在失误不严重、第一次发生、补救又快又好时才可能出现，研究结论也不一致；而且大多数不满的顾客根本不投诉，"
                  "企业没有补救的机会，失误本身还有成本，所以不能把它当成可以出错的理由。", 3, 4, None),
    ("b1", "q6", "先生，您好，对不起，我马上查，稍后回电。", 6, 8, None),
    ("b1", "q6", "您好，不好意思让您着急了，我帮您看看是怎么回事，您稍等。", 3, 6, None),
    ("b4", "q4", "优点：反应快，很主动，送酒店，超预期。局限：有条件，没道歉。", 2.5, 4.5, None),
    ("b4", "q4", "携程反应很快，主动补偿，还送酒店，不过感觉送酒店也是为了让大家再去消费，有点像促销。", 2.5, 4, None),
    ("b1", "q6", "您好，抱歉给您添麻烦了，请问您在什么时间、什么地方断线？我马上登记报障，未来两天回电给您。", 9, 10, None),
    ("b7", "q5", "经理先抱起孩子安慰，向客人道歉，然后请行李员当着客人的面打开箱子找一找，再说遥控器的事不用赔。", 0, 3, "箱"),
    ("b2", "q6", "sorry 让您久等了，OK，我这就帮您办理，请问您要办什么业务？", 3.5, 6, None),
]


def test_each_example_scores_as_a_teacher_would():
    wrong = []
    for case_id, question_id, answer, lowest, highest, says in ROWS:
        question = next(q for q in CASES[case_id].questions if q["id"] == question_id)
        result = exercises.grade(question, answer)
        feedback = " ".join(p["feedback"] for p in result["parts"]) + result["message"]
        if not lowest <= result["score"] <= highest or (says and says not in feedback) or "关键词" in result["message"]:
            wrong.append((case_id, question_id, answer[:24], result["score"], (lowest, highest)))
    assert wrong == []


def test_a_reassuring_clause_never_costs_what_the_plain_reply_earns():
    question = next(q for q in CASES["b8"].questions if q["id"] == "q5")
    plain = "实在抱歉，这班已经截止了。我陪您过去改签下一班。"
    reassured = "实在抱歉，这班已经截止了。我绝不会让您自己去跑售票处，我陪您过去改签下一班。"
    assert exercises.grade(question, reassured)["score"] == exercises.grade(question, plain)["score"]


def test_time_words_with_wei_are_no_negation():
    question = next(q for q in CASES["b1"].questions if q["id"] == "q6")
    base = "您好，抱歉给您添麻烦了，请问您在什么时间、什么地方断线？我马上登记报障，"
    assert exercises.grade(question, base + "未来两天回电给您。")["score"] == exercises.grade(question, base + "两天内给您回电。")["score"]
