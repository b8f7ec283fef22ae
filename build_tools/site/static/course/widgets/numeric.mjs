/**
 * Widget: numeric input with its unit. Answer: the text exactly as typed; the
 * grader parses it (so "６３０", "630.0" or an empty box are judged in Python,
 * never here).
 */

import { h, slug } from "../dom.mjs";
import { T } from "../strings.mjs";

/**
 * @param {HTMLElement} container
 * @param {{unit?: string}} question
 * @param {{answer?: any, idBase: string}} state
 * @param {() => void} onChange
 */
export function mount(container, question, state, onChange) {
  const id = `${slug(state.idBase)}-number`;
  const unitId = `${id}-unit`;
  const input = h("input", {
    id,
    type: "text",
    // the unit is part of what is asked: a screen reader reads it with the field
    "aria-describedby": question.unit ? unitId : null,
    inputmode: "decimal",
    autocomplete: "off",
    spellcheck: "false",
    class: "cw-number",
    oninput: onChange,
  });
  input.dataset.submitOnEnter = "";
  const row = h("div", { class: "cw-numeric" },
    h("label", { for: id, class: "cw-numeric-label", text: T.numericLabel }),
    h("span", { class: "cw-numeric-field" }, input, question.unit ? h("span", { id: unitId, class: "cw-unit", text: question.unit }) : null),
  );
  container.replaceChildren(row);
  const api = {
    getAnswer: () => input.value,
    setAnswer(answer) {
      // A stored answer of another shape (edited storage, an old format) shows as empty, not "[object Object]".
      input.value = typeof answer === "string" || typeof answer === "number" ? String(answer) : "";
    },
    focus: () => input.focus(),
  };
  api.setAnswer(state.answer);
  return api;
}
