// The ISMS part of the browser test (imported by ui.e2e.mjs, which owns the browser and the
// server): an auditor runs a self-inspection campaign from creation to roll-up, a member of
// staff answers it for 総務課 and reports an incident, the CISO triages and closes the
// incident, and the dashboard shows both. Users: kansa (auditor, 監査室), ciso (ciso,
// 情報政策課), and suzuki's page (staff, 総務課) from the main flow.

/**
 * @param {object} t  helpers of ui.e2e.mjs: newPage, login, enrol, shot, ok, LGWAN
 * @param {import('playwright-core').Page} staff  suzuki, logged in on LGWAN
 */
export async function ismsFlow(t, staff) {
  const { newPage, login, enrol, shot, ok, LGWAN } = t;

  // 1. The auditor builds a campaign from the pack's checklist for 総務課.
  const auditor = await newPage(LGWAN);
  await login(auditor, 'kansa');
  await enrol(auditor);
  await auditor.getByRole('link', { name: '台帳・記録', exact: true }).click();
  await auditor.getByLabel('台帳の種類').selectOption('campaign');
  await auditor.getByRole('button', { name: '自己点検・監査を登録する' }).click();
  await auditor.getByLabel('種別（必須）').selectOption('self-inspection');
  await auditor.getByLabel('件名（必須）').fill('令和8年度 情報セキュリティ自己点検');
  await auditor.getByLabel('回答期限（必須）').fill('2027-03-31');
  const items = auditor.getByRole('group', { name: '点検項目（必須）' }).getByRole('checkbox');
  for (let i = 0; i < 3; i += 1) await items.nth(i).check();
  await auditor.getByRole('group', { name: '対象部署（必須）' }).getByRole('checkbox', { name: '総務課' }).check();
  await auditor.getByLabel('状態（必須）').selectOption('open');
  await auditor.getByRole('button', { name: '登録する', exact: true }).click();
  await auditor.getByRole('heading', { name: /自己点検・監査: 令和8年度/ }).waitFor();
  const campaignUrl = auditor.url();
  ok('the auditor creates a self-inspection campaign from the requirement tree');

  // 2. 総務課 answers every item.
  await staff.getByRole('link', { name: 'ダッシュボード', exact: true }).click();
  await staff.getByRole('link', { name: '令和8年度 情報セキュリティ自己点検' }).click();
  const groups = staff.locator('fieldset.answer');
  await groups.first().waitFor();
  const count = await groups.count();
  for (let i = 0; i < count; i += 1) {
    const group = groups.nth(i);
    await group.getByRole('radio', { name: '実施', exact: true }).check();
    await group.getByRole('textbox').fill('規程に沿って実施');
    await group.getByRole('button').click();
    await staff.getByRole('status').filter({ hasText: '回答を保存しました' }).waitFor();
  }
  await staff.getByRole('table', { name: '部署別の結果' }).getByText('100%').waitFor();
  await shot(staff, 'isms-answers', true);
  ok(`the department answers all ${count} items of the checklist`);

  // 3. The same member of staff reports an incident.
  await staff.getByRole('link', { name: '台帳・記録', exact: true }).click();
  await staff.getByLabel('台帳の種類').selectOption('incident');
  await staff.getByRole('button', { name: 'インシデントを報告する' }).click();
  await staff.getByLabel('件名（必須）').fill('USB メモリの紛失');
  await staff.getByLabel('内容（必須）').fill('窓口で使用した USB メモリが見当たらない');
  await staff.getByRole('button', { name: '報告する', exact: true }).click();
  await staff.getByRole('heading', { name: /USB メモリの紛失/ }).waitFor();
  ok('a member of staff reports an incident');

  // 4. The CISO sees both on the dashboard, triages and closes the incident.
  const ciso = await newPage(LGWAN);
  await login(ciso, 'ciso');
  await enrol(ciso);
  await ciso.getByRole('link', { name: 'ダッシュボード', exact: true }).click();
  await ciso.getByRole('heading', { name: '対応中のインシデント（1 件）' }).waitFor();
  await ciso.getByText(`${count} / ${count} 回答`).waitFor();
  await shot(ciso, 'isms-dashboard', true);
  ok('the dashboard shows the open incident and the campaign progress');
  await ciso.getByRole('article', { name: /対応中のインシデント/ }).getByRole('link', { name: 'USB メモリの紛失' }).click();
  await ciso.getByLabel('種別').selectOption('triage');
  await ciso.getByLabel('レベル').selectOption({ index: 2 });
  await ciso.getByLabel('内容').fill('個人情報を含む可能性があり初動対応を開始');
  await ciso.getByRole('button', { name: '記録する' }).click();
  await ciso.getByText('初動対応中').first().waitFor();
  await ciso.getByLabel('種別').selectOption('close');
  await ciso.getByLabel('原因').fill('持ち出し手順の不徹底');
  await ciso.getByLabel('再発防止策').fill('USB メモリ貸出簿の導入');
  await ciso.getByLabel('内容').fill('庁舎内で発見、情報の流出なし');
  await ciso.getByRole('button', { name: '記録する' }).click();
  await ciso.getByText('終結', { exact: true }).first().waitFor();
  await shot(ciso, 'isms-incident', true);
  await ciso.getByRole('link', { name: 'ダッシュボード', exact: true }).click();
  await ciso.getByRole('heading', { name: '対応中のインシデント（0 件）' }).waitFor();
  ok('the CISO triages and closes the incident; the dashboard no longer lists it');

  // 5. The auditor sees the roll-up.
  await auditor.goto(campaignUrl);
  await auditor.reload();
  await auditor.getByRole('table', { name: '点検項目別の結果' }).waitFor();
  await auditor.getByRole('table', { name: '部署別の結果' }).getByRole('row', { name: /総務課/ }).getByText('100%').waitFor();
  await shot(auditor, 'isms-rollup', true);
  ok('the auditor reads the roll-up per department and per requirement');
}
