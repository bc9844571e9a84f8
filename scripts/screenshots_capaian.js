// Screenshots of README's Capaian Kinerja section (issue 15): make run PORT=8369, then
// odoo shell < scripts/demo_open_quarter.py, then: BASE=http://127.0.0.1:8369 OUT=static/description node scripts/screenshots_capaian.js
// (needs playwright-core: PW=/path/to/node_modules/playwright-core; files graph.png, list.png, phone_form.png, phone_card.png).
const { chromium } = require(process.env.PW || '/tmp/pw/node_modules/playwright-core');
const BASE = process.env.BASE || 'http://127.0.0.1:8369';
const OUT = process.env.OUT || '/tmp/shots15';
const MEAS = process.env.MEAS || '3';

async function login(browser, loginName, viewport, extra = {}) {
  const ctx = await browser.newContext({ viewport, locale: 'id-ID', ...extra });
  const page = await ctx.newPage();
  await page.goto(`${BASE}/web/login`);
  await page.fill('input[name=login]', loginName);
  await page.fill('input[name=password]', loginName);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  await page.waitForSelector('.o_action_manager');
  return { ctx, page };
}

(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
  const which = process.argv[2] || 'all';
  if (which === 'all' || which === 'graph') {
    const { ctx, page } = await login(browser, 'perencana', { width: 1366, height: 900 });
    await page.goto(`${BASE}/odoo/action-sakip_penetapan_kinerja.action_sakip_capaian?view_type=graph`);
    await page.waitForSelector('.o_action_manager .o_graph_renderer[data-sakip-rating-colours] canvas');
    await page.waitForLoadState('networkidle', { timeout: 8000 }).catch(() => console.log('no networkidle'));
    await page.waitForTimeout(1500);
    console.log('colours', await page.getAttribute('.o_graph_renderer', 'data-sakip-rating-colours'));
    await page.screenshot({ path: `${OUT}/graph.png` });
    await ctx.close();
  }
  if (which === 'all' || which === 'list') {
    const { ctx, page } = await login(browser, 'perencana', { width: 1366, height: 900 });
    await page.goto(`${BASE}/odoo/action-sakip_penetapan_kinerja.action_sakip_capaian`);
    await page.waitForSelector('.o_action_manager .o_list_view .o_data_row');
    await page.waitForLoadState('networkidle', { timeout: 8000 }).catch(() => console.log('no networkidle'));
    await page.waitForTimeout(800);
    await page.screenshot({ path: `${OUT}/list.png` });
    await ctx.close();
  }
  if (which === 'all' || which === 'phone') {
    const { ctx, page } = await login(browser, process.env.PHONE_LOGIN || 'staf.sd', { width: 390, height: 844 },
      { isMobile: true, hasTouch: true, deviceScaleFactor: 1 });
    await page.goto(`${BASE}/odoo/action-sakip_penetapan_kinerja.action_sakip_pk_measurement/${MEAS}`);
    await page.waitForSelector('.o_action_manager .o_form_view .o_field_widget[name=line_ids] .o_kanban_record');
    await page.waitForLoadState('networkidle', { timeout: 8000 }).catch(() => console.log('no networkidle'));
    await page.waitForTimeout(800);
    await page.screenshot({ path: `${OUT}/phone_form.png`, fullPage: false });
    await page.click('.o_field_widget[name=line_ids] .o_kanban_record >> nth=0');
    await page.waitForSelector('.modal .o_field_widget[name=realisation] input');
    await page.fill('.modal .o_field_widget[name=realisation] input', '101,20');
    await page.press('.modal .o_field_widget[name=realisation] input', 'Tab');
    await page.fill('.modal .o_field_widget[name=explanation] textarea', 'Data Dapodik semester ganjil belum final di 8 SD.');
    await page.press('.modal .o_field_widget[name=explanation] textarea', 'Tab');
    await page.waitForTimeout(1200);
    await page.screenshot({ path: `${OUT}/phone_card.png` });
    await ctx.close();
  }
  await browser.close();
})().catch((e) => { console.error(e); process.exit(1); });
