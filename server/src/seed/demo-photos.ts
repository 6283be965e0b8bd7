import sharp from 'sharp';
import type { RefCategory } from './reference/types.js';
import { prng } from '../common/prng.js';

/**
 * Demo photos drawn per kind of problem (a broken manhole cover, a rubbish pile, a dark street
 * lamp…), composed as SVG and rasterised to JPEG by sharp at seed time, then uploaded through the
 * real media pipeline like any phone photo. No text, so no font is needed. Deterministic: the
 * same kind and variant always give the same picture.
 */

export const PHOTO_KINDS = [
  'manhole',
  'lamp',
  'rubbish',
  'pavement',
  'parking',
  'bikes',
  'posters',
  'water',
  'tree',
  'stall',
  'construction',
  'smoke',
  'kiosk',
  'railing',
] as const;
export type PhotoKind = (typeof PHOTO_KINDS)[number];

/** Photos drawn per kind: before variants, and one after (the problem dealt with). */
export const BEFORE_VARIANTS = 2;

const RULES: [RegExp, PhotoKind][] = [
  [/井盖|雨水箅子|民用水井|化粪池/, 'manhole'],
  [/燃气管道/, 'pavement'],
  [/路灯|地灯|景观灯|信号灯|霓虹灯|电子眼|显示屏/, 'lamp'],
  [/非机动车|存车支架/, 'bikes'],
  [/焚烧|油烟|烧烤/, 'smoke'],
  [/垃圾|渣土|废品|遗撒|废弃家具|施工废弃料|道路不洁|绿地脏乱|动物尸体|乱堆物|公共厕所|水域不洁/, 'rubbish'],
  [/道路破损|路面塌陷|掘路|河堤|防洪墙|停车场|过街天桥|地下通道|立交桥|跨河桥|积雪/, 'pavement'],
  [/机动车乱停放|废弃车辆|黑车|停车咪表/, 'parking'],
  [/广告|宣传栏|外立面|树挂|出版物/, 'posters'],
  [/水管|积水|下水道|热力|供水器|喷泉|消防设施|水域/, 'water'],
  [/树|绿地|花架|雕塑|坐椅|健身/, 'tree'],
  [/店外经营|游商|沿街晾挂|商业噪音|流浪乞讨|家禽|空调/, 'stall'],
  [/工地|施工|私搭乱建|扬尘|人防|地下室|危险源|群发/, 'construction'],
  [/燃气|监测站/, 'smoke'],
  [/亭|邮筒|售货机|交接箱|电力设施|变压器|调压|铁塔|立杆|线缆/, 'kiosk'],
  [/护栏|标志牌|路名牌|站牌|信号设施|隔音屏|港监/, 'railing'],
];

/** The kind of photo that shows a problem of this category. */
export function photoKindOf(category: Pick<RefCategory, 'name'>): PhotoKind {
  return RULES.find(([re]) => re.test(category.name))?.[1] ?? 'rubbish';
}

const W = 960;
const H = 720;

/** Grain, so surfaces read as asphalt or concrete rather than flat fills. */
function speckle(rand: () => number, x: number, y: number, w: number, h: number, n: number, colours: string[]): string {
  let s = '';
  for (let i = 0; i < n; i++) {
    const c = colours[Math.floor(rand() * colours.length)];
    s += `<circle cx="${(x + rand() * w).toFixed(1)}" cy="${(y + rand() * h).toFixed(1)}" r="${(0.8 + rand() * 2.2).toFixed(1)}" fill="${c}" fill-opacity="0.5"/>`;
  }
  return s;
}

interface Scene {
  sky: string;
  wall: string;
  ground: string;
  rand: () => number;
  v: number;
  /** The kind's index: shapes the street so that kinds do not share one backdrop. */
  k: number;
}

/** A street seen from the pavement: sky, building fronts, a kerb, the road. */
function street(s: Scene, dusk = false): string {
  const sky = dusk ? '#2b3a5c' : s.sky;
  const win = dusk ? '#f6d47a' : '#8fb2d6';
  const bw = 170 + ((s.k * 47) % 140);
  const x0 = -((s.k * 61 + s.v * 90) % bw);
  const fronts = [s.wall, '#d9d2c4', '#c9b8a6', '#e0e0da', '#b9a48f'];
  let b = `<rect width="${W}" height="330" fill="${sky}"/>`;
  for (let i = 0, x = x0; x < W; i++, x += bw + 12) {
    const top = 30 + ((i * 37 + s.k * 29 + s.v * 53) % 150);
    b += `<rect x="${x}" y="${top}" width="${bw}" height="${330 - top}" fill="${fronts[(i + s.k) % fronts.length]}"/>`;
    const ww = 24 + ((s.k + i) % 3) * 10;
    for (let r = top + 25; r < 290; r += 55)
      for (let c = x + 18; c < x + bw - ww - 10; c += ww + 22)
        b += `<rect x="${c}" y="${r}" width="${ww}" height="30" fill="${win}" fill-opacity="0.9"/>`;
  }
  if (s.k % 3 === 1)
    for (let x = 120 + s.v * 90; x < W; x += 380)
      b += `<rect x="${x}" y="300" width="16" height="140" fill="#6b4f2a"/><circle cx="${x + 8}" cy="280" r="62" fill="#4f8a3c"/>`;
  b += `<rect y="330" width="${W}" height="120" fill="#bdb6a8"/><rect y="446" width="${W}" height="10" fill="#9a958c"/>`;
  b += `<rect y="456" width="${W}" height="${H - 456}" fill="${s.ground}"/>`;
  b += speckle(s.rand, 0, 456, W, H - 456, 90, ['#5c6068', '#8d929a', '#44474d']);
  b += `<rect x="${60 + s.v * 100}" y="620" width="160" height="12" fill="#e8e8e8"/><rect x="${420 + s.v * 100}" y="620" width="160" height="12" fill="#e8e8e8"/>`;
  return b;
}

/** A close look at the ground: asphalt or paving, filling the frame. */
function ground(s: Scene, tiles: boolean): string {
  let g = `<rect width="${W}" height="${H}" fill="${tiles ? '#c8c0b0' : s.ground}"/>`;
  if (tiles) {
    for (let y = 0; y < H; y += 80)
      for (let x = (y / 80) % 2 ? -60 : 0; x < W; x += 120)
        g += `<rect x="${x + 3}" y="${y + 3}" width="114" height="74" fill="${(x + y) % 240 ? '#d4ccbc' : '#cbc2b0'}"/>`;
    g += `<rect x="${300 + s.v * 200}" y="0" width="90" height="${H}" fill="#e2c044"/>`;
  }
  return g + speckle(s.rand, 0, 0, W, H, 220, ['#5c6068', '#9a9ea5', '#3e4147', '#b8b2a6']);
}

const draw: Record<PhotoKind, (s: Scene, after: boolean) => string> = {
  manhole(s, after) {
    const cx = 460 + s.v * 60;
    const cy = 380;
    let g = ground(s, false);
    g += `<ellipse cx="${cx}" cy="${cy}" rx="230" ry="170" fill="#3a3b3e"/>`;
    if (after) {
      g += `<ellipse cx="${cx}" cy="${cy}" rx="215" ry="158" fill="#5b5d61"/>`;
      for (let r = 40; r < 200; r += 40)
        g += `<ellipse cx="${cx}" cy="${cy}" rx="${r}" ry="${r * 0.73}" fill="none" stroke="#46484c" stroke-width="8"/>`;
      return g;
    }
    if (s.v === 0) {
      // Cracked: wedges of a broken cover around a dark hole.
      g += `<ellipse cx="${cx}" cy="${cy}" rx="215" ry="158" fill="#111"/>`;
      g += `<path d="M${cx - 215} ${cy} L${cx - 40} ${cy - 20} L${cx - 120} ${cy - 150} Z" fill="#5b5d61"/>`;
      g += `<path d="M${cx + 30} ${cy - 158} L${cx + 200} ${cy - 60} L${cx + 60} ${cy + 10} Z" fill="#55575b"/>`;
      g += `<path d="M${cx - 150} ${cy + 110} L${cx + 20} ${cy + 40} L${cx + 120} ${cy + 140} Z" fill="#606266"/>`;
    } else {
      // Missing: an open shaft with a rung.
      g += `<ellipse cx="${cx}" cy="${cy}" rx="200" ry="145" fill="#0b0b0c"/><rect x="${cx - 60}" y="${cy + 10}" width="120" height="10" fill="#6d5a3a"/>`;
      g += `<path d="M${cx + 260} ${cy + 200} l60 -200 l60 200 Z" fill="#ff7a1a"/><rect x="${cx + 290}" y="${cy + 80}" width="60" height="22" fill="#fff"/>`;
    }
    return g;
  },
  lamp(s, after) {
    let g = street(s, true);
    for (let i = 0; i < 3; i++) {
      const x = 180 + i * 300 + s.v * 40;
      g += `<rect x="${x}" y="140" width="14" height="330" fill="#3d4046"/><rect x="${x}" y="136" width="90" height="10" fill="#3d4046"/>`;
      const lit = after || (s.v ? i === 0 : i === 2);
      if (lit) g += `<circle cx="${x + 90}" cy="160" r="70" fill="#ffe9a8" fill-opacity="0.35"/>`;
      g += `<ellipse cx="${x + 90}" cy="150" rx="36" ry="16" fill="${lit ? '#fff3c4' : '#5d6066'}"/>`;
    }
    return g;
  },
  rubbish(s, after) {
    let g = street(s);
    g += `<rect x="${700 - s.v * 500}" y="360" width="90" height="110" rx="8" fill="#2f7d4f"/><rect x="${700 - s.v * 500}" y="350" width="90" height="16" fill="#256440"/>`;
    if (after) return g;
    const x = 300 + s.v * 220;
    const bags = ['#1f2326', '#2d3a2f', '#3b3f45', '#f0efe8', '#5b7fa6', '#c94f3d'];
    for (let i = 0; i < 34; i++) {
      const bx = x + s.rand() * 420 - 120;
      const by = 400 + s.rand() * 150;
      g += `<ellipse cx="${bx.toFixed(0)}" cy="${by.toFixed(0)}" rx="${(45 + s.rand() * 50).toFixed(0)}" ry="${(30 + s.rand() * 30).toFixed(0)}" fill="${bags[i % bags.length]}"/>`;
    }
    g += `<rect x="${x + 40}" y="360" width="80" height="60" fill="#c9a36b" transform="rotate(-12 ${x + 80} 390)"/>`;
    g += `<rect x="${x + 180}" y="380" width="70" height="50" fill="#b88c55" transform="rotate(9 ${x + 215} 405)"/>`;
    return g;
  },
  pavement(s, after) {
    let g = ground(s, true);
    if (after) return g;
    const cx = 520 - s.v * 160;
    g += `<path d="M${cx - 210} 300 L${cx - 60} 220 L${cx + 170} 260 L${cx + 220} 420 L${cx + 40} 520 L${cx - 190} 470 Z" fill="#5e564a"/>`;
    g += `<path d="M${cx - 150} 330 L${cx + 130} 300 L${cx + 160} 420 L${cx - 120} 450 Z" fill="#3b352d"/>`;
    g += `<rect x="${cx - 260}" y="160" width="110" height="70" fill="#d4ccbc" transform="rotate(18 ${cx - 200} 190)"/>`;
    g += `<path d="M${cx + 220} 420 l120 90 l-30 60 l110 80" stroke="#4a443b" stroke-width="6" fill="none"/>`;
    return g;
  },
  parking(s, after) {
    let g = street(s);
    const x = 260 + s.v * 220;
    const body = ['#c33c3c', '#f4f4f2', '#2c4f8a'][s.v % 3];
    if (after) return g + `<path d="M0 452 L${W} 452" stroke="#e9d24a" stroke-width="6"/>`;
    g += `<rect x="${x}" y="330" width="360" height="110" rx="30" fill="${body}"/><path d="M${x + 60} 330 L${x + 110} 270 L${x + 260} 270 L${x + 310} 330 Z" fill="${body}"/>`;
    g += `<path d="M${x + 120} 280 L${x + 250} 280 L${x + 290} 325 L${x + 85} 325 Z" fill="#9fc0dd"/>`;
    g += `<circle cx="${x + 80}" cy="445" r="40" fill="#1d1e20"/><circle cx="${x + 280}" cy="445" r="40" fill="#1d1e20"/>`;
    g += `<circle cx="${x + 80}" cy="445" r="16" fill="#9a9da3"/><circle cx="${x + 280}" cy="445" r="16" fill="#9a9da3"/>`;
    return g;
  },
  bikes(s, after) {
    let g = ground(s, true);
    const colours = ['#f2c21b', '#2e7dd7', '#e0462f', '#43a047'];
    const n = after ? 5 : 9;
    for (let i = 0; i < n; i++) {
      const x = after ? 520 + i * 80 : 80 + s.rand() * 720;
      const y = after ? 280 : 150 + s.rand() * 380;
      const rot = after ? 0 : -40 + s.rand() * 80;
      const c = colours[(i + s.v) % colours.length];
      g += `<g transform="rotate(${rot.toFixed(0)} ${x} ${y})"><circle cx="${x - 55}" cy="${y}" r="40" fill="none" stroke="#222" stroke-width="9"/><circle cx="${x + 55}" cy="${y}" r="40" fill="none" stroke="#222" stroke-width="9"/><path d="M${x - 55} ${y} L${x - 10} ${y - 55} L${x + 55} ${y} M${x - 10} ${y - 55} L${x + 30} ${y - 55}" stroke="${c}" stroke-width="10" fill="none"/></g>`;
    }
    return g;
  },
  posters(s, after) {
    let g = `<rect width="${W}" height="${H}" fill="${s.wall}"/>` + speckle(s.rand, 0, 0, W, H, 100, ['#b7ad9c', '#ece4d4']);
    g += `<rect x="${380 + s.v * 120}" y="0" width="70" height="${H}" fill="#8a8d92"/>`;
    if (after) return g;
    const paper = ['#fffef6', '#ffe14d', '#ff8a80', '#ffffff', '#b3e5fc', '#f8bbd0'];
    for (let i = 0; i < 38; i++) {
      const x = 60 + s.rand() * 800;
      const y = 40 + s.rand() * 620;
      const w = 50 + s.rand() * 80;
      g += `<rect x="${x.toFixed(0)}" y="${y.toFixed(0)}" width="${w.toFixed(0)}" height="${(w * 1.3).toFixed(0)}" fill="${paper[i % paper.length]}" transform="rotate(${(-8 + s.rand() * 16).toFixed(0)} ${x} ${y})"/>`;
      for (let l = 0; l < 4; l++)
        g += `<rect x="${(x + 8).toFixed(0)}" y="${(y + 12 + l * 16).toFixed(0)}" width="${(w - 16).toFixed(0)}" height="5" fill="#444" fill-opacity="0.55"/>`;
    }
    return g;
  },
  water(s, after) {
    let g = street(s);
    if (after) return g;
    const x = 420 + s.v * 120;
    g += `<ellipse cx="${x}" cy="560" rx="470" ry="120" fill="#6f93b5" fill-opacity="0.85"/><ellipse cx="${x - 60}" cy="540" rx="260" ry="50" fill="#a9c6e0" fill-opacity="0.7"/>`;
    if (s.v === 0)
      for (let i = 0; i < 10; i++)
        g += `<path d="M${x} 520 q${-80 + i * 18} -120 ${-120 + i * 26} -20" stroke="#cfe3f5" stroke-width="6" fill="none"/>`;
    return g;
  },
  tree(s, after) {
    let g = street(s);
    const x = 330 + s.v * 200;
    const leaf = s.v ? '#4f8a3c' : '#3d7a34';
    if (after || s.v === 1) {
      for (let i = 0; i < 3; i++)
        g += `<rect x="${80 + i * 320}" y="250" width="22" height="200" fill="#6b4f2a"/><circle cx="${91 + i * 320}" cy="230" r="85" fill="${after || i !== 1 ? leaf : '#9b8b5a'}"/>`;
      if (!after) g += `<path d="M${411} 230 l-60 -70 M411 230 l50 -80 M411 250 l-70 10" stroke="#6b4f2a" stroke-width="10"/>`;
      return g;
    }
    g += `<rect x="${x}" y="390" width="380" height="30" fill="#6b4f2a" transform="rotate(-14 ${x} 405)"/>`;
    g += `<ellipse cx="${x + 400}" cy="330" rx="150" ry="90" fill="${leaf}"/><ellipse cx="${x + 330}" cy="370" rx="110" ry="60" fill="#4a9140"/>`;
    g += `<ellipse cx="${x - 10}" cy="440" rx="40" ry="18" fill="#5a3f20"/>`;
    return g;
  },
  stall(s, after) {
    let g = street(s);
    g += `<rect x="60" y="200" width="840" height="130" fill="#a8442f"/><rect x="100" y="230" width="320" height="100" fill="#d9c9a0"/><rect x="520" y="230" width="320" height="100" fill="#d9c9a0"/>`;
    if (after) return g;
    const x = 160 + s.v * 260;
    g += `<path d="M${x - 20} 250 l160 -70 l160 70 Z" fill="${s.v ? '#e53935' : '#1e88e5'}"/><rect x="${x + 136}" y="250" width="8" height="190" fill="#444"/>`;
    g += `<rect x="${x}" y="370" width="300" height="70" fill="#7d5a3c"/>`;
    const fruit = ['#f57c00', '#fbc02d', '#7cb342', '#d32f2f'];
    for (let i = 0; i < 30; i++)
      g += `<circle cx="${x + 15 + (i % 15) * 19}" cy="${360 - Math.floor(i / 15) * 16}" r="11" fill="${fruit[i % 4]}"/>`;
    for (let i = 0; i < 4; i++)
      g += `<rect x="${x + 330 + i * 60}" y="${395 - (i % 2) * 20}" width="50" height="${45 + (i % 2) * 20}" fill="#2e6db4"/>`;
    return g;
  },
  construction(s, after) {
    let g = street(s);
    const x = 80 + s.v * 60;
    g += `<path d="M${x + 150} 330 l200 -150 l200 150 Z" fill="#a37b4f"/>`;
    if (after) g += `<path d="M${x + 150} 330 l200 -150 l200 150 Z" fill="#3f8f49" fill-opacity="0.9"/>`;
    for (let i = 0; i < 7; i++) g += `<rect x="${x + i * 120}" y="300" width="116" height="150" fill="${i % 2 ? '#1d6fb8' : '#2a84d2'}"/>`;
    if (!after) {
      g += `<rect x="${x + 240}" y="300" width="116" height="150" fill="#b38b5d" transform="rotate(24 ${x + 240} 450)"/>`;
      g += `<ellipse cx="520" cy="250" rx="480" ry="150" fill="#d9c8a8" fill-opacity="0.55"/><ellipse cx="380" cy="480" rx="380" ry="70" fill="#8d6e4a"/>`;
    }
    return g;
  },
  smoke(s, after) {
    let g = street(s);
    const x = 300 + s.v * 240;
    if (!after) {
      g += `<rect x="${x}" y="400" width="160" height="40" fill="#333"/><path d="M${x + 10} 400 l20 -30 l20 30 l20 -40 l20 40 l20 -30 l20 30 Z" fill="#ff7043"/>`;
      for (let i = 0; i < 7; i++)
        g += `<circle cx="${x + 80 + i * 35 * (s.v ? -1 : 1)}" cy="${360 - i * 50}" r="${50 + i * 18}" fill="#8e9296" fill-opacity="${0.55 - i * 0.05}"/>`;
    }
    return g;
  },
  kiosk(s, after) {
    let g = street(s);
    const x = 300 + s.v * 100;
    const tilt = after ? 0 : s.v ? -9 : 7;
    g += `<g transform="rotate(${tilt} ${x + 130} 520)"><rect x="${x}" y="150" width="260" height="370" fill="${s.v ? '#2e7d32' : '#6d7b8a'}"/><rect x="${x + 30}" y="180" width="200" height="130" fill="#b9d3e8"/>`;
    if (!after) g += `<rect x="${x + 260}" y="320" width="110" height="190" fill="#4e5a66" transform="rotate(-35 ${x + 260} 320)"/>`;
    g += `</g>`;
    if (!after)
      for (let i = 0; i < 8; i++)
        g += `<rect x="${x + 20 + (i % 4) * 58}" y="${340 + Math.floor(i / 4) * 70}" width="46" height="58" fill="#fff9c4"/>`;
    return g;
  },
  railing(s, after) {
    let g = street(s);
    for (let i = 0; i < 9; i++) {
      const x = 40 + i * 110;
      const bent = !after && (i === 3 + s.v || i === 4 + s.v);
      const rot = bent ? (i % 2 ? 28 : -22) : 0;
      g += `<g transform="rotate(${rot} ${x} 460)"><rect x="${x}" y="360" width="12" height="100" fill="#f4f4f4"/><rect x="${x}" y="360" width="110" height="14" fill="#e23b3b"/><rect x="${x}" y="410" width="110" height="10" fill="#f4f4f4"/></g>`;
    }
    return g;
  },
};

/** One demo photo of `kind`: a `variant` of the problem, or after it was dealt with. */
export async function demoPhoto(kind: PhotoKind, variant: number, after = false): Promise<Buffer> {
  const k = PHOTO_KINDS.indexOf(kind);
  const v = variant % BEFORE_VARIANTS;
  const scene: Scene = {
    sky: ['#9fc5f8', '#cfe2f3', '#b7d7f5', '#d0e0e3'][(k + v) % 4],
    wall: ['#e6dccb', '#d8cfbf', '#cfd8dc', '#e8d5c4'][(k * 3 + v) % 4],
    ground: ['#6e7279', '#7a7d84', '#66696f'][(k + v) % 3],
    rand: prng(k * 100 + v * 10 + (after ? 1 : 0) + 1),
    v,
    k,
  };
  // Drawn on a 960×720 canvas, rasterised at 800×600: about a phone photo after the app's resize, and quick to draw.
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600" viewBox="0 0 ${W} ${H}">${draw[kind](scene, after)}</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
}
