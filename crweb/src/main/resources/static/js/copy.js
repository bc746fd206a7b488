// Copy buttons: <button type="button" class="copy" data-copy-target="some-id" hidden>Copy</button> copies the text of
// the element with id "some-id". The buttons stay hidden without JavaScript. The Clipboard API needs a secure
// context (https, or http on localhost); elsewhere the text is copied from a selected, off-screen text area.
(function () {
  'use strict';

  function copyBySelection(text) {
    var area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.top = '-1000px';
    document.body.appendChild(area);
    area.select();
    var copied = false;
    try {
      copied = document.execCommand('copy');
    } catch (e) {
      copied = false;
    }
    document.body.removeChild(area);
    return copied ? Promise.resolve() : Promise.reject(new Error('the browser refused to copy'));
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () {
        return copyBySelection(text);
      });
    }
    return copyBySelection(text);
  }

  // Selects the element's text so that the user can copy it by hand when the browser would not.
  function select(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function say(button, word) {
    if (!button.dataset.label) {
      button.dataset.label = button.textContent;
    }
    button.textContent = word;
    clearTimeout(button.copyTimer);
    button.copyTimer = setTimeout(function () {
      button.textContent = button.dataset.label;
    }, 2000);
  }

  document.addEventListener('click', function (event) {
    var button = event.target.closest('button[data-copy-target]');
    if (!button) {
      return;
    }
    var source = document.getElementById(button.getAttribute('data-copy-target'));
    if (!source) {
      return;
    }
    copy(source.textContent.trim()).then(function () {
      say(button, 'Copied');
    }, function () {
      select(source);
      say(button, 'Press Ctrl+C');
    });
  });

  function showButtons() {
    document.querySelectorAll('button[data-copy-target][hidden]').forEach(function (button) {
      button.hidden = false;
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', showButtons);
  } else {
    showButtons();
  }
})();
