import sharp from 'sharp';

/**
 * Demo photos drawn as simple street scenes (no text, so no font is needed), rasterised to JPEG
 * by sharp and then uploaded through the real media pipeline like any phone photo.
 */
const SKY = ['#9fc5f8', '#b7d7f5', '#cfe2f3', '#a4c2f4', '#d0e0e3', '#bcd4e6'];

function scene(i: number, after: boolean): string {
  const sky = SKY[i % SKY.length];
  const road = '#8a8f98';
  const pile = after
    ? ''
    : [
        `<ellipse cx="${300 + i * 40}" cy="470" rx="${110 + i * 10}" ry="45" fill="#6b4f2a"/>`,
        `<rect x="${260 + i * 30}" y="420" width="40" height="30" fill="#d9d2c5" transform="rotate(${i * 12} 280 435)"/>`,
        `<circle cx="${360 + i * 25}" cy="440" r="18" fill="#3d6b3a"/>`,
        `<rect x="${200 + i * 20}" y="445" width="60" height="22" fill="#e8e1d1"/>`,
      ].join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="960" height="720" viewBox="0 0 960 720">
    <rect width="960" height="380" fill="${sky}"/>
    <rect y="300" width="960" height="80" fill="#c9c2b3"/>
    <rect x="${40 + i * 30}" y="120" width="180" height="200" fill="#e6dccb"/><rect x="${70 + i * 30}" y="150" width="40" height="40" fill="#7fa7d9"/><rect x="${140 + i * 30}" y="150" width="40" height="40" fill="#7fa7d9"/>
    <rect x="${560 - i * 20}" y="90" width="240" height="230" fill="#d8cfbf"/><rect x="${590 - i * 20}" y="120" width="50" height="50" fill="#7fa7d9"/><rect x="${680 - i * 20}" y="120" width="50" height="50" fill="#7fa7d9"/>
    <rect x="${820 - i * 10}" y="180" width="14" height="200" fill="#5a5a5a"/><circle cx="${827 - i * 10}" cy="175" r="16" fill="#f1c232"/>
    <rect y="380" width="960" height="340" fill="${road}"/>
    <rect x="0" y="540" width="960" height="10" fill="#f3f3f3" stroke-dasharray="60 40"/>
    <circle cx="${100 + i * 60}" cy="330" r="38" fill="#4f8a3c"/><rect x="${94 + i * 60}" y="330" width="12" height="50" fill="#6b4f2a"/>
    ${pile}
  </svg>`;
}

export async function demoPhoto(i: number, after = false): Promise<Buffer> {
  return sharp(Buffer.from(scene(i, after)))
    .jpeg({ quality: 82 })
    .toBuffer();
}
