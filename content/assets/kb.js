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
