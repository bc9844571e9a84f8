// Copyright 2024 SAKIP Indonesia
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
//
// The README's phone screenshots (static/description/), taken on `make run`
// in headless Chromium with playwright-core, as the demo users:
//
//   .venv/bin/python scripts/demo_signing_setup.py --port 8069   # step 11 waits
//   PLAYWRIGHT=/path/to/node_modules/playwright-core node scripts/phone_screenshots.js 8069
//
// The Kepala Dinas's home, the signing screen of step 11, the agreement after
// he signs there (the shot signs it) and its confirmation, the run's
// timeline as cards, all at
// 390 x 844; the planner's home at 1366 x 900. Each shot waits for the web
// client (.o_action_manager) and for the network to be idle: no request
// pending for 500 ms, the bus's SharedWorker script aside (Chromium keeps
// that request open, so Playwright's "networkidle" never comes).
const path = require("path");
const {chromium} = require(process.env.PLAYWRIGHT || "/tmp/pw/node_modules/playwright-core");

const port = process.argv[2] || "8069";
const base = `http://127.0.0.1:${port}`;
const out = path.join(__dirname, "..", "static", "description");
const HOME = "/odoo/action-sakip_penetapan_kinerja.action_sakip_my_work";
const PHONE = {viewport: {width: 390, height: 844}, isMobile: true, hasTouch: true};
const DESKTOP = {viewport: {width: 1366, height: 900}};

async function session(browser, login, device) {
    // A phone in Banyumas: the web client shows times in the browser's zone.
    const context = await browser.newContext({
        ...device,
        locale: "id-ID",
        timezoneId: "Asia/Jakarta",
    });
    const page = await context.newPage();
    page.pending = new Set();
    page.on("request", (request) => {
        if (!/\/(bus\/websocket_worker_bundle|websocket)/.test(request.url())) {
            page.pending.add(request);
        }
    });
    page.on("requestfinished", (request) => page.pending.delete(request));
    page.on("requestfailed", (request) => page.pending.delete(request));
    await page.goto(`${base}/web/login`);
    await page.fill("input[name=login]", login);
    await page.fill("input[name=password]", login);
    await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
    return page;
}

async function settle(page) {
    await page.waitForSelector(".o_action_manager");
    await page.waitForLoadState("load");
    let idleSince = Date.now();
    const deadline = Date.now() + 30000;
    while (Date.now() - idleSince < 500) {
        if (Date.now() > deadline) {
            throw new Error(`network not idle: ${[...page.pending].map((r) => r.url())}`);
        }
        if (page.pending.size) {
            idleSince = Date.now();
        }
        await page.waitForTimeout(50);
    }
}

async function shot(page, name) {
    await settle(page);
    const file = path.join(out, name);
    await page.screenshot({path: file});
    console.log(file);
}

(async () => {
    const browser = await chromium.launch({executablePath: process.env.CHROMIUM || "/usr/bin/chromium"});
    try {
        // The Kepala Dinas on his phone: home, signing screen, the signed agreement.
        const kadis = await session(browser, "kadis", PHONE);
        await kadis.goto(base + HOME);
        await settle(kadis);
        const toSign = ".o_sakip_work_step button.o_sakip_work_act";
        if (await kadis.locator(toSign).count()) {
            await kadis.waitForSelector(".o_sakip_my_work .o_sakip_work_item");
            await shot(kadis, "screenshot_kepala_home_phone.png");
            await kadis.click(".o_sakip_work_step button.o_sakip_work_act");
            await kadis.waitForSelector(".modal .o_sakip_signing_pages img.o_sakip_signing_page");
            await shot(kadis, "screenshot_signing_screen_phone.png");
            await kadis.click(".modal .modal-footer button[name=action_sign]");
            await kadis.waitForSelector("body:not(:has(.modal)) .o_form_view .o_form_statusbar");
            // The confirmation (with the signed PDF one tap away), then the agreement itself.
            await kadis.waitForSelector(".o_notification a[href^='/sakip/document/']");
            await shot(kadis, "screenshot_signed_confirmation_phone.png");
            await kadis.click(".o_notification .o_notification_close");
            await kadis.waitForSelector("body:not(:has(.o_notification))");
            await shot(kadis, "screenshot_agreement_signed_phone.png");
        } else {
            // Run again once signed: the shots that need step 11 are kept.
            console.log("no signature waits for kadis: home and signing shots kept");
        }
        // The run's timeline as cards.
        const [runId] = await kadis.evaluate(async () => {
            const response = await fetch("/web/dataset/call_kw/sakip.sop.run/search", {
                method: "POST",
                headers: {"Content-Type": "application/json"},
                body: JSON.stringify({
                    jsonrpc: "2.0",
                    params: {
                        model: "sakip.sop.run",
                        method: "search",
                        args: [[["state", "=", "running"]]],
                        kwargs: {order: "id desc", limit: 1},
                    },
                }),
            });
            return (await response.json()).result;
        });
        await kadis.goto(`${base}/odoo/action-sakip_penetapan_kinerja.action_sakip_sop_run/${runId}`);
        await kadis.waitForSelector(".o_form_view .o_field_widget[name=step_ids]");
        await settle(kadis);
        // Steps 11 (signed) and 12 (now in progress) at the top of the screen.
        await kadis
            .locator(".o_field_widget[name=step_ids] .o_kanban_record")
            .nth(10)
            .evaluate((card) => card.scrollIntoView({block: "start"}));
        await shot(kadis, "screenshot_run_timeline_phone.png");
        // The planner at the desktop.
        const planner = await session(browser, "perencana", DESKTOP);
        await planner.goto(base + HOME);
        await planner.waitForSelector(".o_sakip_my_work .o_sakip_work_item");
        await shot(planner, "screenshot_planner_home_desktop.png");
    } finally {
        await browser.close();
    }
})().catch((error) => {
    console.error(error);
    process.exit(1);
});
