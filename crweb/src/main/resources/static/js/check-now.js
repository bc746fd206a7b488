// The monitor form's "Check now" button, in place: the form is posted in the background to the button's formaction
// and the result (or the field errors) of the page that comes back replaces those shown, so what the person typed,
// secrets included, stays in the form. Without this script the button is an ordinary form post.
document.addEventListener('click', function (event) {
  var button = event.target.closest && event.target.closest('#check-now');
  if (!button || !button.form || !window.fetch || !window.DOMParser) {
    return;
  }
  event.preventDefault();
  var form = button.form;
  var result = document.getElementById('check-now-result');
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  if (result) {
    result.setAttribute('aria-busy', 'true');
  }
  fetch(button.formAction.split('#')[0], {
    method: 'POST',
    // URL-encoded as the form itself posts (a multipart body would hide the CSRF token from the filter that reads it)
    body: new URLSearchParams(new FormData(form)),
    credentials: 'same-origin',
    headers: { 'Accept': 'text/html' }
  }).then(function (response) {
    if (!response.ok) {
      throw new Error('HTTP ' + response.status);
    }
    return response.text();
  }).then(function (html) {
    var page = new DOMParser().parseFromString(html, 'text/html');
    var fresh = page.getElementById('check-now-result');
    if (result && fresh) {
      result.replaceWith(document.importNode(fresh, true));
    }
    // the field errors of the page that came back, and the fields' links to them, replace those shown
    form.querySelectorAll('[id^="setting-"][id$="-error"], #check-now-field-errors').forEach(function (old) {
      old.remove();
    });
    page.querySelectorAll('[id^="setting-"][id$="-error"]').forEach(function (error) {
      var field = document.getElementById(error.id.slice(0, -'-error'.length));
      var place = document.getElementById('field-' + error.id.slice(0, -'-error'.length));
      if (field && place) {
        place.appendChild(document.importNode(error, true));
      }
    });
    form.querySelectorAll('[id^="setting-"]').forEach(function (field) {
      var twin = page.getElementById(field.id);
      if (twin && /^(INPUT|SELECT|TEXTAREA)$/.test(field.tagName)) {
        ['aria-describedby', 'aria-invalid'].forEach(function (name) {
          if (twin.hasAttribute(name)) {
            field.setAttribute(name, twin.getAttribute(name));
          } else {
            field.removeAttribute(name);
          }
        });
      }
    });
    var timeoutError = page.getElementById('timeoutSeconds-error');
    var oldTimeoutError = document.getElementById('timeoutSeconds-error');
    if (oldTimeoutError) {
      oldTimeoutError.remove();
    }
    var timeout = document.getElementById('timeoutSeconds');
    if (timeoutError && timeout) {
      timeout.parentNode.appendChild(document.importNode(timeoutError, true));
    }
  }).catch(function (error) {
    if (result) {
      result.innerHTML = '';
      var message = document.createElement('p');
      message.className = 'error';
      message.setAttribute('role', 'alert');
      message.textContent = 'The check could not be run from this page (' + error.message + '): reload it and try again.';
      result.appendChild(message);
    }
  }).finally(function () {
    button.disabled = false;
    button.removeAttribute('aria-busy');
    var shown = document.getElementById('check-now-result');
    if (shown) {
      shown.removeAttribute('aria-busy');
    }
  });
});
