"""The commented case files ``cases new`` writes: one frame, and one example question per type.

Every example is a working question on the frame's small story (a restaurant queue), with
comments on the fields an instructor fills in; ``cases new ID --type TYPE`` writes the frame
with that type's example, ``--type all`` with every type's, and what it writes passes
``cases check`` as written (``tests/cases/test_templates.py`` proves it for every type).

Why here and not beside each type in ``exercises/question_types/``: those modules are the
grader, shipped to every student's browser and compiled there at start-up, and a template is
authoring text about the case file's YAML, which is :mod:`build_tools.cases`' business. One
module also keeps the examples on one story, so that they share the frame's dialogue lines and
table. The registry stays the one list of types: :data:`EXAMPLES` must have a key for each of
``exercises.QUESTION_TYPES`` (``tests/grading/test_question_types.py`` names a missing one).
"""

from __future__ import annotations

from collections.abc import Sequence

import exercises

FRAME = """\
# 案例文件：一个案例一个文件，文件名就是案例 id。字段说明见网站上的「教师指南」；
# 把 `cases schema` 显示的 JSON Schema 配置到编辑器里，可以自动补全字段。
# 写完运行：cases check cases/{id}.yaml
#
# 关于引号：12:50、yes、no、on、off、010、1e3、2024-01-01 这些写法在案例文件里照原样是文字，
# 不用加引号。只有整数和小数（630、-2、3.5）、true/false 和 ~、null（「空」）不是文字：
# 要把它们当文字写（例如同义说法 630）时加上引号："630"。
# 花括号 {{ }} 的一行写法里，文字不能含英文逗号或「冒号+空格」；含有时给文字加引号。

# ── 基本信息 ──────────────────────────────────────────────────────────────
id: {id}                      # 必须与文件名相同，也是网址的一部分：/cases/{id}/
title: 午市等位                # 纯文本：页面标题和导航里的名字
summary: 顾客取号后等了四十分钟，服务员只说「再等等」。这次接触错在哪里？   # 显示在案例索引里
chapters: [encounters]          # recovery, complaints, encounters, quality, communication；第一个是主章节
tags: [服务接触, 等待管理]

# ── 案情（Markdown）────────────────────────────────────────────────────────
narrative: |
  周六中午，一家连锁餐厅门口排起了长队。一位顾客 12:50 取了号，13:30 还没有入座，
  于是去问门口的服务员。（情节与数字均为虚构。）

# ── 对话：每行一个 id，题目里用 id 引用 ──────────────────────────────────
transcript:
  - {{id: K1, speaker: 服务员, text: 您好，请问几位？}}
  - {{id: C1, speaker: 顾客, text: 两位。我们 12:50 就取号了，现在都一点半了。}}
  - {{id: K2, speaker: 服务员, text: 现在是高峰期，大家都在等，您再等等吧。}}
  - {{id: C2, speaker: 顾客, text: 那至少告诉我还要等多久吧？}}
  - {{id: K3, speaker: 服务员, text: 这个我也说不准。}}

# ── 数据表（可选）：每行的格数必须等于列数 ─────────────────────────────
tables:
  - id: queue
    title: 当天午市的取号与入座（假设）
    columns: [取号时间, 入座时间, 桌数]
    rows:
      - [12:30, 12:55, 6]
      - [12:50, 13:30, 9]
    note: 数字为教学假设。

questions:
{questions}"""
"""The case around the questions: ``{id}`` is the case id, ``{questions}`` the examples."""

EXAMPLES: dict[str, str] = {
    "annotate": """\
  # 对话标注：学生选出有问题的句子并贴标签；key 列出有问题的行及其正确标签
  - id: {qid}
    type: annotate
    prompt: 选出服务员说得有问题的句子，并为每句贴上错误类型。
    tags:
      - {id: T1, label: 把等待说成理所当然}
      - {id: T2, label: 没有给出任何信息}
    key:
      - {line: K2, tags: [T1], feedback: 「大家都在等」把顾客的抱怨推了回去。}
      - {line: K3, tags: [T2], feedback: 顾客问等多久，服务员一句信息也没给。}
    explanation: K2 和 K3 都在回避：一句把等待说成理所当然，一句拒绝给出信息。
    samples:                    # 老师的判分：选中一句得 1 分，标签对再得 1 分，误选一句扣 1 分
      - {answer: {K2: [T1], K3: [T2]}, mark: 4}
      - {answer: {K3: [T2], C1: [T1]}, mark: 1, note: K3 得 2 分，误选顾客的 C1 扣 1 分。}
""",
    "classify": """\
  # 分类：每个项目的 key 是一个类别 id（也可以是几个都算对的类别列表）
  - id: {qid}
    type: classify
    prompt: 下面这些说法，顾客久等时服务员**宜**说还是**忌**说？
    categories:
      - {id: do, label: 宜}
      - {id: dont, label: 忌}
    items:
      - {id: i1, text: 「高峰期大家都在等，您再等等吧。」, key: dont, feedback: 把等待说成顾客应当忍受的事。}
      - {id: i2, text: 「让您久等了，前面还有三桌，大约十五分钟。」, key: do, feedback: 致歉并给出具体信息。}
      - {id: i3, text: 「这个我也说不准。」, key: dont, feedback: 顾客最想知道的信息，一句也没给。}
    explanation: 久等的顾客最需要的是被重视和确定的信息。
    samples:                    # 每个项目 1 分
      - {answer: {i1: dont, i2: do, i3: dont}, mark: 3}
      - {answer: {i1: do, i2: do, i3: dont}, mark: 2}
""",
    "multiple_choice": """\
  # 多选：role 写 correct（应选）或 optional（选不选都行）；不写就是不应选
  - id: {qid}
    type: multiple_choice
    prompt: 顾客在 C2 里真正想要的是什么？（可多选）
    scoring: each_decision      # 每个选项的判断各占一份分数（默认）
    options:
      - {id: a, text: 知道还要等多久, role: correct, feedback: 不确定的等待显得更长。}
      - {id: b, text: 被当回事、得到一个说法, role: correct, feedback: 顾客要的是被重视。}
      - {id: c, text: 马上免单, feedback: 顾客并没有提出补偿。}
      - {id: d, text: 换一家餐厅, feedback: 顾客还在问，说明仍愿意等。}
    explanation: 顾客要的是信息和重视，不是补偿。
    samples:                    # 四个判断各 0.25 分
      - {answer: [a, b], mark: 1}
      - {answer: [a], mark: 0.75, note: 漏选 b。}
      - {answer: [c, d], mark: 0}
""",
    "numeric": """\
  # 数值：key 写一个数（不加引号）；tolerance 是允许的误差；common_errors 为常见错值给提示
  - id: {qid}
    type: numeric
    prompt: 按上表，12:50 取号的顾客到入座时一共等了多少分钟？
    key: 40
    unit: 分钟                  # 学生可写可不写
    tolerance: 0
    common_errors:
      - {value: 80, feedback: 时间不能当小数相减：12:50 到 13:30 是 40 分钟。}
    explanation: 从 12:50 到 13:30 是 40 分钟。
    samples:
      - {answer: 40, mark: 1}
      - {answer: "40 分钟", mark: 1}
      - {answer: 80, mark: 0}
""",
    "ordering": """\
  # 排序：items 按打乱后的顺序写（就是页面上的顺序），key 是正确顺序
  - id: {qid}
    type: ordering
    prompt: 把服务员这时应做的四件事排成合理的顺序。
    items:
      - {id: time, text: 告诉顾客前面还有几桌、大约要等多久}
      - {id: sorry, text: 为久等向顾客致歉}
      - {id: update, text: 之后每隔十分钟告诉顾客一次进度}
      - {id: seat, text: 请顾客在等候区坐下，送上茶水}
    key: [sorry, time, seat, update]
    explanation: 先接住情绪，再给信息，然后让等待舒服一些，最后持续告知。
    samples:                    # 原样提交或整体倒过来都不应得分
      - {answer: [sorry, time, seat, update], mark: 1}
      - {answer: [time, sorry, update, seat], mark: 0}
""",
    "single_choice": """\
  # 单选：恰好一个选项写 correct: true；credit 可给某个错项部分分
  - id: {qid}
    type: single_choice
    prompt: 服务员 K2 的回答，问题主要在哪里？
    options:
      - {id: a, text: 把等待说成理所当然，没有回应顾客的感受, correct: true, feedback: 对。「大家都在等」等于说顾客不该抱怨。}
      - {id: b, text: 语气不够热情, credit: 0.5, feedback: 有一点，但更要紧的是内容。}
      - {id: c, text: 没有向顾客推荐菜品, feedback: 这时顾客关心的是等位。}
    explanation: K2 没有致歉，也没有信息，只把等待说成顾客应当忍受的事。
    samples:                    # 老师的判分：cases check 检查判分程序与它一致
      - {answer: a, mark: 1}
      - {answer: b, mark: 0.5}
      - {answer: c, mark: 0}
""",
    "text": """\
  # 文字作答：concepts（评分要素，每个有同义说法）+ forbidden（禁用语）；至少 8 个人工评分样例
  - id: {qid}
    type: text
    prompt: 把 K3 改写成合格的回答，直接写你要对顾客说的话，**不超过 50 字**。
    answer_form: speech         # 要学生直接说给顾客听；写成「先向顾客致歉……」的做法描述只计四分之三
    min_chars: 8
    max_chars: 50
    key: 让您久等了，真抱歉！前面还有三桌，大约十五分钟，我会随时告诉您进度。
    concepts:
      - id: c1
        label: 致歉
        synonyms:
          - bank: apology       # 共享词库：对不起、抱歉、不好意思……
        found: 先为久等致歉。
        missing: 开口先为久等致歉。
      - id: c2
        label: 给出具体信息
        points: 2
        synonyms: [还有…桌, 分钟, 大约, 预计, 13:40]   # 13:40 照原样是文字；纯数字如 15 要写成 "15"
        found: 告诉了顾客还要等多久。
        missing: 说出前面还有几桌、大约还要等多久。
      - id: c3
        label: 承诺告知进度
        synonyms: [{bank: follow-up}, 随时, 叫您, 喊您]
        found: 承诺了会告知进度。
        missing: 告诉顾客之后会怎样通知进度。
    forbidden:
      - {bank: brush-off, deduction: 1}    # 共享词库：没办法、不归我管……每出现一次扣 1 分
      - {phrases: [说不准, 不清楚], deduction: 1, feedback: 顾客问等多久，要给出估计，不能一句「说不准」。}
    explanation: 合格的回答要致歉、给出具体信息，并承诺继续告知。
    samples:                    # 老师的判分，覆盖好、中、差、禁用语、堆砌关键词、离题；另建议加 10 条盲评样例（blind: true）
      - {answer: 让您久等了，真抱歉！前面还有三桌，大约十五分钟，我会随时告诉您进度。, mark: 4}
      - {answer: 不好意思让您久等了，前面还有两桌，预计十分钟，到了我马上叫您。, mark: 4}
      - {answer: 抱歉久等了，前面大约还有三桌。, mark: 3}
      - {answer: 对不起，让您久等了，请您再耐心等一会儿。, mark: 1}
      - {answer: 前面还有三桌，大约十五分钟。, mark: 2}
      - {answer: 没办法，现在是高峰期，您再等等吧。, mark: 0, note: 「没办法」是禁用语，扣 1 分，最低 0 分。}
      - {answer: 抱歉 大约 分钟 告诉您, mark: 1, note: 只堆关键词、不成句子：所列要点只计四分之一。}
      - {answer: 这个我也说不准，您再等等吧。, mark: 0}
      - {answer: 请您先到那边坐一下，我去问问经理。, mark: 0}
""",
}
"""Each question type's example, as YAML list entries under ``questions:``; ``{qid}`` is its question id."""

ALL = "all"
"""``cases new --type all``: every type's example, in the registry's order."""


def types_for(choice: str) -> tuple[str, ...]:
    """The question types `choice` names (a type, or :data:`ALL`); raises ValueError for anything else."""
    if choice == ALL:
        return exercises.QUESTION_TYPES
    if choice in exercises.QUESTION_TYPES:
        return (choice,)
    raise ValueError(choice)


def case_template(case_id: str, qtypes: Sequence[str]) -> str:
    """A commented case file with one example question of each of `qtypes` (ids q1, q2, …)."""
    questions = "\n".join(EXAMPLES[qtype].replace("{qid}", f"q{number}") for number, qtype in enumerate(qtypes, 1))
    return FRAME.format(id=case_id, questions=questions)
