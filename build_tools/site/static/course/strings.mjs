/**
 * Every piece of UI text the course widgets show, in one place.
 *
 * Why: the site is Chinese and the texts are part of the contract the tests
 * and the student guide refer to (提交, 重置, 第 N 次作答 …); keeping them
 * together makes them easy to review and to keep consistent.
 */

/** Format a score for people: at most two decimals, no trailing zeros. */
export function formatScore(value) {
  const n = Number(value);
  if (!Number.isFinite(n)) return String(value);
  return String(Math.round(n * 100) / 100);
}

export const T = {
  // grader state (case status line)
  graderLoading: "正在加载判分引擎…",
  graderRestarting: "正在重新启动判分引擎…",
  graderStage: { start: "", runtime: "（启动 Python 运行环境）", checker: "（载入判分程序）" },
  graderSlow: "判分引擎仍在加载，网络较慢时可能需要一分钟，请稍候。你可以先作答。",
  graderReady: "判分引擎已就绪。",
  graderError: "判分引擎没能加载（网络断开或文件缺失）。答案都已保存；点「重试」重新加载，已提交的答案会在就绪后自动判分。",
  retry: "重试",
  caseDataError: "案例数据加载失败，请刷新页面重试",
  offlineMode: "离线模式：现在没有网络。本页的练习照常判分，答案保存在这台设备上。",
  offline: "网络已断开，暂时打不开其他页面。本页的答案已保存在这台设备上，判分照常进行；恢复网络后再点链接。",
  skipToExercise: "跳到练习",

  // progress (progress.mjs)
  progressNone: (n, max) => `进度：还没有提交过答案（共 ${n} 题，${formatScore(max)} 分）。`,
  progress: (done, n, score, max, attempts) =>
    `进度：已完成 ${done} / ${n} 题，得分 ${formatScore(score)} / ${formatScore(max)}，共提交 ${attempts} 次。`,
  markDone: "✓ 已完成",
  markPartial: (done, n) => `已完成 ${done}/${n} 题`,
  transcriptMoved: ["整段对话在", (n) => `第 ${n} 题`, "里逐句列出，可以边读边标注。"],

  // question actions
  submit: "提交",
  reset: "重置",
  resetConfirm: "确定清空本题的答案和判分结果吗？（作答次数保留）",
  notAttempted: "尚未作答",
  attemptsSoFar: (n) => `已作答 ${n} 次`,
  attemptN: (n) => `第 ${n} 次作答`,
  score: (s, m) => `得分 ${formatScore(s)} / ${formatScore(m)}`,
  grading: "正在判分…",
  gradingQueued: "判分引擎加载完成后会自动判分…",
  gradingAfterRetry: "判分引擎没能加载；点本页上方的「重试」，就绪后会自动判分。",
  invalidTitle: "答案需要修改（本次不计作答次数）",
  stale: "答案已修改，提交后重新判分。",
  timeout: (seconds) =>
    `判分超时：判分程序运行超过 ${seconds} 秒，已停止并重新启动判分引擎。本次不计作答次数，请稍后再提交。`,
  gradeError: "判分程序出错，本次不计作答次数。请导出答案并告诉老师。",
  unavailable: "判分引擎加载失败，请刷新页面重试",
  partOk: "正确",
  partPartial: "部分正确",
  partWrong: "需改进",

  // reveal
  showExplanation: "查看解析",
  modelAnswer: "参考答案",
  modelAfterFullMarks: "参考答案要等你这道题得过满分后才显示：先按上面的解析和反馈改一改再交。",
  revealAfter: (n, left) => `作答 ${n} 次后可查看解析（还差 ${left} 次）。`,

  // widgets
  pickOne: "选择一个答案",
  pickMany: "选择所有符合的答案",
  orderHint: "拖动 ⠿ 调整顺序，或用每项右侧的 ↑ ↓ 按钮。",
  orderLegend: "排列顺序",
  moveUp: (text) => `上移：${text}`,
  moveDown: (text) => `下移：${text}`,
  movedTo: (text, pos) => `「${text}」移到第 ${pos} 位`,
  classifyHint: "为每一项选择一个类别。",
  numericLabel: "你的答案",
  annotateHint: "勾选有问题的对话行（点击该行即可），再为每行勾选错误类型。",
  annotateTags: (id) => `${id} 的错误类型`,
  textLabel: "你的回答",
  charCount: (n, max) => (max ? `已写 ${n} / ${max} 字` : `已写 ${n} 字`),
  charMin: (min) => `至少 ${min} 字`,
  charOver: (n) => `（超出 ${n} 字）`,

  // persistence notices
  caseChanged: "本案例已更新，你之前的答案可能需要重新检查",
  corrupt: (key) => `本案例保存的答案已损坏，无法读取；原数据已另存为 ${key}，本页从空白开始。`,
  corruptKept: "本案例保存的答案已损坏，无法读取；浏览器存储已满，无法备份，原数据保持不动，本页的新答案只保存在内存中。",
  quota: "浏览器存储空间已满：答案暂时只保存在本页内存中，关闭页面会丢失。请先点「导出答案」保存到文件。",
  storageOff: "浏览器不允许保存数据：答案只保存在本页内存中，关闭页面会丢失。请用「导出答案」保存到文件。",

  // export / import
  exportLabel: "导出答案",
  importLabel: "导入答案",
  exportDone: (n) => `已导出 ${n} 个案例的答案。`,
  exportEmpty: "还没有可导出的答案。",
  importBadFile: (why) => `无法导入：${why}`,
  importOtherSite: (site) => `这个文件来自另一个课程站点（${site}）。仍要导入吗？`,
  importConfirmNewer: (ids) =>
    `以下案例在本机的答案比文件中的更新：${ids.join("、")}。\n确定用文件中的答案覆盖吗？（取消则保留本机答案）`,
  importReport: ({ imported, keptLocal, same, skipped }) => {
    const parts = [];
    parts.push(imported.length ? `已导入 ${imported.length} 个案例（${imported.join("、")}）` : "没有导入任何案例");
    if (keptLocal.length) parts.push(`保留本机较新的答案 ${keptLocal.length} 个（${keptLocal.join("、")}）`);
    if (same.length) parts.push(`与本机相同 ${same.length} 个`);
    if (skipped.length) parts.push(`跳过 ${skipped.length} 个（${skipped.join("；")}）`);
    return parts.join("；") + "。";
  },
  importCancelled: "已取消导入。",

  // assessment site (SITE_MODE "assessment"): no scores, answers handed in as a file
  checkerLoading: "正在加载答案检查程序…",
  checkerReady: "测验版：答案自动保存在本机；点「保存」检查答案的格式，不显示得分和解析。全部做完后点「提交作业」。",
  checkerError: "答案检查程序没能加载（网络断开或文件缺失）。答案都已保存在本机，照样可以「提交作业」；点「重试」重新加载。",
  save: "保存",
  saved: (time) => (time ? `已保存（${time}）` : "已保存"),
  checking: "正在检查格式…",
  checkingQueued: "检查程序加载完成后会自动检查格式…",
  checkingAfterRetry: "检查程序没能加载；点本页上方的「重试」。答案已经保存在本机。",
  savedStale: "答案已修改（已自动保存在本机）；点「保存」再检查一次格式。",
  invalidShape: "答案的格式需要修改",
  progressSaved: (done, n) => `进度：已保存 ${done} / ${n} 题（测验版不显示得分）。`,
  progressSavedNone: (n) => `进度：还没有保存过答案（共 ${n} 题）。`,

  // who hands in: the identity line and dialog (toolbar.mjs), in both kinds of site
  handIn: "提交作业",
  identityLabel: "提交人：",
  identityNone: "未填写",
  identity: ({ name, number }) => `${name}（学号 ${number}）`,
  identityEdit: "修改",
  identityAdd: "填写姓名和学号",
  identityTitle: "姓名和学号",
  identityHandInTitle: "提交作业：填写姓名和学号",
  identityWhy: "答案文件里会写上你的姓名和学号，老师据此登记成绩。只需填写一次，以后可以点「修改」。",
  nameLabel: "姓名",
  numberLabel: "学号",
  identityMissing: "请填写姓名和学号。",
  identitySave: "保存",
  identityDownload: "保存并下载答案文件",
  cancel: "取消",
  handInEmpty: "还没有作答，没有可以提交的答案。",
  handInDone: ({ file, who, cases, questions }) =>
    `已下载答案文件「${file}」：${who}，${cases} 个案例、${questions} 道题的答案。请把这个文件交给老师；改了答案以后，要重新提交。`,
};
