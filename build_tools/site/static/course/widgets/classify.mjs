/**
 * Widget: classification. One radio group per item, one radio per category,
 * so each item is a single Tab stop operated with the arrow keys, and a tap
 * target on a phone. Answer: {item id: category id} for the items classified
 * so far (the grader says which are missing).
 */

import { h, slug } from "../dom.mjs";
import { T } from "../strings.mjs";

/**
 * @param {HTMLElement} container
 * @param {{items: {id: string, text: string}[], categories: {id: string, label: string}[]}} question
 * @param {{answer?: any, idBase: string}} state
 * @param {() => void} onChange
 */
export function mount(container, question, state, onChange) {
  const groups = new Map();
  const list = h("div", { class: "cw-classify" }, h("p", { class: "cw-hint", text: T.classifyHint }));
  for (const item of question.items) {
    const name = `${state.idBase}-item-${slug(item.id)}`;
    const fieldset = h("fieldset", { class: "cw-group cw-classify-item", "data-item": item.id },
      h("legend", { class: "cw-legend", text: item.text }));
    const radios = h("div", { class: "cw-categories" });
    const inputs = question.categories.map((category) => {
      const input = h("input", { type: "radio", name, value: category.id, class: "cw-input", onchange: onChange });
      radios.append(h("label", { class: "cw-choice cw-chip" }, input, h("span", { class: "cw-choice-text", text: category.label })));
      return input;
    });
    fieldset.append(radios);
    list.append(fieldset);
    groups.set(item.id, inputs);
  }
  container.replaceChildren(list);
  const api = {
    getAnswer() {
      const answer = {};
      for (const [itemId, inputs] of groups) {
        const chosen = inputs.find((input) => input.checked);
        if (chosen) answer[itemId] = chosen.value;
      }
      return answer;
    },
    setAnswer(answer) {
      const map = answer && typeof answer === "object" ? answer : {};
      for (const [itemId, inputs] of groups) for (const input of inputs) input.checked = map[itemId] === input.value;
    },
    focus: () => groups.values().next().value?.[0]?.focus(),
  };
  api.setAnswer(state.answer ?? {});
  return api;
}
