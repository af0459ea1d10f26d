import { describe, expect, it } from 'vitest';
import { actionLabel, canAdminister, canReadAudit, newPasswordProblem, periodLabel, verifySummary } from './admin';

describe('admin pages', () => {
  it('shows the audit log to security managers and auditors only', () => {
    expect(canReadAudit('auditor')).toBe(true);
    expect(canReadAudit('security-manager')).toBe(true);
    expect(canReadAudit('staff')).toBe(false);
    expect(canAdminister('auditor')).toBe(false);
    expect(canAdminister('security-manager')).toBe(true);
  });

  it('names actions in Japanese and keeps unknown ones', () => {
    expect(actionLabel('transfer.release')).toBe('元のファイルの取り出し');
    expect(actionLabel('something.new')).toBe('something.new');
  });

  it('summarizes a verification', () => {
    const ok = verifySummary({ ok: true, records: 12, verified: 12, checkpoints: 1,
      last_checkpoint: { seq: 10, time: '', hash: '' }, problem: null });
    expect(ok.badge).toBe('検証済み');
    expect(ok.text).toContain('12');
    const bad = verifySummary({ ok: false, records: 12, verified: 4, checkpoints: 0,
      last_checkpoint: null, problem: { kind: 'edited', seq: 5, message: '' } });
    expect(bad.ok).toBe(false);
    expect(bad.badge).toBe('改ざん検知');
    expect(bad.text).toContain('記録 5');
    expect(bad.text).toContain('書き換え');
  });

  it('words substitute periods in Japanese', () => {
    expect(periodLabel('', '')).toBe('期限なし');
    expect(periodLabel('2026-05-01', '2026-05-07')).toBe('2026/05/01 〜 2026/05/07');
    expect(periodLabel('', '2026-05-07')).toBe(' 〜 2026/05/07');
  });

  it('checks a new password as the server does', () => {
    expect(newPasswordProblem('short', 'short')).toContain('12文字以上');
    expect(newPasswordProblem('十二文字以上のパスワード', '十二文字以上のパスワード')).toBe('');
    expect(newPasswordProblem('a long enough one', 'a long enough 1')).toContain('一致しません');
    expect(newPasswordProblem('x'.repeat(257), 'x'.repeat(257))).toContain('長すぎます');
  });
});
