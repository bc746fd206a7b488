// The response-time chart of a monitor's page: reads the series of the range chosen (or dragged across) from the
// monitor's latency endpoint and draws average, 95th percentile and slowest with uPlot. Without data it says so.
(function () {
  'use strict';
  const HOUR = 3600 * 1000;
  const RANGES = { '1h': HOUR, '24h': 24 * HOUR, '7d': 7 * 24 * HOUR, '30d': 30 * 24 * HOUR, '90d': 90 * 24 * HOUR };

  function start() {
    const box = document.getElementById('latency-chart');
    if (!box || typeof uPlot === 'undefined') {
      return;
    }
    const note = document.getElementById('latency-chart-note');
    const buttons = Array.from(document.querySelectorAll('.chart-ranges button[data-range]'));
    let chart = null;
    let request = 0;

    function width() {
      return Math.max(240, box.clientWidth || box.parentElement.clientWidth);
    }

    function say(text) {
      if (note) {
        note.textContent = text;
      }
    }

    function press(range) {
      buttons.forEach(b => b.setAttribute('aria-pressed', String(b.dataset.range === range)));
    }

    function draw(series) {
      const x = [], avg = [], p95 = [], max = [];
      series.points.forEach(p => {
        x.push(Date.parse(p.at) / 1000);
        avg.push(p.avg);
        p95.push(p.p95);
        max.push(p.max);
      });
      if (chart) {
        chart.destroy();
        chart = null;
      }
      box.querySelectorAll('.chart-empty').forEach(e => e.remove());
      box.dataset.points = String(x.length);
      box.dataset.resolution = series.resolution;
      if (x.length === 0) {
        const empty = document.createElement('p');
        empty.className = 'chart-empty';
        empty.textContent = 'No results in this range yet.';
        box.appendChild(empty);
        return;
      }
      chart = new uPlot({
        width: width(),
        height: 260,
        scales: { x: { time: true } },
        cursor: { drag: { x: true, y: false } },
        axes: [{}, { label: 'ms', size: 60 }],
        series: [
          {},
          { label: 'average', stroke: '#2563eb', width: 2, value: (u, v) => v == null ? '—' : v.toFixed(0) + ' ms' },
          { label: '95th percentile', stroke: '#d97706', width: 1, value: (u, v) => v == null ? '—' : v.toFixed(0) + ' ms' },
          { label: 'slowest', stroke: '#dc2626', width: 1, dash: [4, 4], value: (u, v) => v == null ? '—' : v + ' ms' }
        ],
        hooks: {
          setSelect: [u => {
            if (u.select.width < 5) {
              return;
            }
            const from = u.posToVal(u.select.left, 'x') * 1000;
            const to = u.posToVal(u.select.left + u.select.width, 'x') * 1000;
            u.setSelect({ left: 0, width: 0 }, false);
            press(null);
            load(new Date(from), new Date(to));
          }]
        }
      }, [x, avg, p95, max], box);
      say((series.resolution === 'MINUTE' ? 'A point a minute' : 'A point an hour')
        + '. Drag across the chart to look closer; a range choice goes back.');
    }

    function load(from, to) {
      const mine = ++request;
      const url = new URL(box.dataset.url, window.location.href);
      url.searchParams.set('from', from.toISOString());
      url.searchParams.set('to', to.toISOString());
      box.setAttribute('aria-busy', 'true');
      fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
        .then(r => r.ok ? r.json() : r.json().then(e => Promise.reject(new Error(
          (e.fields && Object.entries(e.fields).map(([f, m]) => f + ': ' + m).join('; ')) || e.message || r.statusText))))
        .then(series => {
          if (mine === request) {
            draw(series);
          }
        })
        .catch(e => {
          if (mine === request) {
            say('The chart could not be loaded: ' + e.message);
          }
        })
        .finally(() => box.removeAttribute('aria-busy'));
    }

    function loadRange(range) {
      press(range);
      const to = new Date();
      load(new Date(to.getTime() - RANGES[range]), to);
    }

    buttons.forEach(b => b.addEventListener('click', () => loadRange(b.dataset.range)));
    window.addEventListener('resize', () => {
      if (chart) {
        chart.setSize({ width: width(), height: 260 });
      }
    });
    loadRange('24h');
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
