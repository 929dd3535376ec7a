// Copy-citation buttons: copies the data-citation text of the button.
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("button.kb-copy");
  if (!button) { return; }
  var text = button.getAttribute("data-citation");
  var done = function () {
    button.textContent = "Copied";
    setTimeout(function () { button.textContent = "Copy"; }, 1500);
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(done);
  } else {
    var area = document.createElement("textarea");
    area.value = text;
    document.body.appendChild(area);
    area.select();
    document.execCommand("copy");
    document.body.removeChild(area);
    done();
  }
});

// On the page of a long instrument, an article's old address (#art_1034) moved to its book's page
// (the map is in the page's #kb-moved data): go there.
(function () {
  var data = document.getElementById("kb-moved");
  if (!data) { return; }
  var moved = JSON.parse(data.textContent);
  var wanted = decodeURIComponent(window.location.hash.slice(1));
  var page = moved[wanted.split("__")[0]];
  if (page) { window.location.replace(page + "#" + wanted); }
})();
