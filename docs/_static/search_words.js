/* Japanese queries split into the words of the search index.
   Sphinx splits a query at spaces and punctuation only, so a Japanese query such as 注意機構 or
   Attentionの重み stays one "word" that the index (built with janome, which splits Japanese text
   into words) does not hold, and finds nothing. This splitQuery (searchtools.js calls it; a global
   defined here wins over its default) cuts each run of Japanese text into the longest words the
   index knows, left to right; particles the index does not hold (の, を, ...) are left out, and an
   unknown word of two or more characters is kept, so that it still has to match. */
var splitQuery = (query) => {
  "use strict";
  const index = (typeof Search !== "undefined" && Search._index) || {terms: {}, titleterms: {}};
  const has = (word) => Object.prototype.hasOwnProperty.call(index.terms, word)
    || Object.prototype.hasOwnProperty.call(index.titleterms, word);
  const japanese = /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]/;
  const words = [];
  for (const chunk of query.split(/[^\p{L}\p{N}_]+/gu).filter(Boolean)) {
    if (!japanese.test(chunk)) {
      words.push(chunk);
      continue;
    }
    let unknown = "";
    const keepUnknown = () => {
      if (unknown.length > 1 && !/^[\u3040-\u309f]+$/.test(unknown)) words.push(unknown);
      unknown = "";
    };
    for (let start = 0; start < chunk.length;) {
      let end = chunk.length;
      while (end > start + 1 && !has(chunk.slice(start, end).toLowerCase())) end -= 1;
      if (has(chunk.slice(start, end).toLowerCase())) {
        keepUnknown();
        words.push(chunk.slice(start, end));
        start = end;
      } else {
        unknown += chunk[start];
        start += 1;
      }
    }
    keepUnknown();
  }
  return words;
};
