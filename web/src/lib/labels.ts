// Japanese labels for states and API error slugs (docs/api.md, docs/gateway.md), and the
// policy pack's names of zones and roles.

export const STATE_LABELS: Record<string, string> = {
  created: '作成済み',
  uploaded: 'アップロード済み',
  sanitizing: '無害化中',
  awaiting_approval: '承認待ち',
  available: '受け取り可能',
  expired: '期限切れ',
  purged: '削除済み',
  blocked: 'ブロック',
  rejected: '却下',
};

export const STATE_HELP: Record<string, string> = {
  created: 'ファイルはまだ届いていません。',
  uploaded: 'ファイルを受け付けました。無害化の順番を待っています。',
  sanitizing: 'ファイルを無害化しています。しばらくお待ちください。',
  awaiting_approval: '所属長（または情報セキュリティ管理者）の承認を待っています。',
  available: '受信者がダウンロードできます。',
  expired: '保存期間が過ぎたか、ダウンロード回数の上限に達しました。',
  purged: '保存期間が過ぎたため、ファイルは削除されました。',
  blocked: '安全に送れないため止めました。理由を確認してください。',
  rejected: '承認者が却下しました。コメントを確認してください。',
};

export function stateLabel(state: string): string {
  return STATE_LABELS[state] ?? state;
}

// Zone and role names come from the loaded policy pack (GET /api/v1/policy): usePackNames()
// is called once the pack is loaded, before any page that shows them is drawn.
const zoneNames = new Map<string, string>();
const roleNames = new Map<string, string>();

/** Takes the zone and role names of the loaded policy pack. */
export function usePackNames(zones: { id: string; name: string }[], roles: { id: string; name: string }[]): void {
  zoneNames.clear();
  roleNames.clear();
  for (const z of zones) zoneNames.set(z.id, z.name);
  for (const r of roles) roleNames.set(r.id, r.name);
}

/** The pack's name of `zone`, or the id itself when the pack does not name it. */
export function zoneLabel(zone: string): string {
  return zoneNames.get(zone) ?? zone;
}

/** The pack's name of `role`, or the id itself when the pack does not name it. */
export function roleLabel(role: string): string {
  return roleNames.get(role) ?? role;
}

export const ERROR_MESSAGES: Record<string, string> = {
  'bad-credentials': 'ログイン名またはパスワードが違います',
  locked: 'ログインに続けて失敗したため一時的にロックされています。しばらく待ってからやり直してください',
  disabled: 'このアカウントは利用停止されています。管理者に連絡してください',
  csrf: '画面の情報が古くなっています。ページを再読み込みしてからやり直してください',
  'no-session': 'ログインしていないか、一定時間操作がなかったためログアウトしました',
  'totp-required': '確認コード（6桁）を入力してください',
  'totp-wrong': '確認コードが違います',
  'totp-replayed': 'この確認コードは使用済みです。次のコードが表示されるまで待ってください',
  'mfa-pending': '二要素認証の登録を完了してください',
  'password-change-required': '管理者がパスワードを再設定しました。先にご自分でパスワードを変更してください',
  'not-found': '見つかりません（権限がない場合も含みます）',
  forbidden: 'この操作を行う権限がありません',
  'body-too-large': 'ファイルが大きすぎます',
  'header-too-large': '要求が大きすぎます',
  'body-not-allowed': '要求の形式が正しくありません',
  'method-not-allowed': '要求の形式が正しくありません',
  'invalid-argument': '入力内容に誤りがあります',
  'bad-request': '要求の形式が正しくありません',
  'policy-denied': 'このネットワーク間の送信はポリシーで認められていません',
  'internal-error': 'サーバーで問題が発生しました。時間をおいてやり直し、続く場合は管理者に連絡してください',
  network: 'サーバーに接続できません。ネットワークを確認してください',
  'password-rules': 'パスワードは12文字以上（256バイトまで）にしてください。改行などの制御文字は使えません',
  'password-unchanged': '新しいパスワードが今のパスワードと同じです',
  'wrong-password': '今のパスワードが違います',
  'self-password': '自分のパスワードは「パスワード変更」の画面で変更してください',
  'unknown-login': 'そのログイン名の利用者はいません',
  'user-disabled': '無効にした利用者は所属長や代理承認者にできません',
  'bad-date': '日付が正しくありません（実在する1970年以降の日付を指定してください）',
  'period-reversed': '終了日が開始日より前になっています',
  'not-a-substitute': 'その利用者はこの所属の代理承認者ではありません',
  'too-many-substitutes': '1つの所属に置ける代理承認者は50人までです',
};

export function errorMessage(slug: string): string {
  return ERROR_MESSAGES[slug] ?? `エラーが発生しました（${slug}）`;
}

export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '';
  if (n < 1024) return `${n} バイト`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(2)} GB`;
}

export function formatTime(unixSeconds: number): string {
  if (!unixSeconds) return '—';
  const d = new Date(unixSeconds * 1000);
  const p = (x: number) => String(x).padStart(2, '0');
  return `${d.getFullYear()}/${p(d.getMonth() + 1)}/${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
