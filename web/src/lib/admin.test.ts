import { describe, expect, it } from 'vitest';
import { actionLabel, canAdminister, canReadAudit, verifySummary } from './admin';

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
});
