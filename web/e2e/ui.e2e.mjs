// Browser walk-through of the UI against a running `sanso serve` (not part of `npm test`).
// Setup (see the report in docs/web-ui.md): users tanaka, suzuki (staff), sato (staff, supervisor
// of 総務課), kanri (security-manager), passwords "Passw0rd-<login>-long", all in 総務課; listeners
// internet=SANSO_INET (default 127.0.0.1:18080) and lgwan=SANSO_LGWAN (127.0.0.1:18081), fresh data.
// Needs chromium (apt-get install chromium) and playwright-core installed outside web/:
//   mkdir /tmp/pw && cd /tmp/pw && npm install playwright-core && cp REPO/web/e2e/ui.e2e.mjs . && SANSO_EXAMPLES=REPO/examples/ node ui.e2e.mjs
import { chromium } from 'playwright-core';
import crypto from 'node:crypto';

const INET = process.env.SANSO_INET ?? 'http://127.0.0.1:18080/';
const LGWAN = process.env.SANSO_LGWAN ?? 'http://127.0.0.1:18081/';
const EX = process.env.SANSO_EXAMPLES ?? new URL('../../examples/', import.meta.url).pathname; // with trailing /
const results = [];
const ok = (name) => { results.push(['OK', name]); console.log('OK  ', name); };

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

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
async function newPage(base) {
  const ctx = await browser.newContext({ baseURL: base, acceptDownloads: true, locale: 'ja-JP' });
  const page = await ctx.newPage();
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') console.log('  [console]', m.type(), m.text()); });
  page.on('pageerror', (e) => console.log('  [pageerror]', e.message));
  return page;
}
async function login(page, user, pass) {
  await page.goto('/');
  await page.getByLabel('ログイン名').fill(user);
  await page.getByLabel('パスワード').fill(pass);
  await page.getByRole('button', { name: 'ログイン' }).click();
}
const pw = (u) => `Passw0rd-${u}-long`;

try {
  // 1. wrong password -> Japanese error
  let p = await newPage(INET);
  await login(p, 'tanaka', 'wrong-password');
  await p.getByRole('alert').filter({ hasText: 'ログイン名またはパスワードが違います' }).waitFor();
  ok('wrong password shows ログイン名またはパスワードが違います');

  // 2. staff on internet: login, top bar, send a docm to LGWAN
  await login(p, 'tanaka', pw('tanaka'));
  await p.getByRole('heading', { name: '受信箱' }).waitFor();
  await p.getByText('インターネット接続系', { exact: true }).first().waitFor();
  await p.getByText('田中太郎').waitFor();
  ok('login -> inbox, top bar shows name and zone');
  await p.screenshot({ path: '/tmp/ui/inbox.png', fullPage: true });
  await p.getByRole('link', { name: 'ファイルを送る' }).click();
  await p.getByLabel('送り先のネットワーク').selectOption('lgwan');
  await p.getByLabel('受信者のログイン名（複数の場合はカンマ区切り）').fill('suzuki');
  await p.getByLabel('機密性の区分').selectOption('2');
  await p.getByLabel('メモ（受信者・承認者に表示されます）').fill('会議の議事録です');
  await p.locator('#file').setInputFiles(EX + '議事録_マクロ付き.docm');
  await p.getByText('選んだファイル').waitFor();
  await p.screenshot({ path: '/tmp/ui/send.png', fullPage: true });
  await p.getByRole('button', { name: '送信する' }).click();
  await p.waitForURL(/#\/transfer\/\d+/);
  await p.getByText('受け取り可能', { exact: true }).first().waitFor({ timeout: 30000 });
  await p.getByText('マクロ（VBA）を削除しました').waitFor();
  ok('upload -> transfer page -> 受け取り可能 with マクロ（VBA）を削除しました');
  await p.screenshot({ path: '/tmp/ui/transfer.png', fullPage: true });
  const reportText = await p.locator('.report').innerText();
  console.log('  report:', reportText.replace(/\n/g, ' | '));

  // 3. more samples: pdf with JavaScript, csv with formulas
  for (const [file, expect] of [['報告書_JavaScript.pdf', 'JavaScript を削除しました'], ['名簿_数式注入.csv', '数式として実行されうるセルを無効化しました']]) {
    await p.goto('/#/send');
    await p.getByLabel('受信者のログイン名（複数の場合はカンマ区切り）').fill('suzuki');
    await p.locator('#file').setInputFiles(EX + file);
    await p.getByRole('button', { name: '送信する' }).click();
    await p.waitForURL(/#\/transfer\/\d+/);
    await p.locator('.status-box .badge').filter({ hasText: /受け取り可能|ブロック|承認待ち/ }).waitFor({ timeout: 30000 });
    const txt = (await p.locator('main').innerText()).replace(/\n/g, ' | ');
    if (txt.includes(expect)) ok(`${file}: ${expect}`); else console.log('MISS', file, txt.slice(0, 600));
  }
  await p.goto('/#/sent');
  await p.getByRole('heading', { name: '送信済み' }).waitFor();
  await p.locator('tbody tr').first().waitFor();
  ok(`sent list has ${await p.locator('tbody tr').count()} rows`);
  await p.screenshot({ path: '/tmp/ui/sent.png', fullPage: true });

  // 4. recipient on LGWAN: inbox + download
  let r = await newPage(LGWAN);
  await login(r, 'suzuki', pw('suzuki'));
  await r.getByRole('heading', { name: '受信箱' }).waitFor();
  await r.getByRole('link', { name: /議事録_マクロ付き.*ダウンロード/ }).waitFor();
  const [dl] = await Promise.all([r.waitForEvent('download'), r.getByRole('link', { name: /議事録_マクロ付き.*ダウンロード/ }).click()]);
  ok(`recipient downloads ${dl.suggestedFilename()}`);
  await r.screenshot({ path: '/tmp/ui/recipient-inbox.png', fullPage: true });

  // 5. LGWAN -> internet needs approval: tanaka sends on LGWAN, sato approves
  let s = await newPage(LGWAN);
  await login(s, 'tanaka', pw('tanaka'));
  await s.getByRole('heading', { name: '受信箱' }).waitFor();
  await s.goto('/#/send');
  await s.getByLabel('受信者のログイン名（複数の場合はカンマ区切り）').fill('suzuki');
  await s.locator('#file').setInputFiles({ name: 'お知らせ.txt', mimeType: 'text/plain', buffer: Buffer.from('住民説明会のお知らせ\n日時: 12月1日\n') });
  await s.getByRole('button', { name: '送信する' }).click();
  await s.waitForURL(/#\/transfer\/\d+/);
  await s.locator('.status-box .badge').filter({ hasText: /承認待ち|ブロック|受け取り可能/ }).waitFor({ timeout: 30000 });
  console.log('  LGWAN->internet state:', await s.locator('.status-box .badge').innerText());
  // a file with a My Number-like digit string
  await s.goto('/#/send');
  await s.getByLabel('受信者のログイン名（複数の場合はカンマ区切り）').fill('suzuki');
  await s.locator('#file').setInputFiles({ name: '名簿.txt', mimeType: 'text/plain', buffer: Buffer.from('氏名: 山田\n個人番号: 1234 5678 9018\n') });
  await s.getByRole('button', { name: '送信する' }).click();
  await s.waitForURL(/#\/transfer\/\d+/);
  await s.locator('.status-box .badge').filter({ hasText: /承認待ち|ブロック|受け取り可能/ }).waitFor({ timeout: 30000 });
  console.log('  DLP transfer:', (await s.locator('main').innerText()).replace(/\n/g, ' | ').slice(0, 900));
  await s.screenshot({ path: '/tmp/ui/dlp-transfer.png', fullPage: true });

  let a = await newPage(LGWAN);
  await login(a, 'sato', pw('sato'));
  await a.getByRole('heading', { name: '受信箱' }).waitFor();
  await a.getByRole('link', { name: '承認' }).click();
  await a.getByRole('heading', { name: '承認' }).waitFor();
  const n = await a.getByRole('link', { name: '内容を確認する' }).count();
  ok(`supervisor sees ${n} pending approvals`);
  if (n > 0) {
    await a.getByRole('link', { name: '内容を確認する' }).first().click();
    await a.getByRole('button', { name: '却下する' }).waitFor();
    await a.screenshot({ path: '/tmp/ui/approve.png', fullPage: true });
    await a.getByRole('button', { name: '却下する' }).click();
    await a.getByText('却下する場合は、理由をコメントに入力してください').waitFor();
    ok('reject without comment is refused in Japanese');
    await a.getByRole('button', { name: '承認する' }).click();
    await a.getByText('承認しました').waitFor();
    ok('approve works');
  }

  // 6. TOTP enrolment for a security manager (admin role)
  let k = await newPage(INET);
  await login(k, 'kanri', pw('kanri'));
  await k.getByRole('heading', { name: '二要素認証の登録' }).waitFor();
  await k.getByRole('img', { name: /QR コード/ }).waitFor();
  const loaded = await k.getByRole('img', { name: /QR コード/ }).evaluate((img) => img.complete && img.naturalWidth > 0);
  const secret = (await k.locator('code.secret').innerText()).trim();
  ok(`enrolment page: QR image loaded=${loaded}, secret shown (${secret.length} chars)`);
  await k.screenshot({ path: '/tmp/ui/totp.png', fullPage: true });
  await k.getByLabel('認証アプリに表示された6桁の数字').fill(totp(secret));
  await k.getByRole('button', { name: '登録する' }).click();
  await k.getByText('回復コードを必ず控えてください').waitFor();
  const codes = await k.locator('.codes li').allInnerTexts();
  ok(`recovery codes shown: ${codes.length}`);
  await k.screenshot({ path: '/tmp/ui/recovery.png', fullPage: true });
  await k.getByLabel('回復コードを控えました').check();
  await k.getByRole('button', { name: '利用を始める' }).click();
  await k.getByRole('heading', { name: '受信箱' }).waitFor();
  await k.getByRole('button', { name: 'ログアウト' }).click();
  await k.getByRole('heading', { name: 'ログイン' }).waitFor();
  ok('logout -> login page');
  // login again: totp-required -> code field, with a recovery code
  await login(k, 'kanri', pw('kanri'));
  await k.getByLabel(/確認コード/).waitFor();
  await k.getByLabel(/確認コード/).fill(codes[0]);
  await k.getByRole('button', { name: 'ログイン' }).click();
  await k.getByRole('heading', { name: '受信箱' }).waitFor();
  ok('login with totp-required -> recovery code accepted');

  // 7. unknown transfer id -> not-found message
  await k.goto('/#/transfer/999999');
  await k.getByText('見つかりません（権限がない場合も含みます）').waitFor();
  ok('not-found shown in Japanese');
} catch (e) {
  console.log('FAIL', e.message.split('\n').slice(0, 8).join('\n'));
  process.exitCode = 1;
} finally {
  await browser.close();
}
console.log(`${results.length} checks passed`);
