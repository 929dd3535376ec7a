// The search page: Pagefind's interface over the index of every article (content/search.md).
function kbSegment(term) {
  if (typeof Intl === "undefined" || !Intl.Segmenter) { return term; }
  var segmenter = new Intl.Segmenter("zh", {granularity: "word"});
  return term.replace(/[\u3400-\u9fff\uf900-\ufaff]+/g, function (run) {
    var words = [];
    for (var part of segmenter.segment(run)) { words.push(part.segment); }
    return " " + words.join(" ") + " ";
  }).replace(/\s+/g, " ").trim();
}
window.addEventListener("DOMContentLoaded", function () {
  var ui = new PagefindUI({
    element: "#kb-search",
    showSubResults: false,
    showImages: false,
    // Chinese is written without spaces; cut each run of Han characters into words
    // (单独同意 → 单独 同意) so that the query is segmented as the text was.
    processTerm: kbSegment,
    pageSize: 10,
    // Each hit is one article; its address is the article's anchor on the instrument page.
    processResult: function (result) {
      if (result.meta && result.meta.anchor) { result.url = result.meta.anchor; delete result.meta.anchor; }
      return result;
    },
    translations: {placeholder: "删除 · delete · 个人信息处理者"}
  });
  var q = new URLSearchParams(window.location.search).get("q");
  if (q) { ui.triggerSearch(q); }
});
