// PoofBG dashboard: progressive enhancement only. Every page works without this script.
(function () {
  'use strict';

  // Copy a freshly created key to the clipboard.
  document.querySelectorAll('[data-copy-target]').forEach(function (button) {
    button.addEventListener('click', function () {
      var field = document.getElementById(button.getAttribute('data-copy-target'));
      if (!field) { return; }
      field.select();
      var done = function () { button.textContent = 'Copied'; };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, function () { document.execCommand('copy'); done(); });
      } else {
        document.execCommand('copy');
        done();
      }
    });
  });
  document.querySelectorAll('[data-select-on-focus]').forEach(function (field) {
    field.addEventListener('focus', function () { field.select(); });
  });

  // The try page: drop an image on the zone, and refuse a file over the limit before uploading it.
  var form = document.querySelector('form[data-max-bytes]');
  if (!form) { return; }
  var zone = form.querySelector('[data-dropzone]');
  var input = form.querySelector('input[type=file]');
  var error = form.querySelector('.file-error');
  var maxBytes = parseInt(form.getAttribute('data-max-bytes'), 10);
  var check = function () {
    var file = input.files && input.files[0];
    var tooLarge = file && file.size > maxBytes;
    error.hidden = !tooLarge;
    error.textContent = tooLarge ? 'This file is ' + (file.size / 1048576).toFixed(1) + ' MB; the limit is '
      + Math.floor(maxBytes / 1048576) + ' MB.' : '';
    return !tooLarge;
  };
  input.addEventListener('change', check);
  form.addEventListener('submit', function (event) { if (!check()) { event.preventDefault(); } });
  ['dragenter', 'dragover'].forEach(function (type) {
    zone.addEventListener(type, function (event) { event.preventDefault(); zone.classList.add('dragging'); });
  });
  ['dragleave', 'drop'].forEach(function (type) {
    zone.addEventListener(type, function () { zone.classList.remove('dragging'); });
  });
  zone.addEventListener('drop', function (event) {
    event.preventDefault();
    if (event.dataTransfer && event.dataTransfer.files.length) {
      input.files = event.dataTransfer.files;
      check();
    }
  });
})();
