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
    # blind answers of rounds 5-10 (2026-12-07), teachers' marks 0, 7, 0, 3, 5.5, 2.5 (a keyword list of round 10:
    # test_text_rubric's table)
    ("b9", "q7", "尊敬的顾客：本次春节8折活动因暴雪取消，属天气原因，本超市认为无需致歉。活动既未开始，顾客并无实际损失，"
                 "故不提供补偿，也无需领取任何物品。", 0, 1.8, "无需致歉"),             # the cancelled discount is no compensation
    ("b9", "q7", "公告先向受影响的顾客道歉，然后说明是因为暴雪门店停业、春节促销没办成，再写补偿，比如每人送50元购物券和礼品，"
                 "凭会员卡到服务台领取，月底截止，最后说以后会做好应急预案。", 5.5, 8, "四分之三"),  # described: three quarters, once
    ("b16", "q5", "查原因没有必要，问顾客怎么洗的也没用，她不一定说实话。不管是面料问题还是洗涤问题，都不应该退换，也不需要道歉，"
                  "按规定售出的商品一律不退。", 0, 1, None),                           # 「…没有必要」 denies what precedes it
    ("b2", "q6", "抱歉让您久等了。不过您也知道，这个时段本来就是高峰，您挑这个点打进来肯定要等，下次最好自己错开。"
                 "人手的事我会跟领导反映，您先说要办什么业务吧。", 1, 5, "您挑这个点"),
    ("b7", "q5", "孩子一哭，爸妈肯定更炸，所以经理先抱乐乐，是先handle最emotional的那个点，也是用action告诉客人：我们没怀疑你们。"
                 "然后要跟张先生张太太好好say sorry，说前台刚才处理得很不OK；问他们同不同意帮忙把箱子收拾好，请去lobby bar坐坐，"
                 "给乐乐弄杯果汁。遥控器就别再提了，说酒店相信他们，不用赔，送他们走，欢迎下次再来。翻箱、押金那些方法千万不能用。",
     4.5, 7, None),                                                                       # 「…千万不能用」 forgives the list
    ("b19", "q3", "小姐您好，祝您今天愉快！\n对不起，让您不高兴了。不过我们这边熟人碰面都习惯这样问候，是您理解偏了，"
                  "把几个词连在一起想多了，我真没有那个意思。以后我会注意的。", 1.5, 3.9, "是您理解偏"),
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
