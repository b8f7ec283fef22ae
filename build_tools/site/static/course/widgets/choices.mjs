/**
 * A group of native radio buttons or checkboxes, one per option.
 *
 * Why native inputs: they give arrow-key (radio) and Space (checkbox)
 * operation, touch targets and screen-reader semantics for free, and the DOM
 * contract promises real inputs whose `value` is the option id.
 */

import { h } from "../dom.mjs";

/**
 * @param {"radio"|"checkbox"} kind
 * @param {string} name  unique in the document
 * @param {string} legend  what the group asks for
 * @param {{id: string, text: string}[]} options
 * @param {() => void} onChange
 * @returns {{element: HTMLFieldSetElement, inputs: HTMLInputElement[]}}
 */
export function choiceGroup(kind, name, legend, options, onChange) {
  const inputs = [];
  const fieldset = h("fieldset", { class: "cw-group" }, h("legend", { class: "cw-legend", text: legend }));
  for (const option of options) {
    const input = h("input", { type: kind, name, value: option.id, class: "cw-input", onchange: onChange });
    inputs.push(input);
    fieldset.append(h("label", { class: "cw-choice" }, input, h("span", { class: "cw-choice-text", text: option.text })));
  }
  return { element: fieldset, inputs };
}
