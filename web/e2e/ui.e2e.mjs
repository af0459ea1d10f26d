// Browser end-to-end test of the web UI: Debian's chromium (headless) driven by playwright-core.
// Run by tests/e2e/run_ui_e2e.sh (ctest `ui_e2e`, label e2e), which starts `sanso serve` on free
// loopback ports with a fresh data directory and these users (all with SANSO_E2E_PASSWORD):
//   yamada  staff, 総務課: sends a docm on the Internet listener, receives the export there
//   suzuki  staff, 総務課: receives the sanitized docx on LGWAN, sends it back out (export)
//   sato    staff, supervisor of 総務課: approves the export on LGWAN
//   kanri   security-manager (admin role: TOTP enrolment), 情報政策課: reads the policy view,
//           makes yamada a substitute approver of 総務課
//   kansa   auditor, 監査室, and ciso, 情報政策課: the ISMS flow (isms.e2e.mjs)
// Environment: SANSO_INET, SANSO_LGWAN (listener URLs with a trailing /), SANSO_E2E_PASSWORD,
// SANSO_E2E_DOCM (the fixture), SANSO_E2E_ZIP_PASSWORD (of the PPAP zip the runner had
// sanso milter hold for suzuki), SANSO_E2E_OUT (downloads are saved there as import.docx and
// export.docx for the runner's independent check), SANSO_E2E_SCREENSHOTS (optional: PNGs of
// the main pages), SANSO_E2E_CHROMIUM (default /usr/bin/chromium).
import { chromium } from 'playwright-core';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ismsFlow } from './isms.e2e.mjs';

const env = (name, fallback) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is not set (run tests/e2e/run_ui_e2e.sh)`);
  return value;
};
const INET = env('SANSO_INET');
const LGWAN = env('SANSO_LGWAN');
const PASSWORD = env('SANSO_E2E_PASSWORD');
const DOCM = env('SANSO_E2E_DOCM');
const OUT = env('SANSO_E2E_OUT');
const SHOTS = process.env.SANSO_E2E_SCREENSHOTS ?? '';
const CHROMIUM = env('SANSO_E2E_CHROMIUM', '/usr/bin/chromium');
const ZIP_PASSWORD = env('SANSO_E2E_ZIP_PASSWORD');
const DOCM_NAME = '防災訓練_実施要領.docm';
const DOCX_NAME = '防災訓練_実施要領.docx';

let passed = 0;
const ok = (name) => {
  passed += 1;
  console.log('OK  ', name);
};
const pageErrors = [];

// RFC 6238 code (SHA-1, 30 s, 6 digits) of a base32 secret, as an authenticator app shows it.
function totp(secretB32) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secretB32.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30000)));
  const h = crypto.createHmac('sha1', key).update(counter).digest();
  const o = h[h.length - 1] & 15;
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1000000).padStart(6, '0');
}

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });

// A fresh browser context (own cookies) on one listener.
async function newPage(base) {
  const ctx = await browser.newContext({
    baseURL: base,
    acceptDownloads: true,
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    viewport: { width: 1280, height: 800 },
  });
  const page = await ctx.newPage();
  page.setDefaultTimeout(20000);
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    // 401s are expected: the UI asks GET /api/v1/me before anyone has logged in.
    if (m.type() === 'error' && !m.text().includes('status of 401')) console.log('  [console]', m.text());
  });
  return page;
}

// A PNG of the page in SANSO_E2E_SCREENSHOTS, when set.
async function shot(page, name, fullPage = false) {
  if (!SHOTS) return;
  // From the top of the page (focus moves to <main> on navigation, which scrolls the top bar away).
  await page.evaluate(() => {
    if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
    window.scrollTo(0, 0);
  });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage });
}

async function login(page, user) {
  await page.goto('/');
  await page.getByLabel('ログイン名').fill(user);
  await page.getByLabel('パスワード').fill(PASSWORD);
  await page.getByRole('button', { name: 'ログイン' }).click();
}

async function send(page, { to, recipient, level, note, file }) {
  await page.getByRole('link', { name: 'ファイルを送る', exact: true }).click();
  await page.getByLabel('送り先のネットワーク').selectOption(to);
  await page.getByLabel('受信者のログイン名（複数の場合はカンマ区切り）').fill(recipient);
  await page.getByLabel('機密性の区分').selectOption(level);
  await page.getByLabel('メモ（受信者・承認者に表示されます）').fill(note);
  await page.locator('#file').setInputFiles(file);
  await page.getByText('選んだファイル').waitFor();
}

// The TOTP enrolment an administrative role goes through at its first login.
async function enrol(page) {
  await page.getByRole('heading', { name: '二要素認証の登録' }).waitFor();
  const secret = (await page.locator('code.secret').innerText()).trim();
  await page.getByLabel('認証アプリに表示された6桁の数字').fill(totp(secret));
  await page.getByRole('button', { name: '登録する' }).click();
  await page.getByText('回復コードを必ず控えてください').waitFor();
  await page.getByLabel('回復コードを控えました').check();
  await page.getByRole('button', { name: '利用を始める' }).click();
  await page.getByRole('heading', { name: '受信箱' }).waitFor();
}

// Saves the download that clicking the inbox's link for `name` starts; returns its file name.
async function download(page, name, target) {
  const link = page.getByRole('link', { name: `${name} をダウンロード` });
  const [dl] = await Promise.all([page.waitForEvent('download'), link.click()]);
  await dl.saveAs(target);
  return dl.suggestedFilename();
}

try {
  // 1. The sender on the Internet listener sends a docm to LGWAN.
  const sender = await newPage(INET);
  await sender.goto('/');
  await sender.getByRole('heading', { name: 'ログイン' }).waitFor();
  await shot(sender, 'login');
  await login(sender, 'yamada');
  await sender.getByRole('heading', { name: '受信箱' }).waitFor();
  await sender.getByText('インターネット接続系', { exact: true }).first().waitFor();
  await sender.getByText('山田 太郎').waitFor();
  ok('sender logs in on the Internet listener; the top bar shows the name and the zone');

  await send(sender, {
    to: 'lgwan',
    recipient: 'suzuki',
    level: '2',
    note: '防災訓練の実施要領です',
    file: { name: DOCM_NAME, mimeType: 'application/octet-stream', buffer: fs.readFileSync(DOCM) },
  });
  const levels = await sender.getByLabel('機密性の区分').locator('option').allInnerTexts();
  if (levels.join(',') !== '機密性3A,機密性3B,機密性3C,機密性2,機密性1') throw new Error(`levels: ${levels}`);
  await sender.getByText('無害化したファイルだけが届きます').waitFor();
  ok(`the send form offers the pack's levels (${levels.join(' ')}) and the flow's conditions`);
  await shot(sender, 'send', true);
  await sender.getByRole('button', { name: '送信する' }).click();
  await sender.waitForURL(/#\/transfer\/\d+/);
  await sender.locator('.status-box .badge').filter({ hasText: '受け取り可能' }).waitFor({ timeout: 40000 });
  await sender.getByText('マクロ（VBA）を削除しました').waitFor();
  await sender.locator('.timeline li').first().waitFor();
  ok('upload -> 無害化 -> 受け取り可能, the report says マクロ（VBA）を削除しました');
  await shot(sender, 'transfer', true);
  await sender.getByRole('link', { name: '送信済み', exact: true }).click();
  await sender.getByRole('link', { name: DOCM_NAME }).waitFor();
  await shot(sender, 'sent');

  // 2. The recipient on the LGWAN listener downloads the sanitized docx.
  const recipient = await newPage(LGWAN);
  await login(recipient, 'suzuki');
  await recipient.getByRole('heading', { name: '受信箱' }).waitFor();
  await recipient.getByText('LGWAN接続系', { exact: true }).first().waitFor();
  await recipient.getByRole('link', { name: `${DOCX_NAME} をダウンロード` }).waitFor();
  await shot(recipient, 'inbox');
  const imported = await download(recipient, DOCX_NAME, path.join(OUT, 'import.docx'));
  if (imported !== DOCX_NAME) throw new Error(`downloaded as ${imported}`);
  ok(`recipient on LGWAN downloads ${imported}`);

  // 2b. A mail with a password-protected zip (PPAP) that sanso milter held for suzuki: a wrong
  // password is refused with the tries left, the right one delivers the sanitized zip.
  await recipient.getByRole('link', { name: '保留メール', exact: true }).click();
  await recipient.getByRole('heading', { name: '見積書送付' }).waitFor();
  await recipient.getByText('パスワード待ち').waitFor();
  const pw = recipient.getByLabel('パスワード（別のメールで届いたもの）');
  await pw.fill('not-the-password');
  await recipient.getByRole('button', { name: '無害化して受け取る' }).click();
  await recipient.getByText(/パスワードが違います（あと4回）/).waitFor();
  await pw.fill(ZIP_PASSWORD);
  await recipient.getByRole('button', { name: '無害化して受け取る' }).click();
  await recipient.getByText(/無害化しました。受信箱に届きます/).waitFor();
  await recipient.getByText('受け渡し済み').waitFor();
  await shot(recipient, 'mail');
  await recipient.getByRole('link', { name: '受信箱', exact: true }).click();
  const zipLink = recipient.getByRole('link', { name: '見積書.zip をダウンロード' });
  for (let i = 0; i < 40 && !(await zipLink.count()); i += 1) {
    await recipient.waitForTimeout(500);
    await recipient.getByRole('button', { name: '最新の情報に更新' }).click();
  }
  const zipName = await download(recipient, '見積書.zip', path.join(OUT, 'ppap.zip'));
  if (zipName !== '見積書.zip') throw new Error(`downloaded as ${zipName}`);
  ok('the recipient gives the PPAP password on 保留メール and downloads the sanitized zip');

  // 3. Export: the recipient sends the docx to the Internet tier; it waits for approval.
  await send(recipient, {
    to: 'internet',
    recipient: 'yamada',
    level: '2',
    note: '確認をお願いします',
    file: { name: DOCX_NAME, mimeType: 'application/octet-stream', buffer: fs.readFileSync(path.join(OUT, 'import.docx')) },
  });
  await recipient.getByText('所属長の承認が必要です').waitFor();
  await recipient.getByRole('button', { name: '送信する' }).click();
  await recipient.waitForURL(/#\/transfer\/\d+/);
  await recipient.locator('.status-box .badge').filter({ hasText: '承認待ち' }).waitFor({ timeout: 40000 });
  ok('export LGWAN -> Internet waits for approval (承認待ち)');

  // 4. The supervisor approves it on LGWAN.
  const supervisor = await newPage(LGWAN);
  await login(supervisor, 'sato');
  await supervisor.getByRole('heading', { name: '受信箱' }).waitFor();
  await supervisor.getByRole('link', { name: '承認', exact: true }).click();
  await supervisor.getByRole('heading', { name: '承認', exact: true }).waitFor();
  await supervisor.getByRole('link', { name: '内容を確認する' }).first().waitFor();
  await shot(supervisor, 'approvals');
  await supervisor.getByRole('link', { name: '内容を確認する' }).first().click();
  await supervisor.getByRole('button', { name: '承認する' }).waitFor();
  await supervisor.getByText(DOCX_NAME).first().waitFor();
  await shot(supervisor, 'approve', true);
  await supervisor.getByRole('button', { name: '承認する' }).click();
  await supervisor.getByText('承認しました').waitFor();
  ok('the supervisor approves the export');

  // 5. The addressee on the Internet listener downloads it.
  await sender.getByRole('link', { name: '受信箱', exact: true }).click();
  await sender.getByRole('button', { name: '最新の情報に更新' }).click();
  await sender.getByRole('link', { name: `${DOCX_NAME} をダウンロード` }).waitFor();
  const exported = await download(sender, DOCX_NAME, path.join(OUT, 'export.docx'));
  ok(`the addressee on the Internet listener downloads ${exported}`);

  // 6. A security manager (admin role) enrols TOTP, then reads the policy view.
  const manager = await newPage(LGWAN);
  await login(manager, 'kanri');
  await manager.getByRole('heading', { name: '二要素認証の登録' }).waitFor();
  await shot(manager, 'totp');
  await enrol(manager);
  ok('the security manager enrols TOTP at the first login');
  await manager.getByRole('link', { name: 'ポリシー', exact: true }).click();
  await manager.getByRole('heading', { name: 'ネットワーク間の受け渡し' }).waitFor();
  await manager.getByRole('rowheader', { name: 'インターネット接続系 → LGWAN接続系' }).waitFor();
  await manager.getByText('機密性3A', { exact: true }).waitFor();
  ok('the policy view lists the pack’s zones, flows and levels');
  await shot(manager, 'policy');

  // 7. The security manager makes yamada a substitute approver (代理承認者) of 総務課.
  await manager.getByRole('link', { name: '所属', exact: true }).click();
  await manager.getByRole('button', { name: '総務課 の所属長と代理承認者を設定する' }).click();
  await manager.getByLabel('代理承認者にする人').selectOption('yamada');
  await manager.getByLabel('終了日（この日を含みます。空欄なら期限なし）').fill('2099-12-31');
  await manager.getByRole('button', { name: '代理承認者を追加する' }).click();
  await manager.getByRole('status').filter({ hasText: '代理承認者にしました' }).waitFor();
  await manager.getByRole('rowheader', { name: '山田 太郎（yamada）' }).waitFor();
  await manager.getByText('〜 2099/12/31').first().waitFor();
  ok('the security manager adds a substitute approver on the departments page');
  await shot(manager, 'departments', true);

  // 8. The ISMS: a self-inspection campaign, an incident, the dashboard.
  await ismsFlow({ newPage, login, enrol, shot, ok, LGWAN }, recipient);

  if (pageErrors.length > 0) throw new Error(`errors in the page: ${pageErrors.join(' | ')}`);
} catch (e) {
  console.log('FAIL', String(e.message ?? e).split('\n').slice(0, 8).join('\n'));
  for (const ctx of browser.contexts()) {
    for (const page of ctx.pages()) {
      const text = await page.locator('main').innerText().catch(() => '');
      console.log(`  page ${page.url()}: ${text.replace(/\n/g, ' | ').slice(0, 400)}`);
    }
  }
  process.exitCode = 1;
} finally {
  await browser.close();
}
console.log(`${passed} checks passed`);
