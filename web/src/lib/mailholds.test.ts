import { describe, expect, it } from 'vitest';
import { ApiError } from './api';
import { bareAddress, fileStateLabel, holdError, holdStateLabel } from './mailholds';

describe('mail holds', () => {
  it('names every state in Japanese and keeps unknown ones visible', () => {
    for (const s of ['kept', 'purged', 'held', 'released', 'discarded']) {
      expect(holdStateLabel(s)).not.toBe(s);
    }
    for (const s of ['held', 'opened', 'locked', 'blocked', 'purged']) {
      expect(fileStateLabel(s)).not.toBe(s);
    }
    expect(holdStateLabel('new-state')).toBe('new-state');
  });

  it("shows the server's Japanese reason for a refused password, not the login wording", () => {
    const wrong = new ApiError(400, 'wrong-password', 'パスワードが違います（あと4回）。');
    expect(holdError(wrong)).toBe('パスワードが違います（あと4回）。');
    expect(holdError(new ApiError(400, 'no-mail-queue', 'x'))).toContain('保留キュー');
    expect(holdError(new ApiError(404, 'not-found', ''))).toContain('見つかりません');
  });

  it('strips the angle brackets of envelope addresses', () => {
    expect(bareAddress('<staff@city.example.jp>')).toBe('staff@city.example.jp');
    expect(bareAddress('plain@example.jp')).toBe('plain@example.jp');
  });
});
