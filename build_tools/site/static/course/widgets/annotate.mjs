/**
 * Widget: transcript annotation. Every selectable line of the dialogue gets a
 * checkbox (the whole line is its label, so clicking or tapping the line
 * selects it) and, once selected, a group of tag checkboxes.
 * Answer: {line id: [tag ids]} for the selected lines, tags in list order.
 *
 * Why tags hide until a line is selected: a 20-line call with five error
 * types would otherwise be 100 checkboxes on a phone.
 */

import { h, slug } from "../dom.mjs";
import { T } from "../strings.mjs";

/**
 * @param {HTMLElement} container
 * @param {{tags: {id: string, label: string}[], selectable?: string[]}} question
 * @param {{answer?: any, idBase: string, transcript: {id: string, speaker: string, text: string}[]}} state
 * @param {() => void} onChange
 */
export function mount(container, question, state, onChange) {
  const transcript = state.transcript ?? [];
  const allowed = Array.isArray(question.selectable) ? new Set(question.selectable) : null;
  const lines = transcript.filter((line) => !allowed || allowed.has(line.id));
  const rows = new Map();
  const list = h("ol", { class: "cw-list cw-lines" });

  for (const line of lines) {
    const pick = h("input", { type: "checkbox", value: line.id, class: "cw-input cw-line-pick" });
    const tagInputs = question.tags.map((tag) =>
      h("input", { type: "checkbox", value: tag.id, class: "cw-input", name: `${state.idBase}-${slug(line.id)}-tags`, onchange: onChange }));
    const tags = h("fieldset", { class: "cw-group cw-tags" },
      h("legend", { class: "cw-legend", text: T.annotateTags(line.id) }),
      question.tags.map((tag, i) => h("label", { class: "cw-choice cw-chip" }, tagInputs[i], h("span", { class: "cw-choice-text", text: tag.label }))));
    const li = h("li", { class: "cw-line", "data-line": line.id, "data-speaker": line.speaker },
      h("label", { class: "cw-line-label" },
        pick,
        h("span", { class: "cw-line-id", text: line.id }),
        h("span", { class: "cw-speaker", text: line.speaker }),
        h("span", { class: "cw-line-text", text: line.text })),
      tags);
    pick.addEventListener("change", () => {
      show(li, pick, tags);
      onChange();
    });
    rows.set(line.id, { li, pick, tags, tagInputs });
    list.append(li);
  }

  function show(li, pick, tags) {
    tags.hidden = !pick.checked;
    li.classList.toggle("is-selected", pick.checked);
  }

  container.replaceChildren(h("p", { class: "cw-hint", text: T.annotateHint }), list);
  const api = {
    getAnswer() {
      const answer = {};
      for (const [lineId, { pick, tagInputs }] of rows) {
        if (pick.checked) answer[lineId] = tagInputs.filter((input) => input.checked).map((input) => input.value);
      }
      return answer;
    },
    setAnswer(answer) {
      const map = answer && typeof answer === "object" && !Array.isArray(answer) ? answer : {};
      for (const [lineId, { li, pick, tags, tagInputs }] of rows) {
        const chosen = Array.isArray(map[lineId]) ? new Set(map[lineId]) : null;
        pick.checked = chosen !== null;
        for (const input of tagInputs) input.checked = Boolean(chosen && chosen.has(input.value));
        show(li, pick, tags);
      }
    },
    focus: () => rows.values().next().value?.pick.focus(),
  };
  api.setAnswer(state.answer ?? {});
  return api;
}
