// SVG line chart: W3 end-to-end latency percentiles (log scale) vs publish rate, one colour per server.
const W = 760, H = 420, L = 70, R = 170, T = 40, B = 60;
const COLORS = { ours: '#d1495b', baseline: '#00798c', 'baseline-keyobject': '#8e7dbe', 'ours-nostore': '#edae49', 'ours-pg': '#30638e' };
const DASH = { p50: '', p95: '6 3', p99: '2 3' };
const esc = (s) => String(s).replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]);

/** series: { [server]: [{ rate, p50, p95, p99 }] } */
export function latencyChart(series, { title, subtitle = '' }) {
  const rates = [...new Set(Object.values(series).flat().map((p) => p.rate))].sort((a, b) => a - b);
  const values = Object.values(series).flat().flatMap((p) => [p.p50, p.p95, p.p99]).filter((v) => v > 0);
  const lo = Math.pow(10, Math.floor(Math.log10(Math.min(0.5, ...values))));
  const hi = Math.pow(10, Math.ceil(Math.log10(Math.max(60, ...values))));
  const x = (rate) => L + (rates.length < 2 ? (W - L - R) / 2 : (rates.indexOf(rate) * (W - L - R)) / (rates.length - 1));
  const y = (v) => T + (H - T - B) * (1 - (Math.log10(Math.max(v, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)));
  const out = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${L}" y="20" font-size="15" font-weight="bold">${esc(title)}</text>`,
    `<text x="${L}" y="34" fill="#555">${esc(subtitle)}</text>`];
  for (let d = lo; d <= hi; d *= 10) {
    out.push(`<line x1="${L}" x2="${W - R}" y1="${y(d)}" y2="${y(d)}" stroke="#ddd"/>`, `<text x="${L - 8}" y="${y(d) + 4}" text-anchor="end">${d} ms</text>`);
  }
  out.push(`<line x1="${L}" x2="${W - R}" y1="${y(50)}" y2="${y(50)}" stroke="#999" stroke-dasharray="8 4"/>`, `<text x="${W - R - 4}" y="${y(50) - 4}" text-anchor="end" fill="#777">p99 limit 50 ms</text>`);
  for (const r of rates) out.push(`<text x="${x(r)}" y="${H - B + 18}" text-anchor="middle">${r >= 1000 ? `${r / 1000}k` : r}</text>`);
  out.push(`<text x="${(L + W - R) / 2}" y="${H - 18}" text-anchor="middle">publish rate (msg/s, open loop)</text>`);
  let ly = T + 10;
  for (const [server, points] of Object.entries(series)) {
    const color = COLORS[server] ?? '#333';
    for (const pct of ['p50', 'p95', 'p99']) {
      const pts = points.filter((p) => p[pct] > 0).map((p) => `${x(p.rate)},${y(p[pct])}`);
      if (!pts.length) continue;
      out.push(`<polyline fill="none" stroke="${color}" stroke-width="2" stroke-dasharray="${DASH[pct]}" points="${pts.join(' ')}"/>`);
      for (const pt of pts) { const [cx, cy] = pt.split(','); out.push(`<circle cx="${cx}" cy="${cy}" r="2.5" fill="${color}"/>`); }
      out.push(`<line x1="${W - R + 15}" x2="${W - R + 45}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="2" stroke-dasharray="${DASH[pct]}"/>`, `<text x="${W - R + 50}" y="${ly + 4}">${esc(server)} ${pct}</text>`);
      ly += 18;
    }
  }
  out.push('</svg>');
  return out.join('\n') + '\n';
}
