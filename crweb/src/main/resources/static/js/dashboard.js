// Keeps the dashboard live: a server-sent event stream (the table's data-stream URL, the page's own filter, search,
// sort and page) sends each row whose status changed and the new counts. A changed row takes its new status and
// colour, and a screen reader is told politely. The line under the counts says when updates pause or reconnect.
(function () {
  'use strict';
  var table = document.getElementById('monitors');
  var line = document.getElementById('live-status');
  var announcer = document.getElementById('live-announcer');
  if (!table || !line || !window.EventSource) {
    return;
  }
  var statuses = ['FAILED', 'UNKNOWN', 'HEALTHY', 'DISABLED'];
  var stream = null;
  var stoppedAt = null;

  function say(text, state) {
    line.hidden = false;
    line.textContent = text;
    line.dataset.state = state;
  }

  function announce(text) {
    // a new node per message: screen readers announce additions to a live region
    var entry = document.createElement('p');
    entry.textContent = text;
    announcer.appendChild(entry);
    while (announcer.childNodes.length > 5) {
      announcer.removeChild(announcer.firstChild);
    }
  }

  // the flapping badge of a row, added or removed as the stream says
  function showFlapping(row, change) {
    var flapping = row.querySelector('.badge.flapping');
    if (change.flapping && !flapping) {
      flapping = document.createElement('span');
      flapping.className = 'badge flapping';
      flapping.title = 'Changes status too often: stable again once it has not changed for the flap window';
      flapping.textContent = 'flapping';
      var hidden = document.createElement('span');
      hidden.className = 'visually-hidden';
      hidden.textContent = ': this monitor changes status too often';
      flapping.appendChild(hidden);
      var cell = row.querySelector('.status');
      if (cell && cell.parentNode) {
        cell.parentNode.appendChild(flapping);
      }
      announce(change.name + ' is flapping');
    } else if (!change.flapping && flapping) {
      flapping.parentNode.removeChild(flapping);
      announce(change.name + ' is stable again');
    }
  }

  function showStatus(change) {
    var row = document.getElementById('monitor-' + change.id);
    if (!row) {
      return;
    }
    showFlapping(row, change);
    if (row.dataset.status === change.status) {
      return;
    }
    row.dataset.status = change.status;
    statuses.forEach(function (s) { row.classList.remove(s); });
    row.classList.add(change.status);
    var badge = row.querySelector('.status');
    if (badge) {
      badge.className = 'status ' + change.status;
      badge.textContent = change.status;
    }
    var since = row.querySelector('.since');
    if (since) {
      since.textContent = 'just now';
    }
    announce(change.name + ' is now ' + change.status);
  }

  function showCounts(counts) {
    Object.keys(counts).forEach(function (name) {
      var count = document.getElementById('count-' + name);
      if (count) {
        count.textContent = counts[name];
      }
    });
  }

  function connect() {
    stream = new EventSource(table.dataset.stream);
    stream.addEventListener('open', function () {
      say('Live: changes show as they happen.', 'live');
    });
    stream.addEventListener('status', function (event) {
      showStatus(JSON.parse(event.data));
    });
    stream.addEventListener('counts', function (event) {
      showCounts(JSON.parse(event.data));
    });
    stream.addEventListener('error', function () {
      if (stream.readyState === EventSource.CLOSED) {
        // refused (e.g. too many open dashboards) or gone: try again later, not in a tight loop
        say('Live updates paused; retrying in 30 seconds (or reload the page).', 'paused');
        stream = null;
        setTimeout(connect, 30000);
      } else {
        say('Reconnecting live updates…', 'reconnecting');
      }
    });
  }

  // a hidden tab holds no stream: it costs the server nothing and catches up when shown again
  document.addEventListener('visibilitychange', function () {
    if (document.hidden && stream) {
      stream.close();
      stream = null;
      stoppedAt = Date.now();
      say('Live updates paused while the page is hidden.', 'paused');
    } else if (!document.hidden && !stream && stoppedAt !== null) {
      stoppedAt = null;
      connect();
    }
  });

  connect();
}());
