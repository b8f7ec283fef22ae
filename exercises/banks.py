"""Shared phrase banks: the ways students say sorry, promise a call-back or blame the customer.

Every complaint-handling rubric needs the same few sets of phrases, and a list copied
into each case drifts: one case learns 「对不住」, the next never hears of it. A bank is
written and tested once; a rubric refers to it by name and adds its own words::

    synonyms:
      - bank: apology          # every phrase of the bank, as one synonym group
      - 给您添麻烦了            # the case's own phrases beside it
    forbidden:
      - bank: blame            # a deduction for every blaming clause
        deduction: 2

Entries are phrases or proximity patterns (see :mod:`exercises.patterns`): 「您|你…手机…
毛病|问题」 matches 「您手机本身的毛病」. Matching folds traditional characters, full-width
forms and letter case first, so a bank lists simplified spellings in lower case; its
``matches`` and ``non_matches`` are the examples a test holds it to, in both scripts and with
the English words students mix in.

The negation cues and the phrases that merely contain a cue character (「不好意思」, 「不过」)
live here too, with their own example table, because they decide what every bank means.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Bank", "BANKS", "ENGLISH_GLOSS", "ENGLISH_EXAMPLES", "NEGATION_CUES", "POST_NEGATION_CUES", "WIDE_NEGATION_CUES", "CLAUSE_DENIALS", "UNNECESSARY", "IRRELEVANT", "NO_NEED", "TOPIC_MARKERS", "TOPIC_DENIALS", "CONDITIONALS", "PROHIBITIONS", "NOT_NEGATIONS", "NEGATION_EXAMPLES", "bank_named"]


@dataclass(frozen=True)
class Bank:
    """A named set of phrases and patterns, with the examples it must and must not match."""

    name: str
    title: str                  # what the bank is, in Chinese, for instructors and feedback
    entries: tuple[str, ...]
    matches: tuple[str, ...]     # answers in which the bank must find something
    non_matches: tuple[str, ...]  # answers in which it must find nothing
    feedback: str = ""          # default feedback when the bank is used as a forbidden rule


_APOLOGY = Bank(
    name="apology",
    title="致歉",
    entries=(
        "对不起", "对不住", "抱歉", "道歉", "致歉", "歉意", "不好意思", "赔不是", "赔个不是", "道个歉", "赔礼", "sorry", "apologize", "apologise",
        "请您原谅", "请原谅", "见谅", "给您添麻烦", "给你添麻烦", "添麻烦了", "带来不便", "带来的不便",
        "给您带来", "让您久等", "让你久等", "让您等了", "让您白等", "让您受惊", "让您担心", "让您着急", "让你着急",
        "让您失望", "让您受委屈", "让您受累", "让您跑", "是我们的错", "是我们不对", "是我们做得不好", "我们的失误",
        "我的失误", "是我的错", "是我疏忽", "我们疏忽", "我们的疏忽", "我们的责任", "怪我们", "怪我",
    ),
    matches=("真对不住让您受惊了", "實在抱歉", "Sorry 让您久等了", "给您添麻烦了", "不好意思啊", "这是我们的失误",
             "請您原諒", "非常抱歉给您带来不便"),
    non_matches=("我不会道歉", "没有什么好抱歉的", "您好，请问有什么可以帮您", "这不是我们的错", "不必道歉",
                 "如有不周之处，还请多多包涵"),
)

_EMPATHY = Bank(
    name="empathy",
    title="共情、安抚",
    entries=(
        "理解", "理解您", "理解你", "能理解", "我理解", "非常理解", "完全理解", "十分理解", "很理解", "明白您", "我明白",
        "您的心情", "你的心情", "您的感受", "换作是我", "换成是我", "换了是我", "要是我", "如果是我", "我也会",
        "一定很着急", "一定很生气", "一定很难受", "一定很担心", "一定很烦", "一定吓坏", "肯定很着急", "肯定吓坏",
        "着急了", "受惊了", "吓坏了", "吓到了", "别着急", "不要着急", "不用着急", "别急", "别担心", "不用担心",
        "不要担心", "放心", "别怕", "辛苦您", "辛苦了", "体谅", "感同身受", "心疼", "糟心", "闹心", "难为您",
        "委屈您", "委屈你", "能体会", "体会到", "困扰", "很麻烦", "挺麻烦", "挺烦", "真烦", "太烦", "确实烦",
        "别紧张", "不要紧张", "别害怕", "不要害怕", "别慌", "不要慌", "understand",
    ),
    matches=("我非常理解您的心情", "換作是我也會著急", "您先别着急", "I understand，这确实很麻烦", "您一定吓坏了吧",
             "请您放心", "您别紧张", "断线确实挺烦的"),
    non_matches=("我不理解您为什么生气", "请问您的号码是多少", "这个我也不明白"),
)

_THANKS = Bank(
    name="thanks",
    title="感谢",
    entries=("谢谢", "感谢", "多谢", "谢了", "感激", "道谢", "致谢", "thank", "thx"),
    matches=("谢谢您的耐心等待", "感謝您的反饋", "Thanks 您的建议", "多谢您提醒"),
    non_matches=("不用谢我", "请您耐心等待"),
)

_ACT_NOW = Bank(
    name="act-now",
    title="马上行动",
    entries=(
        "马上", "立即", "立刻", "立马", "即刻", "当即", "随即", "赶紧", "赶快", "现在就", "这就", "这边就",
        "现在给您", "现在为您", "现在帮您", "第一时间", "尽快", "今天就", "今天之内", "当天", "right now", "asap",
    ),
    matches=("我马上为您处理", "我這就幫您查", "我现在就帮您登记", "第一时间安排师傅", "OK 我 right now 帮您查"),
    non_matches=("我不能马上处理", "没法立即答复", "三到五个工作日内会有人联系您"),
)

_FOLLOW_UP = Bank(
    name="follow-up",
    title="答复时间或跟进方式",
    entries=(
        "回电", "回电话", "回复您", "回复你", "给您回复", "答复您", "给您答复", "回访", "跟进", "通知您", "通知你",
        "告诉您", "联系您", "联系你", "致电", "打给您", "给您打电话", "给您打", "短信", "微信告诉", "处理结果",
        "小时内", "分钟内", "天内", "之内", "以内", "今天内", "今晚", "明天", "下班前", "稍后", "待会", "等会",
        "随时告诉", "进展", "第二天", "工作日内", "小时后", "回您电话", "电话回复", "给您电话",
        "follow up", "follow-up", "call you back", "call back",
    ),
    matches=("24小时内给您回电", "處理結果會短信通知您", "未来两天回电给您", "我 follow up 一下再告诉您", "明天上午给您答复",
             "三个工作日内回您电话"),
    non_matches=("我不会再联系您", "请您自己留意", "请问您的地址是哪里"),
)

_ASK_INFO = Bank(
    name="ask-info",
    title="询问情况",
    entries=(
        "请问", "想问一下", "问一下", "了解一下", "能告诉我", "能不能告诉我", "麻烦您告诉", "麻烦您说", "方便说",
        "能说一下", "说一下", "请提供", "请您提供", "报一下", "留一下", "什么时候", "什么时间", "什么地方", "在哪",
        "哪里", "哪个", "哪些", "哪款", "多少", "几点", "几次", "多久", "是否", "有没有", "怎么回事", "具体情况",
    ),
    matches=("请问您的号码是多少", "請問是在哪裡斷線的", "能告诉我当时的具体情况吗", "您方便说一下地址吗",
             "OK，那请问大概几点断的？"),
    non_matches=("我马上为您登记", "非常抱歉给您添麻烦了"),
)

_BRUSH_OFF = Bank(
    name="brush-off",
    title="推诿、打发客户",
    entries=(
        "没办法", "没有办法", "没法子", "不归我管", "不归我们管", "不关我的事", "不关我们的事", "与我们无关",
        "跟我们没关系", "不是我负责", "不是我们负责", "我管不了", "管不着", "爱莫能助", "无能为力", "找别人", "找别的部门", "您自己去", "你自己去", "自己去找", "您自己联系",
        "你自己联系", "您自己看着办", "你自己看着办", "规定就是这样", "公司规定就是", "这是规定", "按规定只能",
        "没什么可以", "等着吧", "做不了主", "说了不算", "跟我没关系", "不是我的问题", "不算我的问题", "您|你…自己…想办法|解决|处理|去问|去找|去修|去查|检查", "您|你…自己…打…投诉",
        "不是我定的", "不是我们定的", "不是我能决定", "我决定不了", "不是我说了算", "问东问西", "不要老问", "别老问", "不要老催", "别老催", "不要老打电话", "别老打电话",
    ),
    matches=("这个我也没办法，公司规定就是这样", "您自己去营业厅问吧", "這不歸我管", "你自己想办法解决吧",
             "您先自己检查下手机吧", "我也做不了主", "Sorry，这个我也没办法", "这条规定也不是我定的",
             "请业主不要老在工地问东问西"),
    non_matches=("我绝不会让您自己去跑售票处", "这不是没办法，我马上帮您想办法", "我陪您一起去", "您不用自己处理，交给我",
                 "我也不清楚是面料还是洗的问题，先送检"),
    feedback="推诿或打发客户（「没办法」「不归我管」「您自己去……」），会让客户觉得求助无门。",
)

_BLAME = Bank(
    name="blame",
    title="把责任推给顾客",
    entries=(
        "多半是|应该是|肯定是|一定是|估计是|可能是|恐怕是|八成是|大概是|准是|就是…您|你…手机|机器|设备|东西|衣服|电器…问题|毛病|故障|原因|没弄好|没设置好|不对|不当",
        "多半是|应该是|肯定是|一定是|估计是|可能是|恐怕是|八成是|大概是|准是…您|你…按|操作|点火|用法|方式|方法",
        "方式不对|方法不对|操作不对|用法不对|用得不对|自身原因|自己弄坏|不按规定操作|不按要求",
        "是您|是你…理解错|听错|没听懂|看错|记错|搞错|弄错|不熟|不太熟|没看清",
        "您|你…挑了|偏偏|专挑…最忙|高峰|人最多",
        "是|由…顾客|客人|业主|游客|乘客|用户|储户|旅客…造成|导致|引起|自己",
        "顾客自己|客户自己|客人自己|旅客自己|乘客自己|游客自己|用户自己|储户自己|业主自己…也该|应该|要注意|该注意|也有责任",
        "反应过激|太过激|斤斤计较|太计较|这种顾客|这类顾客|这样的顾客|这种客人|这类客人|惯着|纵容",
        "本来就…图便宜|不挑剔|要求不高|不讲究",
        "是您|是你…没弄清楚|没搞清楚|没看清楚|没问清楚|没弄清|没搞清", "反应过度", "怪不到我们", "怪不得我们", "赖不到我们",
        "您|你…手机|机器|设备|电器…本身…问题|毛病|故障",
        "您|你|用户|顾客|客户|客人|旅客…操作不当|使用不当|设置不当|操作有误|操作失误|用错|没按说明|不按说明|没看说明|洗坏|弄坏|摔坏|用坏|搞坏",
        "操作不当造成", "使用不当造成", "人为损坏", "人为原因",
        "您自己|你自己…问题|原因|责任|过错|不小心|没注意|没看|弄的|搞的|来晚|迟到",
        "顾客自己|客户自己|客人自己|旅客自己|乘客自己|游客自己|用户自己…问题|原因|责任|过错|不小心|没注意|没看|没说清|弄的|搞的|来晚|迟到|造成|报错",
        "无理取闹", "胡搅蛮缠", "小题大做",
        "顾客|客人|乘客|业主|游客|用户|客户|旅客…图便宜|贪便宜|占便宜|挑刺|找茬|找碴|白吃白喝|要求过分|要求太高|不讲究",
        "图便宜|贪便宜|占便宜|挑刺|找茬|找碴|要求过分|不讲究…顾客|客人|乘客|业主|游客|用户|客户|旅客",
        "由…顾客|客人|乘客|业主|游客|用户|客户|旅客…承担|负责|买单|自理|自己出",
        "怪您", "怪你", "怪顾客", "怪客户", "怪用户", "怪客人", "您的责任", "你的责任", "是您的问题", "是你的问题",
        "责任在您", "责任在你", "责任在顾客", "责任在客户", "您来晚了", "你来晚了", "谁让您", "谁让你",
        "您应该早点", "你应该早点", "早干嘛", "早干什么", "your fault", "your problem",
        "是您|是你|是顾客|是客人…理解偏|理解歪|想多了|想太多|多想了|误会了|误解了|多心了|太敏感|过于敏感|太较真",
        "您|你…挑…这个点|这个时间|这个时候|这时候|这个时段|这时段|这会儿",
        "乱按", "乱动", "乱操作", "瞎按", "瞎弄", "别乱按", "不要乱按", "别乱动", "不要乱动", "别乱操作", "别瞎按", "别瞎弄",
        "是不是|会不会…您|你…按|操作|用法|方式|方法|点火|用错",
        "怪自己", "怪他们自己", "怪她自己", "怪他自己", "主要怪", "只能怪", "要怪就怪",
        "他们自己|她自己|他自己…选择|造成|导致|的问题|的责任|没说清|不小心|没注意|弄的|搞的",
        "主要是|其实是|都是|还是…她|他|顾客|客人|客户…没说清|没讲清|没说明白|没交代清",
        "顾客|客人|储户|业主|旅客|乘客|游客|用户|自己…太着急|太心急|太急躁|太急了",
        "爱占便宜", "存心找茬", "故意找茬", "贪小便宜", "薅羊毛",
        "不要再|别再…吵闹|闹事|纠缠",
        "顾客|客人|客户|旅客|乘客|游客|用户|储户|业主|她|他…本身|自己…也有…责任|问题|错",
        "您|你…是不是|会不会…碰到|碰了|按错|误按|误触",
        "您|你…来得…太晚|太迟|晚了|迟了", "您|你…没按顺序|不按顺序|没排队|不排队|插队",
        "太冲动", "过于冲动", "太任性",
    ),
    matches=(
        "不过说实话这多半是您手机的毛病。", "这种情况一般是用户操作不当造成的", "这个应该是您手机本身的毛病",
        "是您自己来晚了", "這是你的責任", "估计是你衣服的问题", "you know，这次真是 your fault",
        "掉线多半是用户自己手机设置不当造成的", "是客人自己没说清楚", "这是无理取闹",
        "坐它的多是只图便宜、不讲究的乘客", "返工费用由业主承担", "多半是您手机设置没弄好", "可能是您连续按键触发了保护停梯",
        "是您中文还不太熟，把意思理解错了", "您正好挑了最忙的时候", "工期延误很多是业主中途改方案造成的",
        "储户自己也该注意", "巴里尔反应过激", "多半是点火方式不对", "主要是游客自己没提前了解",
        "是您理解偏了，想多了", "您挑这个点打过来肯定要等", "您下次别乱按就好",
        "是不是刚才您按键按得太频繁了", "没进去主要怪自己规划不周", "主要是她点单时没说清楚",
        "储户自己也太着急了", "总有爱占便宜的人", "请大家理解，不要再到门店和客服吵闹",
        "不满意又不说的顾客是他们自己选择放弃",
        "顾客本身也有责任", "您刚才在里面是不是碰到了什么按钮", "您是不是按错了楼层",
        "说实话您来得确实太晚了，也没按顺序排队", "巴里尔也太冲动了",
    ),
    non_matches=(
        "这不怪您", "不是您的责任，是我们的失误", "请问您的手机是什么型号", "是我们操作不当，非常抱歉",
        "让您生气了是我自己的问题", "费用由我们承担", "不会让顾客承担任何费用", "是我没说清楚，让您理解错了",
        "下次可以避开高峰时段再打", "这不是顾客造成的", "请问您是怎么操作的",
        "如果是洗的方法不对，也帮她想办法修补",
        "您的问题我马上帮您查", "您手机的问题我们一起排查一下", "您自己没受伤吧",
        "是我没说清楚，让您误会了", "主要是我没说清楚", "我理解您着急", "员工不要和顾客争吵",
        "下次您可以避开高峰时段再打", "请问是什么时候开始断线的", "不是您的错，是我们没有提前通知",
        "您确实等了太久了", "让您白跑一趟，是我们的问题", "您来得正好，我马上帮您办", "员工自己也有成长",
        "不是您来晚了，是我们的系统出了错",
    ),
    feedback="把原因推给顾客（「您手机的毛病」「操作不当」「您自己……」），还没查清就下结论，只会激化矛盾。",
)

ENGLISH_GLOSS: dict[str, str] = {
    "sorry": "抱歉", "apologize": "道歉", "apologise": "道歉", "thanks": "谢谢", "thank": "谢谢",
    "check-in": "入住", "check-out": "退房", "check": "检查", "feedback": "反馈", "follow": "跟进", "reply": "回复",
    "service": "服务", "customer": "顾客", "customers": "顾客", "client": "客户", "guest": "客人", "staff": "员工",
    "employee": "员工", "employees": "员工", "manager": "经理", "boss": "领导", "team": "团队", "training": "培训",
    "train": "培训", "test": "考核", "standard": "标准", "process": "过程", "outcome": "结果", "result": "结果",
    "quality": "质量", "value": "价值", "profit": "利润", "trust": "信任", "happy": "满意", "satisfied": "满意",
    "satisfaction": "满意", "loyal": "忠诚", "loyalty": "忠诚", "rating": "评价", "review": "评价",
    "refund": "退款", "discount": "折扣", "coupon": "优惠券", "voucher": "代金券", "free": "免费", "booking": "预订",
    "book": "预订", "share": "共用", "meal": "餐", "seat": "座位", "assign": "指定", "repair": "维修", "fix": "修好",
    "empathy": "共情", "understand": "理解", "asap": "尽快", "vip": "贵宾", "preference": "偏好", "record": "记录",
    "pass": "合格", "random": "随机", "housekeeping": "客房部", "motivation": "积极性", "respect": "尊重",
    "empower": "授权", "empowerment": "授权", "policy": "规定", "rule": "规定", "rules": "规定", "complaint": "投诉",
    "complain": "投诉", "compensation": "补偿", "compensate": "补偿", "error rate": "差错率", "error": "差错",
    "ok": "好", "feel": "感到", "nice": "好", "touch point": "接触点", "moment of truth": "关键时刻",
    "service encounter": "服务接触", "stamp": "盖章", "no": "没有",
    "handle": "处理", "emotion": "情绪", "emotional": "情绪", "emotions": "情绪", "action": "行动", "lobby": "大堂",
    "lobby bar": "大堂吧", "calm": "安抚", "calm down": "冷静",
}
"""Common English words students mix into Chinese answers, and the Chinese a rubric lists for them
(«让技术check» reads as «让技术检查»). Only whole words are replaced, after folding to lower case."""

ENGLISH_EXAMPLES: tuple[tuple[str, str], ...] = (
    ("Sorry 让您久等了", "抱歉让您久等了"),
    ("我马上提单让技术check一下", "我马上提单让技术检查一下"),
    ("check-in 别让客人等超过5分钟", "入住别让客人等超过5分钟"),
    ("顾客对它的rating还是很高", "顾客对它的评价还是很高"),
    ("这个case我来跟", "这个case我来跟"),             # words without a gloss stay as they are
    ("有形性就每周 random check 15间房", "有形性就每周随机检查15间房"),  # the spaces around go too
    ("error rate压到0.3%以下", "差错率压到0.3%以下"),
    ("员工feel到被信任", "员工感到到被信任"),
    ("先handle最emotional的那个点", "先处理最情绪的那个点"),
    ("请去lobby bar坐坐", "请去大堂吧坐坐"),
)
"""(answer as folded, answer after the gloss): the table the gloss is held to."""

BANKS: dict[str, Bank] = {bank.name: bank for bank in (
    _APOLOGY, _EMPATHY, _THANKS, _ACT_NOW, _FOLLOW_UP, _ASK_INFO, _BRUSH_OFF, _BLAME,
)}
"""Every bank by name; a rubric writes ``bank: <name>``."""


def bank_named(name: str) -> Bank | None:
    """The bank of that name, or None (the caller says which names exist)."""
    return BANKS.get(name)


# --------------------------------------------------------------------------- negation

NEGATION_CUES: tuple[str, ...] = (
    "谈不上", "算不上", "称不上", "说不上", "不需要", "不用", "不要", "不必", "不会", "不能", "不想", "不肯", "不愿",
    "不是", "没有", "没能", "没必要", "无需", "无须", "无助于", "无法", "未能", "未曾", "并非", "并不", "并没", "绝不",
    "从不", "从没", "毫无", "缺乏", "缺少", "免收", "免除", "不", "没", "未", "别", "无", "非", "勿", "莫",
)
"""Words that cancel a phrase shortly after them in the same clause (longest first)."""

UNNECESSARY: tuple[str, ...] = ("没必要", "没有必要", "没什么必要", "没啥必要", "没这个必要", "没有这个必要")
"""The forms of 「没必要」: each denies the phrase before it (「查原因没有必要」) and, standing first, what follows."""

IRRELEVANT: tuple[str, ...] = ("不重要", "没什么关系", "没多大关系", "没有关系")
"""Evaluations that declare the phrase before them beside the point: 「跟安抚情绪没什么关系」."""

NO_NEED: tuple[str, ...] = ("不用", "不需要", "不必", "无需", "用不着", "犯不着") + UNNECESSARY
"""Every way of saying "there is no need": a cue before a proposition, the head of an enumeration
(「不需要沟通、汇报进度」), the denial of a topic, and after 「就」 a consequence (「就不用等了」)."""

POST_NEGATION_CUES: tuple[str, ...] = (
    "谈不上", "算不上", "称不上", "说不上", "不算", "并非", "并不是", "意义不大", "作用不大", "影响不大", "帮助不大",
    "用处不大", "没有提高", "没提高", "不明显", "没什么用", "没用", "千万别", "千万不要", "不可取", "不能做", "别做",
    "不用", "不需要", "不必", "不一定", "关系不大", "千万不能", "千万不可",
) + UNNECESSARY + IRRELEVANT
"""Evaluations that deny the phrase just before them: 「送酒店也谈不上超出预期」, 「信任也没有提高」
(each has 不, 非 or 没, which lets the grader skip the rest at C speed)."""

PROHIBITIONS: tuple[str, ...] = (
    "不能", "不要", "不可以", "不可", "不得", "不应该", "不应", "不该", "千万别", "千万不要", "别", "切勿", "禁止", "避免", "不宜",
) + NO_NEED
"""Cues that, at the head of an enumeration, cover every item («不能翻箱、收押金»); a plain 不 does not
(«不质疑印鉴、复印留底、客人签字»)."""

CONDITIONALS: tuple[str, ...] = ("如果", "假如", "要是", "万一", "若是", "倘若", "假设")
"""A forbidden wording after one of these, in the same clause, is a hypothesis, not an accusation:
「如果是洗的方法不对，也帮她想办法修补」 blames no one."""

CLAUSE_DENIALS: tuple[str, ...] = (
    "谈不上", "算不上", "称不上", "意义不大", "作用不大", "用处不大", "帮助不大", "关系不大", "没什么用", "不可取", "不成立",
    "不值得",
) + UNNECESSARY + IRRELEVANT
"""Evaluations that deny everything before them in their clause, however far: 「培训施工队服务礼仪也意义不大」."""

TOPIC_MARKERS: tuple[str, ...] = ("至于", "关于", "对于", "说到", "要说")
"""Words that make the phrase after them the topic of what follows: 「至于道歉，我觉得没有这个必要」
denies 道歉 in the next clause."""

TOPIC_DENIALS: tuple[str, ...] = CLAUSE_DENIALS + NO_NEED + ("免了",)
"""Denials that, opening the clause after a topic, deny the topic."""

WIDE_NEGATION_CUES: tuple[str, ...] = (
    "不觉得", "不认为", "不会让", "不代表", "不意味着", "不等于", "不见得", "未必", "并不说明", "不能说明",
    "并不能", "不能真正", "不会直接", "并没有", "不是指", "不能因为", "不会因此", "不会觉得", "没什么需要", "没什么好", "没什么可",
) + NO_NEED
"""Cues that deny a whole proposition, however far into its clause the phrase stands."""

NOT_NEGATIONS: tuple[str, ...] = (
    # apologies and reassurance idioms
    "对不起", "对不住", "不好意思", "没关系", "没问题", "没事", "别担心", "别着急", "别急", "别怕", "不用担心",
    "不用着急", "不要着急", "不要担心", "不必担心", "不客气", "不必客气", "不用客气", "不用谢", "别紧张", "不要紧张",
    "赔不是", "赔个不是",
    "别害怕", "不要害怕", "别太害怕", "别太担心", "别慌", "不要慌", "别生气", "不要生气", "别难过",
    # words that merely contain 不/没/未/无/非/别
    "非常", "无论", "不论", "不管", "不仅", "不但", "不光", "不只", "不单", "不过", "未来", "别人", "别的",
    "别家", "别处", "无偿", "无线", "毫不犹豫", "无微不至", "不厌其烦", "不遗余力", "不辞辛苦", "不折不扣",
    "不便", "不满", "不断", "不停", "不久", "不少", "不错", "不得不", "不能不", "无不", "莫名", "不安", "不适",
    "不快", "不周", "不到位", "不对", "不足", "不舒服", "不愉快", "不方便", "不合理", "不公平", "不耐烦",
    "无法接通", "非得", "非要", "要不", "不如", "不然", "不爽", "不高兴", "不开心", "不好", "实在不行", "不行的话",
    "找不到", "要不然",
    # A-not-A questions ask, they do not negate: 「看能不能改签」 offers to try
    "能不能", "可不可以", "是不是", "有没有", "会不会", "要不要", "行不行", "需不需要", "用不用", "好不好",
    "对不对", "能否", "是否",
)
"""Phrases that contain a cue character but negate nothing that follows them."""

NEGATION_EXAMPLES: tuple[tuple[str, str, bool], ...] = (
    # (sentence, the phrase looked at, is it negated?)
    ("我不会向您道歉", "道歉", True),
    ("没有及时通知您真的很抱歉", "抱歉", False),
    ("真对不住让您受惊了", "让您受惊", False),
    ("不好意思让您着急了", "让您着急", False),
    ("您别着急，我马上查", "马上", False),
    ("不过感觉送酒店也是为了让大家再去消费", "送酒店", False),
    ("未来两天回电给您", "回电", False),
    ("我绝不会让您自己去跑售票处", "您自己去", True),
    ("额外送酒店也谈不上超出预期", "超出预期", True),
    ("额外送酒店也谈不上超出预期", "送酒店", True),     # denied by the evaluation after it
    ("这种补偿算不上主动", "主动", True),
    ("并非主动补偿", "主动补偿", True),
    ("携程的补偿并不主动也不迅速", "迅速", True),
    ("补偿未能挽回信任", "挽回信任", True),
    ("无助于再次预订", "再次预订", True),
    ("缺乏诚意", "诚意", True),
    ("看能不能马上改签", "马上", False),
    ("我们不能马上处理", "马上", True),
    ("用别的卡试过吗", "卡", False),
    ("非常抱歉", "抱歉", False),
    ("不，马上处理", "马上", False),
    ("并不会让顾客觉得银行早知道问题却不修", "早知道问题", True),   # a proposition denied as a whole
    ("我不认为这次补救能提高顾客忠诚", "顾客忠诚", True),
    ("您别紧张，我马上派人过来", "马上", False),
    ("也不用定期向业主汇报进度", "汇报进度", True),
    ("反应快其实意义不大", "反应快", True),
    ("游客的信任也没有提高", "信任", True),
    ("给林先生赔个不是，再安排房间", "安排房间", False),
    ("经理不能翻箱、收押金", "收押金", True),             # a prohibition at the head of an enumeration covers it
    ("不要翻箱或收押金", "收押金", True),                 # 「或」 joins an enumeration too
    ("不质疑印鉴、复印留底、客人签字", "客人签字", False),  # a plain negated item does not cover the next ones
    ("大部分顾客不爽根本不投诉", "顾客", False),
    ("您要是换个时间打就不用等这么久了", "换个时间", False),   # a consequence, not a denial
    ("顾客并不会因此觉得银行不负责", "银行不负责", True),
    ("翻箱、收押金千万别做", "翻箱", True),               # and so does a denial after its last item
    ("先道歉、再送券", "送券", False),
    ("免收押金", "押金", True),
    ("时间地点也不用问了", "时间地点", True),
    ("培训施工队服务礼仪也意义不大", "培训", True),
    ("培训施工队，我们马上安排", "培训", False),
    ("员工满意度也不一定上升", "员工满意", True),
    ("员工满意也不会直接影响顾客满意", "顾客满意", True),
    ("查原因没有必要", "查原因", True),                   # the forms of 「没必要」 deny like 「谈不上」
    ("我没有必要为此道歉", "道歉", True),
    ("跟安抚情绪没什么关系", "安抚情绪", True),
    ("服务态度也不重要", "服务态度", True),
    ("您换个时间打就没必要等这么久了", "换个时间", False),  # a consequence, as with 「就不用」
    ("至于道歉，我觉得没有这个必要", "道歉", True),        # a topic denied by the clause after it
    ("至于道歉，我们马上派人上门", "道歉", False),
    ("先道歉，不需要您再跑一趟", "道歉", False),           # a denial after a comma covers no plain clause
    ("也不需要和业主沟通、汇报进度", "汇报进度", True),      # 「不需要」 heads an enumeration like 「不能」
    ("和失误严不严重都没有关系", "失误严不严重", True),
    ("这和换卡有没有关系", "换卡", False),                 # an A-not-A question asks, it does not deny
    ("翻箱、押金那些方法千万不能用", "押金", True),
    ("没什么需要道歉的", "道歉", True),
    ("道歉就不必了，我们网络没问题", "道歉", True),      # 「就不必」 ending its clause denies; 「就不用等了」 above does not
)
"""The table the negation rules are held to (CPython and Pyodide alike)."""
