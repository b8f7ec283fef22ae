/**
 * Widget: transcript annotation. Every selectable line of the dialogue gets a
 * checkbox (the whole line is its label, so clicking or tapping the line
 * selects it) and, once selected, a group of tag checkboxes.
 * Answer: {line id: [tag ids]} for the selected lines, tags in list order.
 *
 * Why tags show only for a selected line: a 20-line call with five error
 * types would otherwise be 100 checkboxes on a phone. Why a line's tags are
 * made the first time it is selected, not hidden in advance: most lines are
 * never selected, and hidden groups for all of them were most of a case
 * page's elements (17 lines × 10 tags: 544 of 1,338). Once made, a line's
 * group stays (hidden when the line is unselected), so its ticks come back
 * with the line, as before.
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
  /** What a line's tag group is made of, the first time it is needed (see tagsOf). */
  const tagging = { tags: question.tags, idBase: state.idBase, onChange };
  const rows = new Map(lines.map((line) => [line.id, lineRow(line, tagging)]));
  container.replaceChildren(h("p", { class: "cw-hint", text: T.annotateHint }),
    h("ol", { class: "cw-list cw-lines" }, [...rows.values()].map((row) => row.li)));
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
      for (const [lineId, row] of rows) {
        const chosen = Array.isArray(map[lineId]) ? new Set(map[lineId]) : null;
        row.pick.checked = chosen !== null;
        if (chosen) tagsOf(row);
        for (const input of row.tagInputs) input.checked = Boolean(chosen && chosen.has(input.value));
        show(row);
      }
    },
    focus: () => rows.values().next().value?.pick.focus(),
  };
  api.setAnswer(state.answer ?? {});
  return api;
}

/**
 * One selectable line: the whole line is the label of its checkbox. Its tag group is not made yet.
 * @returns {{line: object, li: HTMLElement, pick: HTMLInputElement, tags: HTMLElement|null, tagInputs: HTMLInputElement[], tagging: object}}
 */
function lineRow(line, tagging) {
  const pick = h("input", { type: "checkbox", value: line.id, class: "cw-input cw-line-pick" });
  const li = h("li", { class: "cw-line", "data-line": line.id, "data-speaker": line.speaker },
    h("label", { class: "cw-line-label" },
      pick,
      h("span", { class: "cw-line-id", text: line.id }),
      h("span", { class: "cw-speaker", text: line.speaker }),
      h("span", { class: "cw-line-text", text: line.text })));
  const row = { line, li, pick, tags: null, tagInputs: [], tagging };
  pick.addEventListener("change", () => {
    show(row);
    tagging.onChange();
  });
  return row;
}

/** A line's tag group, made (after its label) the first time the line is selected. */
function tagsOf(row) {
  if (row.tags) return row.tags;
  const { tags, idBase, onChange } = row.tagging;
  row.tagInputs = tags.map((tag) =>
    h("input", { type: "checkbox", value: tag.id, class: "cw-input", name: `${idBase}-${slug(row.line.id)}-tags`, onchange: onChange }));
  row.tags = h("fieldset", { class: "cw-group cw-tags" },
    h("legend", { class: "cw-legend", text: T.annotateTags(row.line.id) }),
    tags.map((tag, i) => h("label", { class: "cw-choice cw-chip" }, row.tagInputs[i], h("span", { class: "cw-choice-text", text: tag.label }))));
  row.li.append(row.tags);
  return row.tags;
}

/** A selected line shows its tags; an unselected one hides them (if it ever had them). */
function show(row) {
  const picked = row.pick.checked;
  if (picked) tagsOf(row).hidden = false;
  else if (row.tags) row.tags.hidden = true;
  row.li.classList.toggle("is-selected", picked);
}
