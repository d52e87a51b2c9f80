// SVG line chart for W6: a per-delivery cost (CPU of all nodes, Redis bytes) against the node count.
const W = 720, H = 400, L = 70, R = 200, T = 50, B = 60;
const COLORS = { sharded: '#d1495b', streams: '#00798c' };
const esc = (s) => String(s).replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]);

const CPU_LINES = [['server', '', 'servers'], ['withRedis', '6 3', 'servers + Redis']];

/**
 * series: { [adapter]: [{ nodes, ...values }] }; `lines`: [key, dash, label] drawn per adapter;
 * `unit` after the axis values (default: ms of CPU per 1,000 deliveries).
 */
export function clusterChart(series, { title, subtitle = '', lines = CPU_LINES, unit = 'ms' }) {
  const nodes = [...new Set(Object.values(series).flat().map((p) => p.nodes))].sort((a, b) => a - b);
  const top = Math.max(1, ...Object.values(series).flat().flatMap((p) => lines.map(([key]) => p[key] ?? 0)));
  const step = 10 ** Math.floor(Math.log10(top));
  const hi = Math.ceil((top * 1.1) / step) * step;
  const x = (n) => L + (nodes.length < 2 ? (W - L - R) / 2 : (nodes.indexOf(n) * (W - L - R)) / (nodes.length - 1));
  const y = (v) => T + (H - T - B) * (1 - v / hi);
  const out = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${L}" y="20" font-size="15" font-weight="bold">${esc(title)}</text>`,
    `<text x="${L}" y="36" fill="#555">${esc(subtitle)}</text>`];
  for (let v = 0; v <= hi + 1e-9; v += step) {
    out.push(`<line x1="${L}" x2="${W - R}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/>`, `<text x="${L - 8}" y="${y(v) + 4}" text-anchor="end">${v} ${unit}</text>`);
  }
  for (const n of nodes) out.push(`<text x="${x(n)}" y="${H - B + 18}" text-anchor="middle">${n}</text>`);
  out.push(`<text x="${(L + W - R) / 2}" y="${H - 18}" text-anchor="middle">instances (same total sockets and rate)</text>`);
  let ly = T + 10;
  for (const [adapter, points] of Object.entries(series)) {
    const color = COLORS[adapter] ?? '#333';
    for (const [key, dash, label] of lines) {
      const pts = points.filter((p) => typeof p[key] === 'number').map((p) => `${x(p.nodes)},${y(p[key])}`);
      if (!pts.length) continue;
      out.push(`<polyline fill="none" stroke="${color}" stroke-width="2" stroke-dasharray="${dash}" points="${pts.join(' ')}"/>`);
      for (const pt of pts) { const [cx, cy] = pt.split(','); out.push(`<circle cx="${cx}" cy="${cy}" r="3" fill="${color}"/>`); }
      out.push(`<line x1="${W - R + 15}" x2="${W - R + 45}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="2" stroke-dasharray="${dash}"/>`, `<text x="${W - R + 50}" y="${ly + 4}">${esc(adapter)}: ${label}</text>`);
      ly += 18;
    }
  }
  out.push('</svg>');
  return out.join('\n') + '\n';
}
