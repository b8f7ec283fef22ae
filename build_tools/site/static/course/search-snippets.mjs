/**
 * Search results without zero-width spaces.
 *
 * Material's Chinese search joins jieba's words with U+200B in the index, because its
 * search separator splits on it: the index needs them. Shown in a result, though, each
 * one is a line-break opportunity that overrides the rules for Chinese punctuation (a
 * line may start with 。 or 」), and a copied snippet carries invisible characters. So
 * they are taken out of what is displayed, as Material renders each result; searching
 * is unchanged.
 */

const ZERO_WIDTH_SPACE = /\u200b/g;

/** Remove U+200B from every text node in `node` (itself included). */
export function stripZeroWidthSpaces(node) {
  if (node.nodeType === Node.TEXT_NODE) {
    if (node.data.includes("\u200b")) node.data = node.data.replace(ZERO_WIDTH_SPACE, "");
    return;
  }
  const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    if (text.data.includes("\u200b")) text.data = text.data.replace(ZERO_WIDTH_SPACE, "");
  }
}

/**
 * Keep Material's search results free of U+200B from now on. Safe to call on every
 * page change: the results list is watched once.
 */
export function cleanSearchSnippets(doc = document) {
  const results = doc.querySelector(".md-search-result");
  if (!results || results.dataset.snippetsClean !== undefined) return;
  results.dataset.snippetsClean = "";
  stripZeroWidthSpaces(results);
  new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) stripZeroWidthSpaces(node);
    }
  }).observe(results, { childList: true, subtree: true });
}
