// Who sees the administration pages, and the words the audit page uses. The server decides
// access (403 otherwise); these only keep the menu honest.
import type { AuditVerify } from './api';

/** Roles that read and verify the audit log (AuditApiConfig::reader_roles). */
export const AUDIT_ROLES = ['security-manager', 'auditor'];
/** Roles that manage users and departments (AdminApiConfig::admin_roles). */
export const ADMIN_ROLES = ['security-manager'];

export const canReadAudit = (role: string) => AUDIT_ROLES.includes(role);
export const canAdminister = (role: string) => ADMIN_ROLES.includes(role);

const ACTIONS: Record<string, string> = {
  'login.success': 'ログイン',
  'login.failure': 'ログイン失敗',
  logout: 'ログアウト',
  'totp.enrol': '二要素認証の登録',
  'user.create': '利用者の追加',
  'user.disable': '利用者の無効化',
  'user.enable': '利用者の有効化',
  'user.totp_reset': '二要素認証のリセット',
  'user.passwd': 'パスワードの変更',
  'user.passwd_failure': 'パスワード変更の失敗（今のパスワードが違う）',
  'user.supervisor': '所属長の設定',
  'dept.supervisor_clear': '所属長の解除',
  'dept.substitute_add': '代理承認者の追加',
  'dept.substitute_remove': '代理承認者の解除',
  'transfer.create': '送信の作成',
  'transfer.upload': 'ファイルの受け付け',
  'transfer.sanitize': '無害化',
  'transfer.dlp': '情報漏えい検査',
  'transfer.expire': '期限切れ',
  'transfer.purge': '削除',
  'transfer.recover': '再起動後の再開',
  'transfer.decision': 'ポリシーの判断',
  'transfer.approve': '承認',
  'transfer.reject': '却下',
  'transfer.download': 'ダウンロード',
  'transfer.release': '元のファイルの取り出し',
  'mail.inbound': 'メールの受信（無害化）',
  'mail.outbound': 'メールの送信（DLP）',
  'mail.hold': 'メールの保管',
  'mail.intake_bad': '読めないメール保管記録',
  'mail.password_wrong': '保留ファイルのパスワード誤り',
  'mail.held_blocked': '保留ファイルを無害化できず',
  'mail.held_opened': '保留ファイルの受け渡し',
  'mail.original_release': 'メール原本の取り出し',
  'mail.outbound_release': '保留した送信メールの解放',
  'mail.outbound_discard': '保留した送信メールの破棄',
  'icap.respmod': 'Web ダウンロードの無害化',
  'zones.verify': 'ネットワーク分離（firewall）の検証',
};

/** The Japanese name of an audit action, or the action itself when unknown. */
export function actionLabel(action: string): string {
  return ACTIONS[action] ?? action;
}

const PROBLEMS: Record<string, string> = {
  edited: '記録が書き換えられています',
  removed: '記録が削除されています',
  reordered: '記録の順序が入れ替えられています',
  'checkpoint-invalid': 'チェックポイントの署名が正しくありません',
  'checkpoint-mismatch': 'チェックポイントが記録と一致しません',
};

/** The badge text and a sentence for a verification result. */
export function verifySummary(v: AuditVerify): { ok: boolean; badge: string; text: string } {
  if (v.ok) {
    const cp = v.last_checkpoint ? `署名付きチェックポイント ${v.checkpoints} 件（最新は記録 ${v.last_checkpoint.seq}）` : '署名付きチェックポイントはまだありません';
    return { ok: true, badge: '検証済み', text: `全 ${v.records} 件の記録の連鎖を確認しました。${cp}。` };
  }
  const p = v.problem;
  const what = p ? (PROBLEMS[p.kind] ?? p.kind) : '不明な問題';
  return {
    ok: false,
    badge: '改ざん検知',
    text: `記録 ${p?.seq ?? '?'} で検出: ${what}（記録 ${v.verified} までは正常）。`,
  };
}

/** The period of a substitute approver in words: "2026/05/01 〜 2026/05/07", "期限なし". */
export function periodLabel(from: string, until: string): string {
  const day = (d: string) => d.replaceAll('-', '/');
  if (!from && !until) return '期限なし';
  return `${from ? day(from) : ''} 〜 ${until ? day(until) : ''}`;
}

/** A problem with a new password before it is sent (the server checks the same), or ''. */
export function newPasswordProblem(next: string, repeated: string): string {
  if (new TextEncoder().encode(next).length < 12) return '新しいパスワードは12文字以上にしてください';
  if (new TextEncoder().encode(next).length > 256) return '新しいパスワードが長すぎます（256バイトまで）';
  if (next !== repeated) return '確認のために入力したパスワードが一致しません';
  return '';
}
