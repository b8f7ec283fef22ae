/**
 * Widget: ordering. Each item has move-up / move-down buttons (keyboard and
 * screen readers) and a drag handle driven by pointer events (mouse, pen and
 * touch alike). Answer: every item id, in the order shown.
 *
 * Why buttons keep focus at the edges: they use aria-disabled instead of
 * `disabled`, because a disabled button drops keyboard focus to <body> the
 * moment an item reaches the top or bottom.
 */

import { h } from "../dom.mjs";
import { T } from "../strings.mjs";

/**
 * @param {HTMLElement} container
 * @param {{items: {id: string, text: string}[]}} question
 * @param {{answer?: any, idBase: string}} state
 * @param {() => void} onChange
 */
export function mount(container, question, state, onChange) {
  /** What the row handlers below share: the list, its live region, the items by id. */
  const board = {
    list: h("ol", { class: "cw-list cw-order", "aria-label": T.orderLegend }),
    live: h("p", { class: "cw-sr", "aria-live": "polite" }),
    items: new Map(question.items.map((item) => [item.id, item])),
    onChange,
  };
  const rows = new Map(question.items.map((item) => [item.id, makeRow(board, item)]));
  container.replaceChildren(h("p", { class: "cw-hint", text: T.orderHint }), board.list, board.live);
  const api = {
    getAnswer: () => order(board.list),
    setAnswer(answer) {
      // Known ids in the stored order, then any item the stored answer lacks
      // (the case may have changed since) in the order they are first shown.
      const wanted = Array.isArray(answer) ? answer.filter((id) => rows.has(id)) : [];
      const rest = question.items.map((item) => item.id).filter((id) => !wanted.includes(id));
      board.list.replaceChildren(...[...new Set(wanted), ...rest].map((id) => rows.get(id)));
      refresh(board.list);
    },
    focus: () => board.list.querySelector("button")?.focus(),
  };
  api.setAnswer(state.answer);
  return api;
}

function makeRow(board, item) {
  const up = h("button", { type: "button", class: "cw-move", "data-move": "up", "aria-label": T.moveUp(item.text), title: "上移", text: "↑" });
  const down = h("button", { type: "button", class: "cw-move", "data-move": "down", "aria-label": T.moveDown(item.text), title: "下移", text: "↓" });
  const handle = h("span", { class: "cw-handle", "aria-hidden": "true", title: "拖动", text: "⠿" });
  const li = h("li", { class: "cw-order-item", "data-item": item.id },
    handle,
    h("span", { class: "cw-order-pos", "aria-hidden": "true" }),
    h("span", { class: "cw-order-text", text: item.text }),
    h("span", { class: "cw-order-buttons" }, up, down));
  up.addEventListener("click", () => move(board, li, -1, up));
  down.addEventListener("click", () => move(board, li, +1, down));
  handle.addEventListener("pointerdown", (event) => drag(board, event, li, handle));
  return li;
}

function order(list) {
  return [...list.children].map((li) => li.dataset.item);
}

/** Number the rows and mark the edge buttons. */
function refresh(list) {
  const all = [...list.children];
  all.forEach((li, index) => {
    li.querySelector(".cw-order-pos").textContent = String(index + 1);
    li.querySelector('[data-move="up"]').setAttribute("aria-disabled", String(index === 0));
    li.querySelector('[data-move="down"]').setAttribute("aria-disabled", String(index === all.length - 1));
  });
}

function announce(board, li) {
  board.live.textContent = T.movedTo(board.items.get(li.dataset.item).text, order(board.list).indexOf(li.dataset.item) + 1);
}

function move(board, li, delta, button) {
  const sibling = delta < 0 ? li.previousElementSibling : li.nextElementSibling;
  if (!sibling) return;
  if (delta < 0) board.list.insertBefore(li, sibling);
  else board.list.insertBefore(sibling, li);
  refresh(board.list);
  button.focus();
  // The focused button moved with its row: keep it on screen (focus() alone does not scroll an
  // element that already has focus), without jumping the page more than needed.
  button.scrollIntoView({ block: "nearest" });
  announce(board, li);
  board.onChange();
}

/**
 * Drag a row by its handle: the row follows the pointer's vertical position.
 * Move/up listeners sit on the document, not the handle: re-inserting the
 * row in the list releases the handle's pointer capture, after which only
 * the document still hears the pointer.
 */
function drag(board, event, li, handle) {
  if (event.button !== 0) return;
  event.preventDefault();
  handle.setPointerCapture?.(event.pointerId);
  li.classList.add("is-dragging");
  const { list } = board;
  const pointer = event.pointerId;
  const before = order(list).join("\u0000");
  const onMove = (ev) => {
    if (ev.pointerId !== pointer) return;
    ev.preventDefault();
    const target = [...list.children].find((other) => {
      if (other === li) return false;
      const box = other.getBoundingClientRect();
      return ev.clientY < box.top + box.height / 2;
    }) ?? null;
    if (target !== li.nextElementSibling) {
      list.insertBefore(li, target);
      refresh(list);
    }
    // Keep the row reachable on a phone: scroll when dragging near an edge.
    if (ev.clientY < 48) window.scrollBy(0, -12);
    else if (ev.clientY > window.innerHeight - 48) window.scrollBy(0, 12);
  };
  const onEnd = (ev) => {
    if (ev.pointerId !== pointer) return;
    document.removeEventListener("pointermove", onMove);
    document.removeEventListener("pointerup", onEnd);
    document.removeEventListener("pointercancel", onEnd);
    li.classList.remove("is-dragging");
    if (order(list).join("\u0000") !== before) {
      announce(board, li);
      board.onChange();
    }
  };
  document.addEventListener("pointermove", onMove);
  document.addEventListener("pointerup", onEnd);
  document.addEventListener("pointercancel", onEnd);
}
