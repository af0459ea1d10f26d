// Held mail (sanso milter): the API calls and the words the 保留メール page uses. The server
// decides who sees what; recipients see their own inbound mail, security managers everything.
import { ApiError, postForFile, request } from './api';

export interface HeldFile {
  index: number;
  name: string;
  type: string;
  size: number;
  sha256: string;
  state: 'held' | 'opened' | 'locked' | 'blocked' | 'purged';
  attempts: number;
  attempts_left: number;
  transfer_id: number;
  reason: string;
}

export interface MailHold {
  reference: string;
  direction: 'inbound' | 'outbound';
  state: 'kept' | 'purged' | 'held' | 'released' | 'discarded';
  message_id: string;
  queue_id: string;
  sender: string;
  recipients: string[];
  subject: string;
  reason: string;
  from_zone: string;
  to_zone: string;
  received_at: number;
  original_size: number;
  original_kept: boolean;
  files: HeldFile[];
  decided_by: number;
  decision_comment: string;
  decided_at: number;
}

const HOLD_STATES: Record<string, string> = {
  kept: '原本を保管中',
  purged: '保存期間が過ぎ削除済み',
  held: '送信を保留中',
  released: '送信済み（解放）',
  discarded: '破棄済み',
};
const FILE_STATES: Record<string, string> = {
  held: 'パスワード待ち',
  opened: '受け渡し済み',
  locked: 'パスワードの誤りが多すぎるため保護',
  blocked: '無害化できませんでした',
  purged: '保存期間が過ぎ削除済み',
};

export const holdStateLabel = (state: string) => HOLD_STATES[state] ?? state;
export const fileStateLabel = (state: string) => FILE_STATES[state] ?? state;

/** The server's own Japanese text for the mail-hold refusals, else the usual message. */
export function holdError(e: unknown): string {
  if (e instanceof ApiError) {
    if (['wrong-password', 'locked', 'not-held', 'sanitize-failed', 'original-purged'].includes(e.slug) && e.detail) {
      return e.detail;
    }
    if (e.slug === 'no-mail-queue') return 'メールサーバーの保留キューが設定されていません（管理者に連絡してください）';
    return e.message;
  }
  return 'エラーが発生しました';
}

/** Envelope addresses without their angle brackets, for display. */
export function bareAddress(path: string): string {
  return path.replace(/^<(.*)>$/, '$1');
}

export const mailApi = {
  holds: () => request<{ holds: MailHold[] }>('GET', '/api/v1/mail-holds'),
  givePassword: (reference: string, index: number, password: string) =>
    request<{ transfer: { id: number; state: string } }>('POST', '/api/v1/mail-holds/password', {
      reference,
      index,
      password,
    }),
  release: (reference: string, comment: string) =>
    request<{ state: string }>('POST', '/api/v1/mail-holds/release', { reference, comment }),
  discard: (reference: string, comment: string) =>
    request<{ state: string }>('POST', '/api/v1/mail-holds/discard', { reference, comment }),
};

/** The original message of `reference` (security managers): POST with a reason, answer the file. */
export function releaseMailOriginal(reference: string, reason: string): Promise<{ blob: Blob; name: string }> {
  return postForFile('/api/v1/mail-holds/original', { reference, reason });
}
