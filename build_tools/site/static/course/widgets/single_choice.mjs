/**
 * Widget: single choice (radio buttons). Answer: the chosen option id, or
 * null when nothing is chosen (the grader says what to fix).
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
  const { element, inputs } = choiceGroup("radio", `${state.idBase}-choice`, T.pickOne, question.options, onChange);
  container.replaceChildren(element);
  const api = {
    getAnswer: () => inputs.find((input) => input.checked)?.value ?? null,
    setAnswer(answer) {
      for (const input of inputs) input.checked = input.value === answer;
    },
    focus: () => (inputs.find((input) => input.checked) ?? inputs[0])?.focus(),
  };
  api.setAnswer(state.answer ?? null);
  return api;
}
