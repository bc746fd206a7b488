// Forms that act at once ask first: <form data-confirm="Delete this monitor?"> is sent only once the person agrees.
// Kept out of the page (no onsubmit attributes) so that the Content-Security-Policy can forbid inline script.
(function () {
  'use strict';

  document.addEventListener('submit', function (event) {
    var form = event.target;
    var question = form instanceof HTMLFormElement ? form.getAttribute('data-confirm') : null;
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });
})();
