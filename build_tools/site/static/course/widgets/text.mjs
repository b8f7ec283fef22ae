/**
 * Widget: free text with a live character count 「已写 N / 80 字」.
 * Answer: the text as typed.
 *
 * The count is display only (the grader enforces the limits). It counts
 * characters excluding whitespace, as the grader does: code points, so an
 * emoji or a rare CJK character outside the BMP counts once.
 */

import { h, slug } from "../dom.mjs";
import { T } from "../strings.mjs";

/**
 * Python's str.isspace() set (category Zs, or bidi class WS/B/S), which the
 * grader's char_count uses. JS's \s differs (it lacks U+001C–U+001F and
 * U+0085, and adds U+FEFF), so it is spelled out.
 */
const PY_SPACE = /[\t\n\v\f\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/u;

/** Characters excluding whitespace, counted in code points like Python's len(). */
export function countChars(text) {
  let n = 0;
  for (const ch of String(text)) if (!PY_SPACE.test(ch)) n += 1;
  return n;
}

/**
 * @param {HTMLElement} container
 * @param {{min_chars?: number, max_chars?: number}} question
 * @param {{answer?: any, idBase: string}} state
 * @param {() => void} onChange
 */
export function mount(container, question, state, onChange) {
  const id = `${slug(state.idBase)}-text`;
  const countId = `${id}-count`;
  const max = Number.isFinite(question.max_chars) ? question.max_chars : null;
  const min = Number.isFinite(question.min_chars) ? question.min_chars : null;
  const textarea = h("textarea", { id, class: "cw-text", rows: "5", "aria-describedby": countId });
  const count = h("p", { id: countId, class: "cw-count", "data-count": "0" });

  function update() {
    const n = countChars(textarea.value);
    count.dataset.count = String(n);
    const over = max !== null && n > max;
    const under = min !== null && n < min;
    count.classList.toggle("is-over", over);
    count.textContent = T.charCount(n, max) + (over ? T.charOver(n - max) : "") + (under ? `（${T.charMin(min)}）` : "");
  }

  textarea.addEventListener("input", () => {
    update();
    onChange();
  });
  container.replaceChildren(h("div", { class: "cw-textbox" },
    h("label", { for: id, class: "cw-text-label", text: T.textLabel }), textarea, count));
  const api = {
    getAnswer: () => textarea.value,
    setAnswer(answer) {
      textarea.value = typeof answer === "string" ? answer : "";
      update();
    },
    focus: () => textarea.focus(),
  };
  api.setAnswer(state.answer);
  return api;
}
