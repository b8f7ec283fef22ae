/**
 * Widget: multiple choice (checkboxes). Answer: the list of checked option
 * ids in the order the options are shown (possibly empty).
 */

import { choiceGroup } from "./choices.mjs";
import { T } from "../strings.mjs";

/**
 * @param {HTMLElement} container
 * @param {{options: {id: string, text: string}[]}} question
 * @param {{answer?: any, idBase: string}} state
 * @param {() => void} onChange
 */
export function mount(container, question, state, onChange) {
  const { element, inputs } = choiceGroup("checkbox", `${state.idBase}-choice`, T.pickMany, question.options, onChange);
  container.replaceChildren(element);
  const api = {
    getAnswer: () => inputs.filter((input) => input.checked).map((input) => input.value),
    setAnswer(answer) {
      const chosen = new Set(Array.isArray(answer) ? answer : []);
      for (const input of inputs) input.checked = chosen.has(input.value);
    },
    focus: () => inputs[0]?.focus(),
  };
  api.setAnswer(state.answer ?? []);
  return api;
}
