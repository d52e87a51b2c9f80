/** Totals carry no currency on the wire; the demo shop sells in US dollars. */
const CURRENCY = 'USD';
const money = new Intl.NumberFormat(undefined, { style: 'currency', currency: CURRENCY });

export function formatMoney(amount) {
  return typeof amount === 'number' && Number.isFinite(amount) ? money.format(amount) : '—';
}

/** "12 s ago", "3 min ago", "2 h ago", then the date. Clock skew never shows a time in the future. */
export function timeAgo(iso, now = Date.now()) {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return '';
  const seconds = Math.max(0, Math.floor((now - at) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return new Date(at).toLocaleString();
}

/** A <time> that the relative clock keeps current. */
export function relativeTime(iso) {
  const time = document.createElement('time');
  time.dateTime = iso;
  time.dataset.relative = '';
  time.title = new Date(iso).toLocaleString();
  time.textContent = timeAgo(iso);
  return time;
}

/** One timer for the whole page rather than one per row. */
export function startRelativeClock(root = document) {
  const tick = () => {
    const now = Date.now();
    for (const time of root.querySelectorAll('time[data-relative]')) time.textContent = timeAgo(time.dateTime, now);
  };
  tick();
  return setInterval(tick, 1000);
}

/** Shorthand for building small DOM fragments without innerHTML (data is never parsed as HTML). */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key === 'class') node.className = value;
    else node.setAttribute(key, value);
  }
  node.append(...children.filter((child) => child !== undefined && child !== null));
  return node;
}
