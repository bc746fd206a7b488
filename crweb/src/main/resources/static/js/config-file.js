// The Configuration page's file picker: the chosen YAML file is read into the document box, which is what the form
// sends (crweb parses no multipart body). Without JavaScript, the document is pasted instead.
(function () {
  'use strict';

  document.addEventListener('change', function (event) {
    var input = event.target;
    var target = input instanceof HTMLInputElement ? document.getElementById(input.getAttribute('data-fills') || '') : null;
    if (!target || !input.files || input.files.length === 0) {
      return;
    }
    input.files[0].text().then(function (text) {
      target.value = text;
    });
  });
})();
