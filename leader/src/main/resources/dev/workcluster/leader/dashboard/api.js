// The dashboard's JSON API; a refusal becomes an Error carrying the server's message.
export async function get(path) {
  return answer(await fetch(path, { headers: { Accept: 'application/json' } }));
}

export async function post(path, body) {
  return answer(await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body ?? {}),
  }));
}

async function answer(response) {
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(body.error || `HTTP ${response.status}`);
    error.status = response.status;
    throw error;
  }
  return body;
}

// Redraws at most once per `millis`, however often it is asked to: keeps a busy cluster from
// turning every change into a repaint.
export function throttle(millis, run) {
  let timer = null;
  let again = false;
  const fire = async () => {
    again = false;
    try { await run(); } catch (e) { showError(e); }
    timer = setTimeout(() => { timer = null; if (again) schedule(); }, millis);
  };
  const schedule = () => { if (timer) { again = true; } else { timer = setTimeout(fire, 0); } };
  return schedule;
}

export function showError(error) {
  const el = document.getElementById('error');
  el.textContent = error ? String(error.message || error) : '';
  el.hidden = !error;
}

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'class') node.className = value; else node.setAttribute(name, value);
  }
  for (const child of children) node.append(child ?? '');
  return node;
}

export function time(millis) {
  return millis ? new Date(millis).toLocaleTimeString() : '';
}
