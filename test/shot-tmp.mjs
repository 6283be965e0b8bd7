// usage: node shot.mjs user url out [width] [height] [clickText]
import { chromium } from 'playwright-core';
const [user, url, out, width = '390', height = '1400', click] = process.argv.slice(2);
const B='http://127.0.0.1:3112';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu'] });
const ctx = await b.newContext({ viewport: { width: +width, height: +height }, isMobile: true, hasTouch: true, deviceScaleFactor: 1, geolocation: {latitude: 34.0235, longitude: 113.823, accuracy: 15}, permissions: ['geolocation'], locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
const p = await ctx.newPage();
await p.goto(B+'/pages/login/index');
if (user !== '-') {
  const t = await (await fetch(B+'/api/v1/auth/demo',{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify({username:user})})).json();
  await p.evaluate((s)=>localStorage.setItem('xc.session', JSON.stringify({data: JSON.stringify(s)})), {accessToken:t.accessToken, refreshToken:t.refreshToken,user:t.user});
}
await p.goto(B+url);
await p.waitForTimeout(3000);
if (click) { for (const c of click.split('|')) { await p.getByText(c, {exact:true}).last().click(); await p.waitForTimeout(1500);} }
await p.screenshot({ path: out });
await b.close();
