// Inline SVG charts of the server's per-second samples: [epochSecond, started, p50Ms, p99Ms],
// on a fixed window of the last WINDOW seconds, so a young node's chart does not stretch.
const NS = 'http://www.w3.org/2000/svg';
const W = 600, H = 140, LEFT = 40, BOTTOM = 16, WINDOW = 300;

function svg(children) {
  const root = document.createElementNS(NS, 'svg');
  root.setAttribute('viewBox', `0 0 ${W} ${H}`);
  root.setAttribute('preserveAspectRatio', 'none');
  root.append(...children);
  return root;
}

function node(tag, attributes, text) {
  const n = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attributes)) n.setAttribute(k, v);
  if (text !== undefined) n.textContent = text;
  return n;
}

function frame(max, samples) {
  const parts = [node('line', { class: 'axis', x1: LEFT, y1: H - BOTTOM, x2: W, y2: H - BOTTOM }),
    node('text', { x: 2, y: 10 }, String(Math.round(max))), node('text', { x: 2, y: H - BOTTOM }, '0')];
  if (samples.length) {
    const end = samples.at(-1)[0];
    parts.push(node('text', { x: LEFT, y: H - 2 }, new Date((end - WINDOW) * 1000).toLocaleTimeString()));
    parts.push(node('text', { x: W, y: H - 2, 'text-anchor': 'end' }, new Date(end * 1000).toLocaleTimeString()));
  }
  return parts;
}

// The x of the sample at index i: its second's place in the window that ends with the last sample.
const x = (i, samples) => LEFT + (W - LEFT) * (1 - (samples.at(-1)[0] - samples[i][0]) / WINDOW);
const y = (v, max) => (H - BOTTOM) - (H - BOTTOM - 12) * (v / max);

export function drawStarted(target, samples) {
  const max = Math.max(1, ...samples.map(s => s[1]));
  const width = Math.max(1, (W - LEFT) / WINDOW - 0.3);
  const bars = samples.map((s, i) => node('rect', {
    class: 'bar', x: x(i, samples) - width, y: y(s[1], max), width, height: (H - BOTTOM) - y(s[1], max) }));
  const total = samples.reduce((sum, s) => sum + s[1], 0);
  target.replaceChildren(svg([...frame(max, samples), ...bars,
    node('text', { x: W - 150, y: 10, 'data-total': total }, `${total} started`)]));
}

export function drawLatency(target, samples) {
  const known = samples.filter(s => s[2] >= 0);
  const max = Math.max(1, ...known.map(s => s[3]));
  const line = (column, cls) => node('polyline', { class: cls, points: samples
    .map((s, i) => (s[column] >= 0 ? `${x(i, samples)},${y(s[column], max)}` : null))
    .filter(Boolean).join(' ') });
  // Dots too: a second alone between idle ones makes no line.
  const dots = (column, cls) => samples.flatMap((s, i) => (s[column] >= 0
    ? [node('circle', { class: cls, cx: x(i, samples), cy: y(s[column], max), r: 1.5 })] : []));
  target.replaceChildren(svg([...frame(max, samples), line(2, 'p50'), line(3, 'p99'),
    ...dots(2, 'p50'), ...dots(3, 'p99'),
    node('text', { x: W - 150, y: 10 }, known.length ? `p99 now ${known.at(-1)[3]} ms` : 'no starts yet')]));
}
