/**
 * The one DOM-building helper of the course widgets.
 *
 * Why it exists: every piece of case or student text must reach the page as
 * a text node, never as HTML. `h()` turns string children into text nodes and
 * has no way to set `innerHTML`, so code that builds DOM through it cannot
 * inject markup by accident. (The only HTML we insert, the build-time
 * sanitised `explanation_html`, is set explicitly in question.mjs.)
 *
 * @example
 *   h("label", { class: "cw-choice" }, input, h("span", { text: option.text }))
 */

/**
 * Create an element.
 * @param {string} tag
 * @param {Record<string, any>} [props] `class`, `text` (textContent), `on<event>`
 *   listeners, boolean properties (`checked`, `hidden`, `disabled`) and any
 *   other attribute (set with setAttribute; `true` gives an empty attribute).
 * @param {...(Node|string|number|null|undefined|Array)} children strings become text nodes
 * @returns {HTMLElement}
 */
export function h(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = String(value);
    else if (key.startsWith("on") && typeof value === "function") {
      node.addEventListener(key.slice(2), value);
    } else if (typeof value === "boolean" && key in node) node[key] = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  append(node, children);
  return node;
}

/**
 * Append children (nodes, strings as text, nested arrays; null skipped).
 * @param {Node} parent
 * @param {Array} children
 */
export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/**
 * A string safe to use inside an id or a radio `name`: case and question ids
 * are already [a-z0-9_-], but item ids come from authors, so we keep only
 * characters that need no escaping in CSS selectors.
 * @param {string} value
 */
export function slug(value) {
  return String(value).replace(/[^A-Za-z0-9_-]/g, (ch) => `_${ch.codePointAt(0).toString(16)}`);
}

/**
 * Let the browser handle input and paint before the next piece of work, so a
 * long job (mounting a case) never blocks the main thread in one piece.
 */
export function yieldToMain() {
  if (globalThis.scheduler?.yield) return globalThis.scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}
